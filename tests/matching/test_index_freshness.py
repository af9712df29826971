"""The cached indexes are never stale: every change through the services, in any process, shows at once."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, transaction

from kyky.core.models import IndexVersion
from kyky.core.versions import Version, read_versions
from kyky.errors import TransitionError
from kyky.matching import documents, indexes
from kyky.matching.engine import ProposalDoc
from kyky.matching.indexes import IndexCache
from kyky.matching.services import corpus_changed
from kyky.pilots import services
from kyky.pilots.models import Application, Need, Proposal
from kyky.process import services as process
from kyky.process.services import agreement_cancel
from tests.factories import NeedFactory, ProposalFactory, spring, window

pytestmark = pytest.mark.django_db


@pytest.fixture
def need(school, teacher):
    return NeedFactory(organisation=school, title="Murtoluvut pelaamalla", description="Murtolukupeli tableteille.")


@pytest.fixture
def proposal(company, representative):
    return ProposalFactory(organisation=company, title="Murtolukupeli", capacity=1)


def ranked(api, user, need) -> list[int]:
    response = api.as_user(user).get(f"/api/v1/needs/{need.pk}/matches/", {"limit": 50})
    assert response.status_code == 200, response.content
    return [r["proposal"]["id"] for r in response.json()["results"]]


def needs_for(api, user, proposal) -> list[int]:
    response = api.as_user(user).get(f"/api/v1/proposals/{proposal.pk}/matches/", {"limit": 50})
    assert response.status_code == 200, response.content
    return [r["need"]["id"] for r in response.json()["results"]]


def version(corpus: str) -> int:
    return read_versions()[corpus].number


# Through the services and the API: the next ranking reflects every change


def indexed() -> list[int]:
    """Proposal ids in this process's index (the API's rows are re-checked too; this is the index itself)."""
    return [p.id for p in indexes.process_cache().proposal_index().proposals]


def test_closing_a_proposal_takes_it_out_of_the_next_ranking(api, teacher, representative, need, proposal):
    assert ranked(api, teacher, need) == [proposal.pk]
    services.proposal_close(actor=representative, proposal=proposal)
    assert indexed() == []
    assert ranked(api, teacher, need) == []


def test_edited_text_is_ranked_by_its_new_words(api, teacher, representative, need, proposal, company):
    rival = ProposalFactory(organisation=company, title="Kertotaulupeli", summary="", description="Kertotaulut.")
    first = api.as_user(teacher).get(f"/api/v1/needs/{need.pk}/matches/").json()["results"]
    assert [r["proposal"]["id"] for r in first] == [proposal.pk, rival.pk]
    services.proposal_update(
        actor=representative,
        proposal=proposal,
        data={"title": "Kielipeli", "summary": "Sanasto", "description": "Sanavarasto kasvaa leikkien."},
    )
    services.proposal_update(
        actor=representative,
        proposal=rival,
        data={"title": "Murtolukupeli", "description": "Murtoluvut pelaamalla tableteilla."},
    )
    second = api.as_user(teacher).get(f"/api/v1/needs/{need.pk}/matches/").json()["results"]
    assert [r["proposal"]["id"] for r in second] == [rival.pk, proposal.pk]
    assert second[0]["proposal"]["title"] == "Murtolukupeli"
    assert any(r.startswith("Text: ") for r in second[0]["reasons"])
    assert not any(r.startswith("Text: ") for r in second[1]["reasons"])


def test_filling_the_last_place_takes_the_proposal_out(api, teacher, principal, representative, need, proposal, school):
    other_need = NeedFactory(organisation=school)
    assert ranked(api, teacher, other_need) == [proposal.pk]
    application = services.application_create(actor=representative, proposal=proposal, need=need)
    process.application_accept(actor=principal, application=application)
    assert indexed() == []
    assert ranked(api, teacher, other_need) == []
    assert needs_for(api, representative, proposal) == []


def test_a_cancelled_agreement_gives_the_place_and_the_need_back(
    api, teacher, principal, representative, need, proposal, school
):
    other_need = NeedFactory(organisation=school)
    application = services.application_create(actor=representative, proposal=proposal, need=need)
    pilot = process.application_accept(actor=principal, application=application)
    assert ranked(api, teacher, other_need) == []  # the proposal is full
    assert ranked(api, teacher, need) == []  # and the need matched
    agreement_cancel(actor=principal, agreement=pilot.agreement)
    assert indexed() == [proposal.pk]
    assert ranked(api, teacher, other_need) == [proposal.pk]
    assert ranked(api, teacher, need) == [proposal.pk]
    assert sorted(needs_for(api, representative, proposal)) == sorted([need.pk, other_need.pk])


def test_publishing_adds_a_proposal_and_a_need(api, teacher, representative, need, proposal, company, school):
    draft = ProposalFactory(organisation=company, status=Proposal.Status.DRAFT)
    draft_need = NeedFactory(organisation=school, status=Need.Status.DRAFT)
    assert ranked(api, teacher, need) == [proposal.pk]
    assert needs_for(api, representative, proposal) == [need.pk]
    services.proposal_publish(actor=representative, proposal=draft)
    services.need_publish(actor=teacher, need=draft_need)
    assert sorted(ranked(api, teacher, need)) == sorted([proposal.pk, draft.pk])
    assert sorted(needs_for(api, representative, proposal)) == sorted([need.pk, draft_need.pk])


def test_a_new_proposal_created_and_published_through_the_api_is_matched(api, teacher, representative, need):
    assert ranked(api, teacher, need) == []
    client = api.as_user(representative)
    created = client.post(
        "/api/v1/proposals/",
        {
            "title": "Murtolukuseikkailu",
            "description": "Murtoluvut pelaamalla.",
            "subjects": ["mathematics"],
            "levels": ["grade_4"],
            "languages": ["fi"],
            **window(),
            "municipalities": ["espoo"],
        },
        format="json",
    ).json()
    assert ranked(api, teacher, need) == []  # still a draft
    assert client.post(f"/api/v1/proposals/{created['id']}/publish/").status_code == 200
    assert ranked(api, teacher, need) == [created["id"]]


def test_need_edits_and_closing_show_in_the_proposals_matches(api, teacher, representative, need, proposal):
    assert needs_for(api, representative, proposal) == [need.pk]
    services.need_update(actor=teacher, need=need, data={"levels": ["grade_9"]})
    assert needs_for(api, representative, proposal) == []
    services.need_update(actor=teacher, need=need, data={"levels": ["grade_4"]})
    assert needs_for(api, representative, proposal) == [need.pk]
    services.need_close(actor=teacher, need=need)
    assert needs_for(api, representative, proposal) == []


# Every service that changes what matching reads bumps its corpus


def test_every_change_that_matters_bumps_its_corpus(teacher, principal, representative, company, school):
    before = version("proposals")
    proposal = services.proposal_create(
        actor=representative,
        data={
            "title": "Peli",
            "description": "Kuvaus",
            "levels": ["grade_4"],
            "languages": ["fi"],
            "starts_on": spring().first_monday,
            "ends_on": spring().last_friday,
        },
    )
    assert version("proposals") == before + 1
    services.proposal_update(actor=representative, proposal=proposal, data={"capacity": 2})
    services.proposal_publish(actor=representative, proposal=proposal)
    assert version("proposals") == before + 3

    needs_before = version("needs")
    need = services.need_create(
        actor=teacher,
        data={
            "title": "Tarve",
            "description": "Kuvaus",
            "levels": ["grade_4"],
            "language": "fi",
            "group_size": 20,
            "starts_on": spring().first_monday,
            "ends_on": spring().last_friday,
        },
    )
    services.need_update(actor=teacher, need=need, data={"accepts_remote": True})
    services.need_publish(actor=teacher, need=need)
    assert version("needs") == needs_before + 3

    application = services.application_create(actor=representative, proposal=proposal, need=need)
    counts = version("proposals"), version("needs")
    assert counts == (before + 3, needs_before + 3)  # an application alone changes nothing matched
    process.application_accept(actor=principal, application=application)
    assert (version("proposals"), version("needs")) == (counts[0] + 1, counts[1] + 1)

    drafts = ProposalFactory(organisation=company, status="draft"), NeedFactory(organisation=school, status="draft")
    counts = version("proposals"), version("needs")
    services.proposal_delete(actor=representative, proposal=drafts[0])
    services.need_delete(actor=teacher, need=drafts[1])
    assert (version("proposals"), version("needs")) == (counts[0] + 1, counts[1] + 1)
    services.proposal_close(actor=representative, proposal=proposal)
    assert version("proposals") == counts[0] + 2


def test_a_refused_change_bumps_nothing(representative, proposal):
    before = read_versions()
    with pytest.raises(TransitionError):  # already published
        services.proposal_publish(actor=representative, proposal=proposal)
    assert read_versions() == before


# Across processes: each process's cache reads the shared versions


def test_another_process_sees_a_change_made_elsewhere(
    teacher, representative, need, proposal, django_assert_num_queries
):
    worker_a, worker_b = IndexCache(), IndexCache()
    assert [p.id for p in worker_a.proposal_index().proposals] == [proposal.pk]
    assert [p.id for p in worker_b.proposal_index().proposals] == [proposal.pk]
    with django_assert_num_queries(1):  # a warm cache costs one version read
        worker_a.proposal_index()

    services.proposal_close(actor=representative, proposal=proposal)  # "worker B" serves this request

    assert worker_a.proposal_index().proposals == ()
    assert worker_a.builds == 2


def test_a_bump_from_any_code_path_is_seen(teacher, need, proposal):
    cache = IndexCache()
    built = cache.proposal_index()
    Proposal.objects.filter(pk=proposal.pk).update(title="Uusi nimi")
    assert cache.proposal_index() is built  # the version did not move: the cache is really used
    corpus_changed("proposals")
    fresh = cache.proposal_index()
    assert fresh is not built
    assert fresh.proposals[0].title == "Uusi nimi"


def test_a_change_that_skipped_the_services_still_never_shows_a_closed_proposal(api, teacher, need, proposal):
    assert ranked(api, teacher, need) == [proposal.pk]
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.CLOSED)  # no bump
    assert ranked(api, teacher, need) == []  # the rows shown are re-read and re-checked


def test_a_rolled_back_bump_never_labels_a_later_index(teacher, representative, need, proposal, company):
    cache = IndexCache()
    cache.proposal_index()
    start = read_versions()["proposals"]

    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        services.proposal_close(actor=representative, proposal=proposal)
        assert cache.proposal_index().proposals == ()  # built from rows that will never commit
        raise Rollback

    assert read_versions()["proposals"] == start
    other = ProposalFactory(organisation=company)
    corpus_changed("proposals")  # the same version number as the rolled-back bump, another stamp
    assert read_versions()["proposals"].number == start.number + 1
    assert sorted(p.id for p in cache.proposal_index().proposals) == sorted([proposal.pk, other.pk])


def test_the_day_is_part_of_the_key(time_machine, teacher, need, company):
    from django.utils import timezone

    today = timezone.localdate()
    ending = ProposalFactory(organisation=company, starts_on=today - dt.timedelta(days=60), ends_on=today)
    cache = IndexCache()
    assert [p.id for p in cache.proposal_index().proposals] == [ending.pk]
    time_machine.move_to(timezone.now() + dt.timedelta(days=1), tick=True)  # the next day
    assert cache.proposal_index().proposals == ()


def test_the_need_index_follows_both_corpora(teacher, representative, need, proposal):
    cache = IndexCache()
    first = cache.need_index()
    assert [n.id for n in first.needs] == [need.pk]
    assert cache.need_index() is first
    services.proposal_update(actor=representative, proposal=proposal, data={"description": "Uusi teksti"})
    second = cache.need_index()
    assert second is not first
    assert second.proposal_index is cache.proposal_index()  # the same text space as the proposal index
    services.need_close(actor=teacher, need=need)
    assert cache.need_index().needs == ()


def test_the_process_cache_is_the_one_the_api_uses(api, teacher, need, proposal):
    ranked(api, teacher, need)
    assert indexes.process_cache().builds >= 1
    built = indexes.process_cache().builds
    ranked(api, teacher, need)
    assert indexes.process_cache().builds == built


# Threads of one process build once


def test_concurrent_requests_on_a_cold_cache_build_once(monkeypatch):
    docs = [
        ProposalDoc(
            id=i,
            title=f"Peli {i}",
            summary="",
            description="Murtoluvut",
            subjects=frozenset({"mathematics"}),
            levels=frozenset({"grade_4"}),
            languages=frozenset({"fi"}),
            starts_on=spring().first_monday,
            ends_on=spring().last_friday,
            delivery="onsite",
            municipalities=frozenset(),
            capacity_left=1,
        )
        for i in range(1, 200)
    ]
    loads = []

    def load(rows):
        loads.append(threading.get_ident())
        return docs

    fixed = {IndexVersion.PROPOSALS: Version(7, "a"), IndexVersion.NEEDS: Version(3, "b")}
    monkeypatch.setattr(indexes, "read_versions", lambda: fixed)
    monkeypatch.setattr(documents, "proposal_docs", load)
    monkeypatch.setattr(documents, "matchable_proposals", lambda today: None)

    cache = IndexCache()
    barrier = threading.Barrier(8)
    seen = []

    def worker():
        barrier.wait()
        seen.append(cache.proposal_index())

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(loads) == 1
    assert cache.builds == 1
    assert len({id(index) for index in seen}) == 1

    fixed[IndexVersion.PROPOSALS] = Version(8, "c")
    assert cache.proposal_index() is not seen[0]
    assert len(loads) == 2


def test_applications_alone_do_not_touch_the_indexes(representative, need, proposal):
    before = read_versions()
    services.application_create(actor=representative, proposal=proposal, need=need)
    assert read_versions() == before
    assert Application.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_change_committed_by_another_connection_is_seen(representative, need, proposal):
    """Real commits: another connection (as another gunicorn worker would) closes the proposal."""
    cache = IndexCache()
    assert [p.id for p in cache.proposal_index().proposals] == [proposal.pk]

    def other_worker():
        try:
            services.proposal_close(actor=representative, proposal=Proposal.objects.get(pk=proposal.pk))
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    thread.join(timeout=30)
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.CLOSED
    assert cache.proposal_index().proposals == ()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_changes_each_bump_the_version_once(company, representative):
    proposals = [ProposalFactory(organisation=company) for _ in range(6)]
    assert representative.member is not None
    before = version("proposals")
    barrier = threading.Barrier(len(proposals))
    errors = []

    def edit(pk: int, title: str) -> None:
        try:
            barrier.wait(timeout=10)
            services.proposal_update(actor=representative, proposal=Proposal.objects.get(pk=pk), data={"title": title})
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(p.pk, f"Uusi {i}")) for i, p in enumerate(proposals)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert version("proposals") == before + len(proposals)
    assert sorted(p.title for p in IndexCache().proposal_index().proposals) == [f"Uusi {i}" for i in range(6)]
