"""Free text finds word forms, the other languages' words for the same thing, and the provider's name,
most relevant first, on both the API and the pages (and on both databases: CI runs this on each)."""

from __future__ import annotations

import pytest
from django.db import connection

from kyky.pilots import search
from kyky.pilots.models import Proposal
from tests.factories import NeedFactory, ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(company, other_company):
    return {
        "fractions": ProposalFactory(
            organisation=company,
            title="Murtolukupeli",
            summary="Pelillinen tapa harjoitella murtolukuja.",
            description="Oppilaat vertailevat murtolukuja ja laventavat niitä pelaamalla.",
        ),
        "reading": ProposalFactory(
            organisation=other_company,
            title="Lukukoira",
            summary="Lukemisen sujuvuutta koiran kanssa.",
            description="Koira kuuntelee, kun oppilas lukee ääneen osana äidinkielen tuntia.",
        ),
        "swedish": ProposalFactory(
            organisation=other_company,
            title="Bråkverkstad",
            summary="Bråktal med pizzabitar.",
            description="Eleverna jämför bråk med konkreta material.",
        ),
    }


def found(api, user, query):
    response = api.as_user(user).get("/api/v1/proposals/", {"q": query})
    assert response.status_code == 200, response.content
    return [p["title"] for p in response.json()["results"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("murtoluku", {"Murtolukupeli", "Bråkverkstad"}),  # the base form, and the Swedish word for it
        ("murtolukuja", {"Murtolukupeli", "Bråkverkstad"}),  # a partitive plural
        ("murtoluvuilla", {"Murtolukupeli", "Bråkverkstad"}),  # an adessive plural, with the stem's change
        ("fractions", {"Murtolukupeli", "Bråkverkstad"}),  # English, through the glossary
        ("bråktalen", {"Murtolukupeli", "Bråkverkstad"}),  # Swedish definite plural
        ("Laskuri", {"Murtolukupeli"}),  # the provider's name
        ("laskuri oy", {"Murtolukupeli"}),
        ("Kielikone", {"Lukukoira", "Bråkverkstad"}),
        ("murtoluk", {"Murtolukupeli"}),  # the beginning of a word, as typed
        ("koiran", {"Lukukoira"}),
        ("koira murtoluku", set()),  # every word must match
        ("tähtitiede", set()),
    ],
)
def test_search_finds_word_forms_languages_and_names(api, teacher, offers, query, expected):
    assert set(found(api, teacher, query)) == expected


def test_the_best_match_comes_first(api, teacher, company, offers):
    ProposalFactory(
        organisation=company,
        title="Kertotaulut",
        summary="Kertolaskua pelaten.",
        description="Lopuksi vähän murtolukuja.",
    )
    results = found(api, teacher, "murtolukupeli")
    assert results[0] == "Murtolukupeli"
    assert "Kertotaulut" not in results or results.index("Kertotaulut") > 0


def test_an_explicit_order_overrides_relevance(api, teacher, company, offers):
    newest = ProposalFactory(organisation=company, title="Murtoluvut arjessa", summary="", description="Kauppaleikki.")
    response = api.as_user(teacher).get("/api/v1/proposals/", {"q": "murtoluku", "sort": "newest"})
    assert response.json()["results"][0]["id"] == newest.pk


def test_an_edit_and_a_rename_update_what_is_found(api, teacher, representative, company, offers):
    proposal = offers["fractions"]
    response = api.as_user(representative).patch(
        f"/api/v1/proposals/{proposal.pk}/", {"title": "Tähtitaivas", "summary": "", "description": "Planeetat."}
    )
    assert response.status_code == 200, response.content
    assert found(api, teacher, "planeetoista") == ["Tähtitaivas"]
    assert "Tähtitaivas" not in found(api, teacher, "murtoluku")
    company.name = "Avaruus Oy"
    company.save()
    assert found(api, teacher, "avaruus") == ["Tähtitaivas"]
    assert found(api, teacher, "laskuri") == []


def test_needs_are_found_by_word_form_and_unit(api, representative, school):
    NeedFactory(organisation=school, title="Murtoluvut haltuun", description="Oppilaat sekoittavat murtoluvut.")
    NeedFactory(organisation=school, title="Lukuinto", description="Lukeminen ei kiinnosta.")
    client = api.as_user(representative)

    def titles(query):
        return sorted(n["title"] for n in client.get("/api/v1/needs/", {"q": query}).json()["results"])

    assert titles("murtolukujen") == ["Murtoluvut haltuun"]
    assert titles("reading") == ["Lukuinto"]
    assert titles("auroran") == ["Lukuinto", "Murtoluvut haltuun"]


def test_the_list_page_finds_word_forms_and_says_it_ranks_by_relevance(client, teacher, offers):
    client.force_login(teacher)
    page = client.get("/proposals/", {"q": "murtolukuja"}).content.decode()
    assert "Murtolukupeli" in page and "Bråkverkstad" in page and "Lukukoira" not in page
    assert "Most relevant first" in page


def test_a_long_query_is_refused_with_a_field_message(api, teacher, offers):
    response = api.as_user(teacher).get("/api/v1/proposals/", {"q": "murtoluku " * 40})
    assert response.status_code == 400
    assert "q" in str(response.json())


def test_search_uses_the_full_text_index_on_postgresql_and_the_stored_tokens_on_sqlite(teacher, offers):
    queryset = search.search(Proposal.objects.all(), "murtoluku")
    sql, params = queryset.query.sql_with_params()
    if connection.vendor != "postgresql":  # the same tokens, matched as whole words in the stored document
        assert "search_document" in sql and "% murtoluku %" in params
        return
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "proposal_search_idx" in plan


def test_the_refresh_command_rewrites_stale_documents(api, teacher, offers):
    from django.core.management import call_command

    Proposal.objects.update(search_document="")
    assert found(api, teacher, "murtolukuja") == []
    call_command("refresh_search_documents")
    assert set(found(api, teacher, "murtolukuja")) == {"Murtolukupeli", "Bråkverkstad"}
    call_command("refresh_search_documents")  # twice is harmless
    assert set(found(api, teacher, "murtolukuja")) == {"Murtolukupeli", "Bråkverkstad"}
