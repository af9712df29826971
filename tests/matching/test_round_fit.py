"""Rounds suggest only real fits: a minimum fit, no pair that already has an application or a pilot."""

from __future__ import annotations

import pytest

from kyky.core.models import AuditEntry
from kyky.matching import documents, indexes, services
from kyky.matching.engine import MIN_FIT
from kyky.matching.models import HiddenMatch, Round
from kyky.pilots import services as pilot_services
from kyky.pilots.models import Application
from kyky.process import services as process
from tests.factories import NeedFactory, ProposalFactory, spring

pytestmark = pytest.mark.django_db

URL = "/api/v1/rounds/"


def window() -> dict:
    term = spring()
    return {"starts_on": term.starts_on, "ends_on": term.ends_on}


@pytest.fixture
def stress_and_business(school, company, teacher, representative):
    """A ninth grade's stress-management need and an entrepreneurship offer: same level, language and term."""
    need = NeedFactory(
        organisation=school,
        title="Stressinhallintaa koeviikoille",
        description="Yhdeksäsluokkalaiset tarvitsevat keinoja stressin ja jännityksen hallintaan koeviikoilla.",
        subjects=["wellbeing", "health_education"],
        levels=["grade_9"],
    )
    offer = ProposalFactory(
        organisation=company,
        title="Yrittäjyyspeli",
        summary="Oppilaat perustavat harjoitusyrityksen.",
        description="Oppilaat perustavat harjoitusyrityksen, laativat liiketoimintasuunnitelman ja myyvät tuotteensa.",
        subjects=["entrepreneurship"],
        levels=["grade_9"],
    )
    return need, offer


def test_a_stress_need_and_an_entrepreneurship_offer_are_not_paired(api, coordinator, teacher, stress_and_business):
    need, offer = stress_and_business
    # The pair is feasible, and scores low: its level and dates, and a word or two in common.
    ranked = indexes.proposal_index().rank_need(documents.need_doc(need), 10)
    assert [m.proposal_id for m in ranked] == [offer.pk]
    assert 0 < ranked[0].score < MIN_FIT

    assert api.as_user(teacher).get(f"/api/v1/needs/{need.pk}/matches/").json()["results"] == []
    response = api.as_user(coordinator).post(URL, {k: str(v) for k, v in window().items()}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["min_score"] == MIN_FIT
    assert response.json()["pairs"] == []

    # A coordinator who asks for any fit at all gets it: the minimum is what kept it out.
    anything = services.round_create(actor=coordinator, **window(), min_score=0)
    assert [(p.need_id, p.proposal_id) for p in anything.pairs.all()] == [(need.pk, offer.pk)]


def test_the_minimum_fit_is_stored_and_audited(coordinator, school, company):
    NeedFactory(organisation=school)
    ProposalFactory(organisation=company)
    strict = services.round_create(actor=coordinator, **window(), min_score=0.99)
    assert strict.min_score == 0.99 and not strict.pairs.exists()
    entry = AuditEntry.objects.get(content_type__model="round", object_id=strict.pk, action="create")
    assert entry.data == {"pairs": 0, "min_score": 0.99}
    lenient = services.round_create(actor=coordinator, **window(), min_score=0.1)
    assert lenient.pairs.count() == 1


@pytest.mark.parametrize("value", [-0.1, 1.5, "much"])
def test_a_minimum_fit_outside_0_to_1_is_a_field_error(api, coordinator, value):
    body = {**{k: str(v) for k, v in window().items()}, "min_score": value}
    response = api.as_user(coordinator).post(URL, body, format="json")
    assert response.status_code == 400
    assert "min_score" in response.json()["errors"]
    assert not Round.objects.exists()


@pytest.fixture
def favourite_and_second(school, company, other_company, representative):
    """A need whose best fit is one offer and whose second best is another."""
    need = NeedFactory(organisation=school, title="Murtolukupeli neloselle")
    best = ProposalFactory(
        organisation=company,
        title="Murtolukupeli",
        description="Nelosluokka oppii murtolukuja toiminnallisesti pelaamalla murtolukupeliä.",
        levels=["grade_4"],
    )
    second = ProposalFactory(
        organisation=other_company,
        title="Matematiikan harjoituksia",
        summary="Harjoituksia matematiikkaan.",
        description="Tehtäviä peruslaskuihin ja geometriaan.",
        levels=["grade_3", "grade_4", "grade_5", "grade_6"],
    )
    plain = services.round_create(actor=_coordinator(school), **window())
    assert [p.proposal_id for p in plain.pairs.all()] == [best.pk], "the fixture's favourite must win on its own"
    plain.delete()
    return need, best, second


def _coordinator(school):
    from kyky.accounts.models import User

    return User.objects.get(membership__role="coordinator", membership__organisation__municipality=school.municipality)


@pytest.mark.parametrize("state", ["pending", "declined", "withdrawn", "accepted", "cancelled"])
def test_a_pair_with_an_application_in_any_state_is_skipped_for_the_next_best(
    coordinator, teacher, principal, representative, favourite_and_second, state
):
    need, best, second = favourite_and_second
    application = pilot_services.application_create(actor=representative, proposal=best, need=need)
    if state == "declined":
        pilot_services.application_decline(actor=principal, application=application)
    elif state == "withdrawn":
        pilot_services.application_withdraw(actor=representative, application=application)
    elif state in ("accepted", "cancelled"):
        agreement = process.application_accept(actor=principal, application=application).agreement
        if state == "cancelled":  # the pilot was called off: the need is open again
            process.agreement_cancel(actor=teacher, agreement=agreement)
    assert Application.objects.get(pk=application.pk).status == state
    planned = services.round_create(actor=coordinator, **window())
    pairs = [(p.need_id, p.proposal_id) for p in planned.pairs.all()]
    if state == "accepted":
        assert pairs == []  # the need is matched: no longer in any round
    else:
        assert pairs == [(need.pk, second.pk)]


def test_a_pair_either_side_marked_not_a_fit_is_skipped(coordinator, teacher, favourite_and_second):
    need, best, second = favourite_and_second
    services.match_hide(actor=teacher, need=need, proposal=best, seen_from=need)
    planned = services.round_create(actor=coordinator, **window())
    assert [(p.need_id, p.proposal_id) for p in planned.pairs.all()] == [(need.pk, second.pk)]
    assert HiddenMatch.objects.count() == 1


def test_an_offer_closed_in_the_municipality_leaves_its_need_the_next_best(coordinator, favourite_and_second):
    need, best, second = favourite_and_second
    pilot_services.proposal_close_here(actor=coordinator, proposal=best, comment="Mainontaa oppilaille.")
    planned = services.round_create(actor=coordinator, **window())
    assert [(p.need_id, p.proposal_id) for p in planned.pairs.all()] == [(need.pk, second.pk)]
