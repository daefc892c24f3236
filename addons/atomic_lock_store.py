"""Rasa's RedisLockStore with every change to a lock made atomic, for several Rasa servers.

Rasa Open Source's RedisLockStore reads a conversation's ticket lock, changes it in Python and
writes it back. Two Rasa servers that get a turn of the same visitor at the same moment both
read the same lock, both take the same ticket and both run the turn; the SQL tracker store
then keeps only one of the two turns (found by tests/reliability/test_scaleout.py). A cleanup
can also delete a ticket another server has just taken, which fails that turn. Rasa Pro's
ConcurrentRedisLockStore fixes this; this class fixes it for Open Source with Redis
transactions (WATCH/MULTI/EXEC, through redis-py's `Redis.transaction()`): a change whose
lock was modified in between is retried.

The lock format, the key names and the waiting loop are Rasa's own, so it interoperates with
RedisLockStore and can be swapped back by changing `type:` in the endpoints file:

    lock_store:
      type: addons.atomic_lock_store.AtomicRedisLockStore
      url: ...   (the same keys as `type: redis`)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

T = TypeVar("T")
# What a change returns: the lock to store (None: delete the key) and the caller's result.
Change = Callable[[TicketLock | None], tuple[TicketLock | None, T]]
MAX_ATTEMPTS = 1000  # each retry means another server changed the lock; this bounds a livelock


class AtomicRedisLockStore(RedisLockStore):
    """RedisLockStore whose ticket issue, update and cleanup are each one Redis transaction."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: object) -> None:
        # Rasa builds custom lock stores as `Class(endpoint_config=...)`; tests may pass keywords.
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url, **endpoint_config.kwargs}
        for number in ("port", "db"):  # environment variables arrive as text
            if isinstance(kwargs.get(number), str):
                kwargs[number] = int(kwargs[number])  # type: ignore[arg-type]
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def _transact(self, conversation_id: str, change: Change[T]) -> T:
        """Apply `change` to the conversation's lock in one Redis transaction; redis-py's
        `transaction()` watches the key and runs the change again when another server changed
        the lock in between."""
        key = self.key_prefix + conversation_id
        attempts = 0

        def apply(pipe: redis.client.Pipeline) -> T:
            nonlocal attempts
            attempts += 1
            if attempts > MAX_ATTEMPTS:
                raise LockError(f"The lock changed {MAX_ATTEMPTS} times while being updated.")
            raw = pipe.get(key)
            lock = TicketLock.from_dict(json.loads(raw)) if raw else None
            new_lock, result = change(lock)
            pipe.multi()
            if new_lock is None:
                if lock is not None:
                    pipe.delete(key)
            else:
                pipe.set(key, new_lock.dumps())
            return result

        return self.red.transaction(apply, key, value_from_callable=True)

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def take(lock: TicketLock | None) -> tuple[TicketLock, int]:
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._transact(conversation_id, take)
        except redis.RedisError as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        def drop_expired(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._transact(conversation_id, drop_expired)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        def finish(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is not None:
                lock.remove_ticket_for(ticket_number)
            return lock, None

        self._transact(conversation_id, finish)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Give the ticket back, and delete the lock only if nobody took a ticket meanwhile."""

        def finish_and_maybe_delete(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is None:
                return None, None
            lock.remove_ticket_for(ticket_number)
            return (lock if lock.is_someone_waiting() else None), None

        self._transact(conversation_id, finish_and_maybe_delete)
