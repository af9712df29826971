"""Browsing with filters and free text, and the query count of the lists."""

from __future__ import annotations

import pytest

from kyky.core.schoolyear import SchoolYear
from tests.factories import NeedFactory, ProposalFactory, spring

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(company, other_company):
    term = spring()
    autumn = SchoolYear(term.school_year).autumn  # the autumn before it
    return {
        "math": ProposalFactory(
            organisation=company,
            title="Murtolukuseikkailu",
            subjects=["mathematics"],
            levels=["grade_3", "grade_4"],
            languages=["fi"],
            municipalities=["espoo"],
            starts_on=term.first_monday,
            ends_on=term.friday(9),
        ),
        "music": ProposalFactory(
            organisation=other_company,
            title="Rytmilaboratorio",
            summary="Rytmit ja sävelet tabletilla",
            subjects=["music"],
            levels=["pre_primary"],
            languages=["sv", "fi"],
            municipalities=[],
            starts_on=term.monday(10),
            ends_on=term.last_friday,
        ),
        "coding": ProposalFactory(
            organisation=other_company,
            title="Koodauskerho",
            description="Robotit ja ohjelmointi",
            subjects=["digital_competence", "mathematics"],
            levels=["grade_7"],
            languages=["en"],
            municipalities=["vantaa"],
            starts_on=autumn.monday(36),
            ends_on=autumn.friday(50),
        ),
        "closed": ProposalFactory(
            organisation=company, title="Vanha kokeilu", status="closed", subjects=["history"], levels=["grade_9"]
        ),
    }


def titles(api, user, query):
    response = api.as_user(user).get(f"/api/v1/proposals/?{query}")
    assert response.status_code == 200, response.content
    return sorted(p["title"] for p in response.json()["results"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("subject=mathematics", ["Koodauskerho", "Murtolukuseikkailu"]),
        ("subject=music&subject=digital_competence", ["Koodauskerho", "Rytmilaboratorio"]),
        ("level=grade_4", ["Murtolukuseikkailu"]),
        ("language=sv", ["Rytmilaboratorio"]),
        ("municipality=espoo", ["Murtolukuseikkailu", "Rytmilaboratorio", "Vanha kokeilu"]),
        ("status=closed", ["Vanha kokeilu"]),
        ("date_from={year}-01-01&date_to={year}-02-01", ["Murtolukuseikkailu", "Vanha kokeilu"]),
        ("date_from={year}-04-01&status=published", ["Rytmilaboratorio"]),
        ("date_to={autumn_year}-10-01", ["Koodauskerho"]),
        ("q=rytmit", ["Rytmilaboratorio"]),
        ("q=ROBOTIT ohjelmointi", ["Koodauskerho"]),
        ("q=robotit musiikki", []),
        ("subject=mathematics&level=grade_7&language=en", ["Koodauskerho"]),
    ],
)
def test_proposal_filters(api, teacher, catalogue, query, expected):
    """Dates in the queries are in the year of the factories' spring term and of the autumn before it."""
    query = query.format(year=spring().year, autumn_year=spring().year - 1)
    assert titles(api, teacher, query) == expected


def test_mine_shows_only_own_organisation(api, representative, catalogue):
    assert titles(api, representative, "mine=true") == ["Murtolukuseikkailu", "Vanha kokeilu"]


@pytest.mark.parametrize("query", ["subject=astrology", "date_from=yesterday", "status=lost", "level=grade_99"])
def test_bad_filter_is_400(api, teacher, catalogue, query):
    response = api.as_user(teacher).get(f"/api/v1/proposals/?{query}")
    assert response.status_code == 400
    assert response.json()["errors"]


def test_need_filters(api, representative, school, other_school):
    NeedFactory(organisation=school, title="Murtoluvut", levels=["grade_4"], accepts_remote=True)
    NeedFactory(
        organisation=other_school,
        title="Läsglädje",
        description="Vi vill hitta glädjen i att läsa.",
        language_id="sv",
        subjects=["mother_tongue"],
        levels=["grade_2"],
    )
    NeedFactory(organisation=school, title="Luonnos", status="draft")
    client = api.as_user(representative)

    def need_titles(query):
        return sorted(n["title"] for n in client.get(f"/api/v1/needs/?{query}").json()["results"])

    assert need_titles("") == ["Läsglädje", "Murtoluvut"]
    assert need_titles("language=sv") == ["Läsglädje"]
    assert need_titles("subject=mathematics") == ["Murtoluvut"]
    assert need_titles("accepts_remote=true") == ["Murtoluvut"]
    assert need_titles("municipality=espoo&q=murto") == ["Murtoluvut"]
    assert need_titles("municipality=vantaa") == []


def test_list_is_paginated(api, teacher, company):
    for _ in range(25):
        ProposalFactory(organisation=company)
    body = api.as_user(teacher).get("/api/v1/proposals/").json()
    assert body["count"] == 25
    assert len(body["results"]) == 20
    assert body["next"].endswith("page=2")
    assert body["previous"] is None
    assert len(api.as_user(teacher).get("/api/v1/proposals/?page=2").json()["results"]) == 5


@pytest.mark.parametrize("size", [5, 40])
def test_list_queries_do_not_grow_with_the_page(api, teacher, company, django_assert_max_num_queries, size):
    for _ in range(size):
        ProposalFactory(organisation=company)
        NeedFactory(organisation=teacher.member.organisation)
    client = api.as_user(teacher)
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/proposals/?page_size=50").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/needs/?page_size=50").status_code == 200
