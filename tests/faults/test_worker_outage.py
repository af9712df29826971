"""manage.py db_worker (django-tasks-db) waits out a database outage and picks up the queue again by itself."""

from __future__ import annotations

import subprocess
import sys
import time

import psycopg
import pytest

from tests.faults.conftest import PG_HOST, PG_PORT, PG_USER, ROOT, _manage

pytestmark = [pytest.mark.real_clock]

TASKS = {"KYKY_TASKS_BACKEND": "django_tasks_db.DatabaseBackend"}
ENQUEUE = """
from kyky.core.mail import send_direct
print(send_direct.enqueue(["worker@kyky.example"], "Hei", "Test").id)
"""


def enqueue(live) -> str:
    return _manage("shell", "-c", ENQUEUE, env={**live.direct_env, **TASKS}).strip().splitlines()[-1]


def status(live, task_id: str) -> str:
    with psycopg.connect(f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{live.database_name}") as connection:
        row = connection.execute(
            "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = %s", [task_id]
        ).fetchone()
    return row[0]


def wait_for(live, task_id: str, wanted: str, within: float) -> float:
    started = time.monotonic()
    while (found := status(live, task_id)) != wanted:
        assert time.monotonic() - started < within, f"task {task_id} is {found}, not {wanted}"
        time.sleep(0.2)
    return time.monotonic() - started


@pytest.fixture
def worker(live, forwarder, tmp_path):
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload"],
            cwd=ROOT,
            env={**live.env, **TASKS},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    process.log = log
    yield process
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def test_the_worker_survives_the_database_going_away_and_runs_the_queue_when_it_returns(live, forwarder, worker):
    first = enqueue(live)
    wait_for(live, first, "SUCCESSFUL", within=30)

    forwarder.cut()
    time.sleep(3)  # several polls fail meanwhile
    assert worker.poll() is None, worker.log.read_text()
    waiting = enqueue(live)  # queued directly while the worker cannot reach the database
    time.sleep(1)
    assert status(live, waiting) == "READY"
    assert worker.poll() is None, worker.log.read_text()

    forwarder.restore()
    took = wait_for(live, waiting, "SUCCESSFUL", within=20)
    print(f"worker picked the queue up {took:.1f} s after the database returned")
    assert worker.poll() is None
    assert "Database unavailable" in worker.log.read_text()
