"""The list pages on a phone's terms: compact cards, folded filters with their count, sorting, and the
"fits your group" badge from one ranking per page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from kyky.matching.indexes import process_cache
from kyky.pilots.models import Proposal
from tests.factories import NeedFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def titles(html: str) -> list[str]:
    return re.findall(r'<h2><a href="/(?:proposals|needs)/\d+/"[^>]*>([^<]+)</a></h2>', html)


@pytest.fixture
def offers(company):
    """Three offers: the fractions game fits the school's grade-4 need; the others do not."""
    game = ProposalFactory(organisation=company, title="Murtolukupeli")
    phonics = ProposalFactory(
        organisation=company, title="Äänneleikit", levels=["grade_1"], subjects=["mother_tongue"],
        description="Äänteiden yhdistämistä ykkösluokalle.",
    )  # fmt: skip
    later = ProposalFactory(organisation=company, title="Kevään kemia", levels=["grade_8"], subjects=["chemistry"])
    Proposal.objects.filter(pk=later.pk).update(starts_on=later.starts_on + timedelta(days=30))
    return game, phonics, later


def test_a_card_is_a_few_lines_with_the_details_on_the_offers_page(as_user, teacher, company):
    ProposalFactory(organisation=company, title="Peli", levels=["grade_3", "grade_4", "grade_5"], summary="Pitkä " * 50)
    html = as_user(teacher).get("/proposals/").text
    card = re.search(r'<li class="item">.*?</li>', html, re.S).group()
    assert "Laskuri Oy" in card and "Grades 3–5" in card
    assert "Pitkä" not in card  # the summary is on the offer's page
    assert card.count("<p") <= 3


def test_filters_fold_behind_a_button_that_counts_those_in_use(as_user, teacher):
    client = as_user(teacher)
    plain = client.get("/proposals/").text
    assert '<details class="fold filter-panel">' in plain  # closed on a phone; CSS shows it on wider screens
    assert '<summary class="fold-button">Filters<span id="filter-count"></span></summary>' in plain
    used = client.get("/proposals/?subject=mathematics&level=grade_4&q=peli&sort=soonest").text
    assert '<span class="badge-count">(2)</span>' in used  # the words and the order are not filters
    assert "2 filters in use" in used
    partial = client.get("/proposals/?subject=mathematics", headers={"HX-Request": "true"}).text
    assert '<span id="filter-count" hx-swap-oob="true"> <span class="badge-count">(1)</span>' in partial
    wrong = client.get("/proposals/?date_from=soon").text
    assert '<details class="fold filter-panel" open>' in wrong  # an error is never folded away


def test_the_count_and_the_order_head_the_results(as_user, teacher, offers):
    html = as_user(teacher).get("/proposals/").text
    head = re.search(r'<div class="results-head" id="results-head">.*?</div>\s*</div>', html, re.S).group()
    assert 'id="result-count" role="status"' in head and "3 pilot offers found" in head
    assert 'name="sort"' in head
    assert 'id="results" aria-labelledby="result-count" role="region"' in html


def test_newest_first_by_default_and_soonest_on_request(as_user, teacher, offers):
    game, phonics, later = offers
    client = as_user(teacher)
    assert titles(client.get("/proposals/").text) == [later.title, phonics.title, game.title]
    assert titles(client.get("/proposals/?sort=soonest").text)[-1] == later.title


def test_best_fit_puts_what_fits_the_teachers_group_first_with_a_badge(as_user, teacher, school, offers):
    game, phonics, later = offers
    NeedFactory(organisation=school, created_by=teacher, title="Murtoluvut 4A")
    html = as_user(teacher).get("/proposals/?sort=fit").text
    assert titles(html)[0] == game.title
    cards = re.findall(r'<li class="item">.*?</li>', html, re.S)
    assert "Fits your group" in cards[0]
    assert re.search(r"\d+% fit", cards[0])
    assert not any("Fits your group" in card for card in cards[1:])
    assert 'value="fit" selected' in html


def test_best_fit_combines_with_every_filter(as_user, teacher, school, offers):
    """The municipality filter makes the query DISTINCT; the fit order must still work (PostgreSQL is strict)."""
    NeedFactory(organisation=school, created_by=teacher)
    html = as_user(teacher).get("/proposals/?sort=fit&municipality=espoo&level=grade_4&date_from=2000-01-01").text
    assert titles(html)[0] == offers[0].title


def test_no_badge_and_no_best_fit_without_a_published_need(as_user, teacher, representative, offers):
    for user in (teacher, representative):
        html = as_user(user).get("/proposals/?sort=fit").text
        assert "Fits your group" not in html
        assert 'value="fit"' not in html  # nothing to rank by: the option is not offered
        assert len(titles(html)) == 3  # an old link still lists everything


def test_an_offer_hidden_as_not_a_fit_gets_no_badge(as_user, teacher, school, offers):
    from kyky.matching.models import HiddenMatch

    game = offers[0]
    need = NeedFactory(organisation=school, created_by=teacher)
    HiddenMatch.objects.create(organisation=school, need=need, proposal=game, hidden_by=teacher)
    assert "Fits your group" not in as_user(teacher).get("/proposals/").text


def test_the_badges_cost_one_ranking_per_page_whatever_its_size(
    as_user, teacher, school, company, django_assert_max_num_queries
):
    for _ in range(30):
        ProposalFactory(organisation=company, subjects=["mathematics", "music"], municipalities=["espoo"])
    NeedFactory(organisation=school, created_by=teacher)
    client = as_user(teacher)
    client.get("/proposals/")  # builds the index
    builds = process_cache().builds
    for size in (5, 30):
        # the list (16) + the versions, the needs and their two code lists, hidden pairs, closures
        with django_assert_max_num_queries(22):
            html = client.get(f"/proposals/?page_size={size}&sort=fit").text
        assert html.count("Fits your group") == size
    assert process_cache().builds == builds


def test_the_api_sorts_as_the_page_does(api, teacher, school, offers):
    game, phonics, later = offers
    client = api.as_user(teacher)
    soonest = client.get("/api/v1/proposals/?sort=soonest").json()["results"]
    assert soonest[-1]["title"] == later.title
    assert client.get("/api/v1/proposals/?sort=fit").status_code == 200  # without a need: newest first
    NeedFactory(organisation=school, created_by=teacher)
    process_cache().clear()
    assert client.get("/api/v1/proposals/?sort=fit").json()["results"][0]["title"] == game.title
    bad = client.get("/api/v1/proposals/?sort=cheapest")
    assert bad.status_code == 400 and "sort" in bad.json()["errors"]


def test_needs_sort_too(as_user, representative, school):
    first = NeedFactory(organisation=school, title="Aikaisin")
    late = NeedFactory(organisation=school, title="Myöhään")
    from kyky.pilots.models import Need

    Need.objects.filter(pk=late.pk).update(starts_on=late.starts_on + timedelta(days=10))
    html = as_user(representative).get("/needs/?sort=soonest").text
    assert titles(html) == [first.title, late.title]
    assert 'value="fit"' not in html
