"""The database cache with an atomic ``incr``, for counters every worker shares when there is no Redis."""

from __future__ import annotations

from django.core.cache import cache
from django.core.cache.backends.db import DatabaseCache as _DatabaseCache
from django.db import connections, router, transaction


class DatabaseCache(_DatabaseCache):
    """Django's database cache, whose ``incr`` is a read and a write: here both happen under a row lock.

    On PostgreSQL the row is locked with SELECT ... FOR UPDATE; on SQLite the transaction takes the write
    lock up front (``transaction_mode`` IMMEDIATE in settings), so concurrent increments queue.
    """

    def incr(self, key, delta=1, version=None):
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        cache_key = self.make_and_validate_key(key, version=version)
        with transaction.atomic(using=db):
            if connection.features.has_select_for_update:
                table = connection.ops.quote_name(self._table)
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT cache_key FROM {table} WHERE cache_key = %s FOR UPDATE",
                        [cache_key],
                    )
            return super().incr(key, delta, version)


def count_hit(key: str, window: int) -> int:
    """Add one to a counter that lives for the window from its first hit, atomically; the new value."""
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)
        return 1
