"""Lists cost a fixed number of queries whatever the page size, and read the same as with prefetch_related.

The counts are per request beyond authentication (the client is signed in with force_authenticate, as a
freshly read user, so the membership lookup counts): token authentication adds its own lookup.
"""

from __future__ import annotations

import pytest
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from kyky.accounts.models import User
from kyky.api.serializers import NeedSerializer, ProposalSerializer
from kyky.core.paging import WindowCountPaginator
from kyky.matching.indexes import process_cache
from kyky.pilots import selectors
from kyky.pilots.models import Need, Proposal, ProposalChangeRequest, ProposalClosure
from tests.factories import NeedFactory, ProposalFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 4


@pytest.fixture(autouse=True)
def _fresh_index():
    """Factories skip the services' version bump: no index of an earlier test may be reused."""
    process_cache().clear()
    yield
    process_cache().clear()


def signed_in(user: User) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(User.objects.get(pk=user.pk))  # a fresh user: its membership is read again
    return client


@pytest.fixture
def offers(company, other_company, coordinator, vantaa_coordinator):
    made = []
    for i in range(12):
        made.append(
            ProposalFactory(
                organisation=company if i % 2 else other_company,
                subjects=["mathematics", "crafts"] if i % 3 else ["mathematics"],
                levels=["grade_4", "grade_3"] if i % 2 else ["grade_4"],
                languages=["fi", "en"] if i % 4 == 0 else ["fi"],
                municipalities=[] if i % 5 == 0 else ["espoo", "vantaa"],
            )
        )
    ProposalClosure.objects.create(
        proposal=made[1], municipality_id="vantaa", comment="Ei nyt.", closed_by=vantaa_coordinator
    )
    ProposalChangeRequest.objects.create(
        proposal=made[3], municipality_id="espoo", comment="Lisää hinta.", requested_by=coordinator
    )
    ProposalChangeRequest.objects.create(
        proposal=made[3], municipality_id="vantaa", comment="Lisää kieli.", requested_by=vantaa_coordinator
    )
    return made


@pytest.fixture
def needs(school, other_school):
    return [
        NeedFactory(
            organisation=school if i % 2 else other_school,
            subjects=["mathematics", "crafts"] if i % 3 else ["mathematics"],
            levels=["grade_4", "grade_3"] if i % 2 else ["grade_4"],
        )
        for i in range(12)
    ]


def _drf(serializer_class, rows, user):
    request = Request(APIRequestFactory().get("/"))
    request.user = User.objects.get(pk=user.pk)
    return serializer_class(rows, many=True, context={"request": request}).data


@pytest.mark.parametrize("page_size", [1, 5, 100])
@pytest.mark.parametrize("query", ["", "?subject=mathematics&level=grade_4", "?municipality=espoo&language=fi"])
def test_the_proposal_list_takes_at_most_four_queries(
    offers, representative, django_assert_max_num_queries, page_size, query
):
    url = f"/api/v1/proposals/{query}{'&' if query else '?'}page_size={page_size}"
    signed_in(representative).get(url)  # the process's code lists are read once, then kept
    client = signed_in(representative)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.json()["results"]) == min(page_size, response.json()["count"])


@pytest.mark.parametrize("page_size", [1, 5, 100])
def test_the_need_list_takes_at_most_four_queries(needs, teacher, django_assert_max_num_queries, page_size):
    url = f"/api/v1/needs/?subject=mathematics&level=grade_4&language=fi&municipality=espoo&page_size={page_size}"
    signed_in(teacher).get(url)
    client = signed_in(teacher)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.json()["results"]) == min(page_size, response.json()["count"])


@pytest.mark.parametrize("limit", [1, 10, 50])
def test_a_needs_matches_take_at_most_four_queries(offers, needs, teacher, django_assert_max_num_queries, limit):
    need = Need.objects.filter(organisation=teacher.member.organisation).first()
    url = f"/api/v1/needs/{need.pk}/matches/?limit={limit}"
    first = signed_in(teacher).get(url)  # builds this process's index
    assert first.status_code == 200
    assert first.json()["results"], "the offers fit the need"
    client = signed_in(teacher)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert response.json() == first.json()


@pytest.mark.parametrize("viewer", ["representative", "coordinator", "vantaa_coordinator", "teacher"])
def test_proposals_read_in_one_query_serialize_as_with_prefetch(offers, request, viewer):
    """Codes in the list's order, closures and requests for changes (what each viewer may see of them), actions."""
    user = request.getfixturevalue(viewer)
    actor = User.objects.get(pk=user.pk)
    fast = list(selectors.proposal_visible(actor=actor).order_by("pk"))
    slow = list(
        Proposal.objects.visible_to(actor)
        .select_related("organisation")
        .prefetch_related("subjects", "levels", "languages", "municipalities", "closures", "change_requests")
        .order_by("pk")
    )
    assert _drf(ProposalSerializer, fast, user) == _drf(ProposalSerializer, slow, user)
    shown = {row["id"]: row for row in _drf(ProposalSerializer, fast, user)}
    if viewer == "representative":  # its company sees both requests, with their comments
        notes = shown[offers[3].pk]["moderation"]["changes_requested"]
        assert sorted(note["comment"] for note in notes) == ["Lisää hinta.", "Lisää kieli."]
    assert shown[offers[2].pk]["subjects"] == ["mathematics", "crafts"]  # the code list's order


def test_needs_read_in_one_query_serialize_as_with_prefetch(needs, teacher):
    actor = User.objects.get(pk=teacher.pk)
    fast = list(selectors.need_visible(actor=actor).order_by("pk"))
    slow = list(
        Need.objects.visible_to(actor)
        .select_related("organisation", "language", "municipality")
        .prefetch_related("subjects", "levels")
        .order_by("pk")
    )
    assert _drf(NeedSerializer, fast, teacher) == _drf(NeedSerializer, slow, teacher)


def test_a_prefilled_relation_still_answers_further_queries(offers, representative):
    proposal = selectors.proposal_visible(actor=representative).get(pk=offers[2].pk)
    assert {s.code for s in proposal.subjects.all()} == {"mathematics", "crafts"}
    assert list(proposal.subjects.filter(code="crafts").values_list("code", flat=True)) == ["crafts"]
    assert proposal.subjects.count() == 2


def test_further_queries_on_prefilled_relations_stay_each_rows_own(offers, representative):
    """The rows' relations share one blank query object (kyky.core.prefilled): a query on one never changes
    another's."""
    rows = {
        p.pk: p for p in selectors.proposal_visible(actor=representative).filter(pk__in=[offers[0].pk, offers[2].pk])
    }
    first, third = rows[offers[0].pk], rows[offers[2].pk]
    assert list(third.subjects.order_by("-code").values_list("code", flat=True)) == ["mathematics", "crafts"]
    assert list(first.subjects.exclude(code="crafts").values_list("code", flat=True)) == ["mathematics"]
    assert {s.code for s in first.subjects.all()} == {"mathematics"}
    assert {s.code for s in third.subjects.all()} == {"mathematics", "crafts"}


def test_pages_and_totals_in_one_query(offers, representative, django_assert_num_queries):
    qs = selectors.proposal_visible(actor=representative)
    total = qs.count()
    list(qs[:1])  # the process's code lists are read once, then kept
    paginator = WindowCountPaginator(qs, 5)
    with django_assert_num_queries(1):
        page = paginator.page(1)
        assert paginator.count == total
    assert [p.pk for p in page] == list(qs.values_list("pk", flat=True)[:5])
    last = WindowCountPaginator(qs, 5).page((total + 4) // 5)
    assert len(last) == total - 5 * ((total + 4) // 5 - 1)
    past_the_end = signed_in(representative).get(f"/api/v1/proposals/?page={(total + 4) // 5 + 1}&page_size=5")
    assert past_the_end.status_code == 400  # a page past the last is a bad page number
    assert "page" in past_the_end.json()["errors"]
    empty = signed_in(representative).get("/api/v1/proposals/?subject=history")
    assert empty.status_code == 200
    assert empty.json()["count"] == 0


def test_an_unknown_code_is_refused_with_the_field(representative, offers):
    response = signed_in(representative).get("/api/v1/proposals/?subject=alchemy")
    assert response.status_code == 400
    assert "subject" in response.content.decode()
