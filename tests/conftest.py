"""The fixtures every test package shares live in tests/support/fixtures.py (and the staff
console's in tests/support/console.py); importing them here makes pytest offer them to every test."""

from tests.support.console import console_stores
from tests.support.fixtures import (
    assistant,
    chat,
    dispatcher,
    postgres_url,
    storage_servers,
    store_url,
    tracker_key,
)

__all__ = ["assistant", "chat", "console_stores", "dispatcher", "postgres_url", "storage_servers", "store_url",
           "tracker_key"]
