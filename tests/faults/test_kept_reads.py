"""Kept answers across processes: gunicorn with two workers sharing the generation in Redis, and a write made
by another process (a management command's, a worker's) that the server must show at once.

Redis on 127.0.0.1:6379 is required in CI (``KYKY_REQUIRE_BROWSER=1``), as PostgreSQL is.
"""

from __future__ import annotations

import json
import os
import socket

import pytest

from tests.faults.conftest import _manage, base_env, gunicorn, prepare

pytestmark = [pytest.mark.real_clock]

REDIS_URL = os.environ.get("KYKY_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
LIST = "/api/v1/proposals/?status=published"
GENERATION = ":1:kyky:data-generation"  # kyky.core.read_cache.GENERATION_KEY as Django's Redis cache stores it

OFFER_SCRIPT = """
from tests.factories import ProposalFactory
ProposalFactory(title="Murtolukupeli", municipalities=[])
"""


def redis_or_skip() -> None:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=2).close()
    except OSError as exc:
        message = f"Redis is not reachable at 127.0.0.1:6379 ({exc})"
        if os.environ.get("KYKY_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    redis_or_skip()
    import redis

    redis.Redis.from_url(REDIS_URL).delete(GENERATION)  # whatever an earlier run left
    data = tmp_path_factory.mktemp("kept")
    env = {**base_env(data, ""), "REDIS_URL": REDIS_URL}
    session = prepare(env)
    _manage("shell", "-c", OFFER_SCRIPT, env=env)
    with gunicorn(env, data, session=session, workers=2) as server:
        server.env = env
        yield server


def titles(server) -> set[str]:
    answer = server.get(LIST)
    assert answer.status == 200, answer.body[:500]
    return {row["title"] for row in json.loads(answer.body)["results"]}


def generation(env) -> str:
    return _manage("shell", "-c", "from kyky.core import read_cache; print(read_cache.generation())", env=env).split()[
        -1
    ]


def test_a_write_from_another_process_shows_in_every_worker_at_once(served):
    import redis

    for _ in range(12):  # both workers answer, and keep their answers
        assert titles(served) == {"Murtolukupeli"}
    before = generation(served.env)
    assert redis.Redis.from_url(REDIS_URL).get(GENERATION) is not None  # the server keeps answers

    _manage(
        "shell",
        "-c",
        "from kyky.pilots.models import Proposal; Proposal.objects.update(title='Murtolukuseikkailu')",
        env=served.env,
    )

    assert generation(served.env) != before
    for _ in range(12):
        assert titles(served) == {"Murtolukuseikkailu"}
