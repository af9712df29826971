"""SQLite (the default): a database locked by another process past the lock timeout answers 503, not 500."""

from __future__ import annotations

import json
import sqlite3
import time

import pytest

pytestmark = [pytest.mark.real_clock]


def test_a_locked_sqlite_database_answers_503_and_serves_again_when_released(live_sqlite):
    assert live_sqlite.get("/api/v1/proposals/").status == 200
    lock = sqlite3.connect(live_sqlite.database, timeout=0, isolation_level=None)
    lock.execute("BEGIN EXCLUSIVE")  # readers and writers alike wait for it
    try:
        started = time.monotonic()
        api = live_sqlite.get("/api/v1/proposals/")
        assert api.status == 503 and api.headers["retry-after"]
        assert json.loads(api.body)["code"] == "database_unavailable"
        page = live_sqlite.get("/agreements/")
        assert page.status == 503 and page.headers["retry-after"]
        assert b"Temporarily unavailable" in page.body
        assert time.monotonic() - started < 10  # two requests, each giving up after KYKY_SQLITE_TIMEOUT (2 s)
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    assert live_sqlite.get("/api/v1/proposals/").status == 200
    assert live_sqlite.get("/agreements/").status == 200
