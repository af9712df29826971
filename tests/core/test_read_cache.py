"""Kept answers (kyky.core.read_cache): a repeated read is served without building it again, and never once
anything it could show has changed, however the change was written.

These tests commit (transactional_db), as requests in production do: a kept answer is renewed when a
write commits.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kyky.accounts.models import Organisation
from kyky.core import read_cache
from kyky.pilots.models import Proposal
from tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LIST = "/api/v1/proposals/?subject=mathematics"


@pytest.fixture(autouse=True)
def _kept(settings):
    settings.READ_CACHE_BYTES = 4 * 1024 * 1024
    settings.READ_CACHE_SECONDS = 60


@pytest.fixture
def offer(company, representative):
    return ProposalFactory(organisation=company, title="Murtolukupeli")


def read(client, path=LIST):
    """The answer, and whether building it read the proposals table (False: it was kept)."""
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(path)
    assert answer.status_code == 200, answer.content[:500]
    return answer, any("pilots_proposal" in q["sql"] for q in queries.captured_queries)


def titles(answer) -> list[str]:
    return [row["title"] for row in answer.json()["results"]]


def test_a_repeated_read_is_served_kept_and_equal(api, teacher, offer):
    client = api.as_user(teacher)
    first, built = read(client)
    assert built
    again, built_again = read(client)
    assert not built_again
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"] == "application/json"


def test_an_edit_through_the_api_shows_at_the_next_read(api, teacher, representative, offer):
    client = api.as_user(teacher)
    read(client)
    edited = api.as_user(representative).patch(f"/api/v1/proposals/{offer.pk}/", {"title": "Uusi nimi"}, format="json")
    assert edited.status_code == 200
    answer, built = read(client)
    assert built and titles(answer) == ["Uusi nimi"]


def test_a_bulk_update_without_signals_shows_too(api, teacher, offer):
    client = api.as_user(teacher)
    read(client)
    Proposal.objects.filter(pk=offer.pk).update(title="Päivitetty suoraan")
    answer, built = read(client)
    assert built and titles(answer) == ["Päivitetty suoraan"]


def test_a_renamed_company_shows_in_the_list(api, teacher, company, offer):
    client = api.as_user(teacher)
    read(client)
    Organisation.objects.filter(pk=company.pk).update(name="Oppimispelit Oy (uusi)")
    answer, _built = read(client)
    assert answer.json()["results"][0]["organisation"]["name"] == "Oppimispelit Oy (uusi)"


def test_raw_sql_writes_are_seen(api, teacher, offer):
    client = api.as_user(teacher)
    read(client)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Proposal._meta.db_table} SET title = %s WHERE id = %s", ["Raaka", offer.pk])
    answer, built = read(client)
    assert built and titles(answer) == ["Raaka"]


def test_a_write_rolled_back_leaves_the_kept_answer_valid(api, teacher, offer):
    client = api.as_user(teacher)
    read(client)
    with pytest.raises(RuntimeError), transaction.atomic():
        Proposal.objects.filter(pk=offer.pk).update(title="Ei koskaan")
        raise RuntimeError
    answer, _built = read(client)
    assert titles(answer) == ["Murtolukupeli"]


def test_inside_a_transaction_that_wrote_nothing_is_kept_or_served(teacher, offer):
    with transaction.atomic():
        assert read_cache.slot(user=teacher, path=LIST) is not None
        Proposal.objects.filter(pk=offer.pk).update(title="Kesken")
        assert read_cache.slot(user=teacher, path=LIST) is None  # its reads are its own until it commits
    assert read_cache.slot(user=teacher, path=LIST) is not None


def test_sessions_and_tokens_do_not_end_the_generation(api, teacher, offer):
    client = api.as_user(teacher)
    read(client)
    before = read_cache.generation()
    api.as_user(teacher)  # a new token: a write to accounts_apitoken only
    assert read_cache.generation() == before
    _answer, built = read(client)
    assert not built


def test_each_user_has_their_own_answer(api, teacher, representative, company):
    draft = ProposalFactory(organisation=company, title="Luonnos", status=Proposal.Status.DRAFT)
    ProposalFactory(organisation=company, title="Julkaistu")
    path = "/api/v1/proposals/"
    own = api.as_user(representative).get(path).json()
    assert "Luonnos" in [row["title"] for row in own["results"]]
    answer, built = read(api.as_user(teacher), path)
    assert built
    assert titles(answer) == ["Julkaistu"]  # not the company's kept answer, which shows its draft
    assert draft.pk not in [row["id"] for row in answer.json()["results"]]


def test_each_language_has_its_own_page(client, teacher, offer):
    client.force_login(teacher)
    english = client.get("/proposals/", HTTP_ACCEPT_LANGUAGE="en")
    finnish = client.get("/proposals/", HTTP_ACCEPT_LANGUAGE="fi")
    assert b'<html lang="en">' in english.content
    assert b'<html lang="fi">' in finnish.content


def test_a_kept_answer_expires(api, teacher, offer, time_machine):
    client = api.as_user(teacher)
    read(client)
    time_machine.move_to(timezone.now() + dt.timedelta(seconds=61))
    _answer, built = read(client)
    assert built


def test_a_new_day_builds_afresh(api, teacher, offer, time_machine, settings):
    settings.READ_CACHE_SECONDS = 3 * 24 * 3600  # only the day can tell
    client = api.as_user(teacher)
    read(client)
    time_machine.move_to(timezone.now() + dt.timedelta(days=1))
    _answer, built = read(client)
    assert built


def test_off_when_the_budget_is_zero(api, teacher, offer, settings):
    settings.READ_CACHE_BYTES = 0
    client = api.as_user(teacher)
    read(client)
    _answer, built = read(client)
    assert built


def test_without_a_shared_cache_to_say_the_generation_nothing_is_kept(api, teacher, offer, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    client = api.as_user(teacher)
    read(client)
    _answer, built = read(client)
    assert built


def test_a_need_s_matches_are_kept_until_a_proposal_changes(api, teacher, school, offer):
    from tests.factories import NeedFactory

    need = NeedFactory(organisation=school, created_by=teacher, title="Murtoluvut haltuun")
    client = api.as_user(teacher)
    path = f"/api/v1/needs/{need.pk}/matches/"
    first, built = read(client, path)
    assert built and first.json()["results"]
    _again, built_again = read(client, path)
    assert not built_again
    Proposal.objects.filter(pk=offer.pk).update(status=Proposal.Status.CLOSED)
    answer, built = read(client, path)
    assert built
    assert offer.pk not in [row["proposal"]["id"] for row in answer.json()["results"]]


# The page


def csrf_token(page) -> str:
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1).decode()


def test_the_kept_page_carries_a_working_token_of_its_own(client, teacher, offer):
    client = type(client)(HTTP_ACCEPT_LANGUAGE="en", enforce_csrf_checks=True)
    client.force_login(teacher)
    first, built = read(client, "/proposals/")
    again, built_again = read(client, "/proposals/")
    assert built and not built_again
    assert b"kykycsrftokenplaceholder" not in again.content
    token = csrf_token(again)
    assert token != csrf_token(first)  # masked afresh for every answer, as Django does
    assert b"Murtolukupeli" in again.content
    logout = client.post("/accounts/logout/", {"csrfmiddlewaretoken": token})
    assert logout.status_code == 302  # the token works: not the 403 of a failed CSRF check


def test_a_page_with_a_message_waiting_shows_it_once(client, teacher, offer, rf):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage

    client.force_login(teacher)
    read(client, "/proposals/")
    client.cookies["messages"] = CookieStorage(rf.get("/"))._encode([Message(constants.SUCCESS, "Tallennettu.")])
    shown = client.get("/proposals/")
    assert b"Tallennettu." in shown.content
    again, built = read(client, "/proposals/")
    assert not built and b"Tallennettu." not in again.content


def test_the_memory_budget_holds_the_most_recently_used(settings):
    settings.READ_CACHE_BYTES = 8 * 1000
    first, second, third = (read_cache.Slot(("g", 1, "en", "2027-01-12", "api", f"/p{i}")) for i in range(3))
    first.put(b"a" * 500, 500)
    second.put(b"b" * 500, 500)
    assert first.get() is not None  # used: now the most recent
    for i in range(3, 13):  # 12 answers of about 700 bytes: one too many for 8,000
        read_cache.Slot(("g", 1, "en", "2027-01-12", "api", f"/p{i}")).put(b"c" * 500, 500)
    assert second.get() is None  # pushed out: the least recently used
    assert first.get() == b"a" * 500
    third.put(b"x" * 5000, 5000)  # more than an eighth of the budget: never kept
    assert third.get() is None
