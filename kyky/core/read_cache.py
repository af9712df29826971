"""Answers to repeated reads, kept until anything they could show changes.

The busiest reads (the proposal list, a need's matches, the list page) are asked again and again with
nothing changed in between: a teacher paging back, a phone reloading, htmx swapping results. Each answer
costs a query with many joins and the shaping of every row; kept, it costs a dictionary lookup.

**Freshness.** Every kept answer carries the *data generation* it was built in: a random token in the shared
cache (Redis or the database cache, so every worker and process sees the same one). Any statement that
writes to a table other than the ones in :data:`UNRELATED_TABLES`, made through any Django connection in any
process (a request, a worker, a management command, ``QuerySet.update()``, raw SQL), gives the data a new
generation when its transaction commits (at once in autocommit). A kept answer of an older generation is
never served. So an answer is at most as old as the last commit, never older, whatever changed: an offer,
an organisation's name, a membership, a code list, the learned weights.

- The statement is seen by a database execute wrapper installed on every connection as it opens
  (:func:`watch_connection`), so no write path can forget to tell.
- A connection whose open transaction has written reads past the kept answers until it ends: what it sees is
  not yet what others see.
- If the shared cache cannot be read or written, nothing is kept or served: the answer is built afresh.

**The key** holds everything an answer depends on besides the data: the user (answers carry the caller's
``actions``, and visibility is per organisation and municipality), the active language, the whole path with
its query, the answer's format, and the local date (deadlines and "open" depend on the day). Kept answers
also expire after ``KYKY_READ_CACHE_SECONDS`` (60), for anything that depends on the time of day.

**Where kept.** In each process's own memory, least recently used first out, within
``KYKY_READ_CACHE_BYTES`` (32 MB; 0 turns the cache off). Only the generation is shared, so the cache is off
by default where the shared cache is each process's own memory (DEBUG without ``REDIS_URL``).
"""

from __future__ import annotations

import logging
import re
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.utils import timezone, translation

log = logging.getLogger(__name__)

GENERATION_KEY = "kyky:data-generation"

#: Tables whose writes change nothing a kept answer shows: sign-in sessions and tokens, the cache itself,
#: queued e-mails and tasks, the admin's own log. A write to any other table ends the generation.
UNRELATED_TABLES = frozenset(
    {
        "django_session",
        "accounts_apitoken",
        "core_email",
        "django_tasks_database_dbtaskresult",
        "django_admin_log",
    }
)

_WRITE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO|TRUNCATE(?:\s+TABLE)?)\s+"?(\w+)', re.I
)


def _unrelated() -> frozenset[str]:
    tables = set(UNRELATED_TABLES)
    for options in settings.CACHES.values():
        if options["BACKEND"].endswith("DatabaseCache"):
            tables.add(options["LOCATION"])
    return frozenset(tables)


# Generation


def generation() -> str | None:
    """The current data generation; None when the shared cache cannot say (then nothing is kept)."""
    try:
        value = cache.get(GENERATION_KEY)
        if value is None:
            cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
            value = cache.get(GENERATION_KEY)
    except Exception:  # the cache is away: answer without it
        log.warning("read cache: the data generation could not be read", exc_info=True)
        return None
    return value


def new_generation() -> None:
    """Every kept answer is out of date from now on."""
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
    except Exception:
        log.exception("read cache: the data generation could not be renewed; kept answers are not served")
        _Store.instance().clear()  # at least this process serves nothing old


def _renew_after_commit() -> None:
    new_generation()


def _pending(connection) -> bool:
    return any(func is _renew_after_commit for _sids, func, _robust in connection.run_on_commit)


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    found = _WRITE.match(sql) if isinstance(sql, str) else None
    if found and found.group(1) not in _unrelated_tables():
        connection = context["connection"]
        if connection.in_atomic_block:
            if not _pending(connection):
                connection.on_commit(_renew_after_commit, robust=True)
        else:
            new_generation()
    return result


_unrelated_cached: frozenset[str] | None = None


def _unrelated_tables() -> frozenset[str]:
    global _unrelated_cached
    if _unrelated_cached is None:
        _unrelated_cached = _unrelated()
    return _unrelated_cached


@receiver(connection_created)
def watch_connection(sender, connection, **kwargs) -> None:
    """Install the write watcher on a connection as it opens (once per connection object)."""
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def writing(using: str = DEFAULT_DB_ALIAS) -> bool:
    """True while this connection's open transaction has written: its reads are its own, not for keeping."""
    connection = connections[using]
    return connection.in_atomic_block and _pending(connection)


# The store


@dataclass
class _Store:
    budget: int
    seconds: float
    entries: OrderedDict = field(default_factory=OrderedDict)
    size: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    _instance = None

    @classmethod
    def instance(cls) -> _Store:
        budget = getattr(settings, "READ_CACHE_BYTES", 32 * 1024 * 1024)
        seconds = getattr(settings, "READ_CACHE_SECONDS", 60)
        store = cls._instance
        if store is None or store.budget != budget or store.seconds != seconds:
            store = cls._instance = cls(budget=budget, seconds=seconds)
        return store

    def get(self, key):
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            stored_at, size, value = found
            if time.time() - stored_at > self.seconds:
                del self.entries[key]
                self.size -= size
                return None
            self.entries.move_to_end(key)
            return value

    def put(self, key, value, size: int) -> None:
        if size > self.budget // 8:  # one answer may not push out most of the others
            return
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= old[1]
            self.entries[key] = (time.time(), size, value)
            self.size += size
            while self.size > self.budget and self.entries:
                _key, (_at, dropped, _value) = self.entries.popitem(last=False)
                self.size -= dropped

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0


def clear() -> None:
    """Forget every answer this process keeps (tests start clean)."""
    _Store.instance().clear()


@dataclass(frozen=True)
class Slot:
    """Where one answer is kept: its key, valid for one data generation."""

    key: tuple

    def get(self):
        return _Store.instance().get(self.key)

    def put(self, value, size: int) -> None:
        """Keep ``value``, which takes about ``size`` bytes (the key's own length is added)."""
        _Store.instance().put(self.key, value, size + len(self.key[-1]) + 200)


def slot(*, user, path: str, variant: str = "") -> Slot | None:
    """The place of the answer to this user's read of ``path``, or None when it may not be kept or served:
    the cache is off, the user is anonymous, this connection has unfinished writes, or the generation is
    unknown."""
    if getattr(settings, "READ_CACHE_BYTES", 1) <= 0 or not getattr(user, "is_authenticated", False):
        return None
    if writing():
        return None
    current = generation()
    if current is None:
        return None
    return Slot((current, user.pk, translation.get_language(), timezone.localdate().isoformat(), variant, path))
