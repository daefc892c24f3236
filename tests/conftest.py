"""The fixtures every test package shares live in tests/support/fixtures.py; importing them
here makes pytest offer them to every test."""

from tests.support.fixtures import assistant, chat, dispatcher, postgres_url, storage_servers, tracker_key

__all__ = ["assistant", "chat", "dispatcher", "postgres_url", "storage_servers", "tracker_key"]
