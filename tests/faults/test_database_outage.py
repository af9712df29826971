"""With the database gone, a real server answers 503 with Retry-After in its error shape within 5 s, and
comes back by itself when the database returns (same process, no restart). PostgreSQL behind a forwarder
that the test cuts; see conftest.py."""

from __future__ import annotations

import json

import pytest

pytestmark = [pytest.mark.real_clock]

API = "/api/v1/proposals/"
PAGE = "/agreements/"
WITHIN = 5.0  # seconds, as issue 11 asks


def assert_unavailable(answer, *, api: bool) -> None:
    print(f"503 in {answer.seconds:.3f} s")
    assert answer.status == 503, answer.body[:500]
    assert int(answer.headers["retry-after"]) > 0
    assert answer.seconds < WITHIN, f"took {answer.seconds:.2f} s"
    if api:
        assert answer.headers["content-type"].startswith("application/json")
        body = json.loads(answer.body)
        assert body["code"] == "database_unavailable" and body["detail"]
    else:
        assert answer.headers["content-type"].startswith("text/html")
        assert b"Temporarily unavailable" in answer.body


def assert_serving(live) -> None:
    """The same process answers again, a page and the API, signed in (the session is read from the database)."""
    back = live.wait_until(API, 200, within=WITHIN)
    assert back.status == 200, back.body[:500]
    print(f"recovered in {back.seconds:.3f} s")
    assert back.seconds < WITHIN, f"recovered in {back.seconds:.2f} s"
    assert "results" in json.loads(back.body)
    page = live.get(PAGE)
    assert page.status == 200  # signed in: not the redirect to the login page


def test_the_server_answers_while_the_database_is_there(live):
    assert live.get(API).status == 200
    assert live.get(PAGE).status == 200
    assert live.get("/api/v1/subjects/").status == 200


def test_with_the_database_cut_every_request_answers_503_at_once_and_recovers(live, forwarder):
    pid = live.process.pid
    assert live.get(API).status == 200  # a connection is open and kept (CONN_MAX_AGE)

    forwarder.cut()
    assert_unavailable(live.get(API), api=True)
    assert_unavailable(live.get(PAGE), api=False)
    assert_unavailable(live.get("/api/v1/subjects/"), api=True)
    # Again: each request tries afresh, none hangs on the broken connection.
    assert_unavailable(live.get(API), api=True)

    forwarder.restore()
    assert_serving(live)
    assert live.process.poll() is None and live.process.pid == pid


def test_with_the_database_host_silent_requests_answer_503_within_5_seconds(live, forwarder):
    """Connections are accepted and never answered (a host that vanished): the connect timeout bounds the wait."""
    assert live.get(API).status == 200

    forwarder.blackhole()
    assert_unavailable(live.get(API), api=True)
    assert_unavailable(live.get(PAGE), api=False)

    forwarder.restore()
    assert_serving(live)


def test_the_unavailable_page_speaks_the_visitors_language(live, forwarder):
    forwarder.cut()
    for language in ("fi", "sv", "en"):
        answer = live.get(PAGE, language=language)
        assert answer.status == 503
        assert f'<html lang="{language}">'.encode() in answer.body
    forwarder.restore()
    assert_serving(live)
