"""Applications: a company applies to a need or a school expresses interest; the other side answers."""

from __future__ import annotations

import pytest

from contracts.models import Agreement
from kyky.core.models import AuditEntry
from kyky.pilots.models import Application, Need, Pilot, Proposal
from tests.factories import MembershipFactory, NeedFactory, ProposalFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/applications/"


@pytest.fixture
def pair(company, school, representative, teacher, principal):
    return ProposalFactory(organisation=company, capacity=2), NeedFactory(organisation=school, created_by=teacher)


def apply(api, user, proposal, need, message="Hei!"):
    return api.as_user(user).post(URL, {"proposal": proposal.pk, "need": need.pk, "message": message}, format="json")


def test_company_applies_and_principal_accepts(api, pair, representative, principal, mailoutbox):
    proposal, need = pair
    response = apply(api, representative, proposal, need)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["initiated_by"] == "company"
    assert body["status"] == "pending"
    assert body["pilot"] is None

    response = api.as_user(principal).post(f"{URL}{body['id']}/accept/", {"comment": "Tervetuloa"}, format="json")
    assert response.status_code == 200, response.content
    accepted = response.json()
    assert accepted["application"]["status"] == "accepted"
    pilot = Pilot.objects.get(pk=accepted["pilot"])
    assert pilot.status == "planned"
    assert pilot.agreement.pk == accepted["agreement"]
    assert pilot.agreement.status == "draft"
    proposal.refresh_from_db()
    need.refresh_from_db()
    assert proposal.capacity_left == 1
    assert need.status == "matched"
    assert AuditEntry.objects.filter(object_id=body["id"], to_state="accepted", actor=principal).exists()


def test_school_expresses_interest_and_company_accepts(api, pair, teacher, representative):
    proposal, need = pair
    created = apply(api, teacher, proposal, need).json()
    assert created["initiated_by"] == "school"
    assert api.as_user(teacher).post(f"{URL}{created['id']}/accept/").status_code == 403  # not the other side
    response = api.as_user(representative).post(f"{URL}{created['id']}/accept/")
    assert response.status_code == 200
    agreement = Agreement.objects.get(pk=response.json()["agreement"])
    # Prefilled from the two users who agreed.
    assert agreement.snapshot["contacts"]["school"]["email"] == teacher.email
    assert agreement.snapshot["contacts"]["company"]["email"] == representative.email


def test_a_teacher_cannot_accept_for_the_unit(api, pair, representative, teacher):
    proposal, need = pair
    created = apply(api, representative, proposal, need).json()
    assert api.as_user(teacher).post(f"{URL}{created['id']}/accept/").status_code == 403
    assert api.as_user(teacher).post(f"{URL}{created['id']}/decline/").status_code == 200


def test_initiator_withdraws_while_pending(api, pair, representative, principal):
    proposal, need = pair
    created = apply(api, representative, proposal, need).json()
    assert api.as_user(principal).post(f"{URL}{created['id']}/withdraw/").status_code == 403
    assert api.as_user(representative).post(f"{URL}{created['id']}/withdraw/").json()["status"] == "withdrawn"
    response = api.as_user(principal).post(f"{URL}{created['id']}/accept/")
    assert response.status_code == 409
    assert response.json()["status"] == "withdrawn"
    assert Pilot.objects.count() == 0
    proposal.refresh_from_db()
    assert proposal.groups_accepted == 0  # the failed acceptance took no place


def test_one_pending_application_per_pair(api, pair, representative, teacher):
    proposal, need = pair
    assert apply(api, representative, proposal, need).status_code == 201
    response = apply(api, teacher, proposal, need)
    assert response.status_code == 409
    assert Application.objects.count() == 1


def test_apply_only_with_your_own_side(api, pair, other_representative, other_teacher, coordinator):
    proposal, need = pair
    own = ProposalFactory(organisation=other_representative.member.organisation)
    assert apply(api, other_representative, proposal, need).status_code == 403
    assert apply(api, other_representative, own, need).status_code == 201
    assert apply(api, other_teacher, proposal, need).status_code == 403
    assert apply(api, coordinator, proposal, need).status_code == 403


def test_drafts_cannot_be_applied_to_and_outsiders_cannot_see_them(api, company, school, representative, teacher):
    draft_need = NeedFactory(organisation=school, status="draft")
    proposal = ProposalFactory(organisation=company)
    assert apply(api, representative, proposal, draft_need).status_code == 404  # invisible to the company
    draft_proposal = ProposalFactory(organisation=company, status="draft")
    need = NeedFactory(organisation=school)
    assert apply(api, representative, draft_proposal, need).status_code == 409  # own draft: not published


def test_bad_input_is_400(api, representative):
    response = api.as_user(representative).post(URL, {"proposal": "x"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"proposal", "need"}


def test_capacity_runs_out(api, company, school, other_school, representative, principal):
    proposal = ProposalFactory(organisation=company, capacity=1)
    needs = [NeedFactory(organisation=school), NeedFactory(organisation=school)]
    first, second = (apply(api, representative, proposal, need).json() for need in needs)
    assert api.as_user(principal).post(f"{URL}{first['id']}/accept/").status_code == 200
    response = api.as_user(principal).post(f"{URL}{second['id']}/accept/")
    assert response.status_code == 409
    assert Application.objects.get(pk=second["id"]).status == "pending"
    assert Need.objects.get(pk=needs[1].pk).status == "published"
    assert Proposal.objects.get(pk=proposal.pk).capacity_left == 0
    # No new applications for a full proposal either.
    third = NeedFactory(organisation=school)
    assert apply(api, representative, proposal, third).status_code == 409


def test_applications_are_visible_to_both_sides_and_the_coordinator_only(
    api, pair, representative, teacher, coordinator, vantaa_coordinator, other_representative, other_teacher
):
    proposal, need = pair
    created = apply(api, representative, proposal, need).json()
    for user in (representative, teacher, coordinator):
        assert api.as_user(user).get(f"{URL}{created['id']}/").status_code == 200
    for user in (vantaa_coordinator, other_representative, other_teacher):
        assert api.as_user(user).get(f"{URL}{created['id']}/").status_code == 404
        assert api.as_user(user).get(URL).json()["count"] == 0


def test_the_other_side_is_told_by_email(
    api, pair, representative, teacher, principal, mailoutbox, django_capture_on_commit_callbacks
):
    """The need's author and the unit's principals, who accept for it; not every teacher of the school."""
    proposal, need = pair
    Need.objects.filter(pk=need.pk).update(created_by=teacher)
    MembershipFactory(organisation=need.organisation, role="teacher")  # another teacher, not told
    with django_capture_on_commit_callbacks(execute=True):
        apply(api, representative, proposal, need, message="Meillä olisi tähän sopiva peli.")
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == sorted([teacher.email, principal.email])
    assert "Meillä olisi tähän sopiva peli." in mailoutbox[0].body
