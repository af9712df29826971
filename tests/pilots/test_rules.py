"""The rules the records issue tightened: ended or closed pairs, re-accepting after a cancellation, feedback."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.utils import timezone

from contracts.models import Agreement
from kyky.core.models import AuditEntry
from kyky.pilots import services
from kyky.pilots.models import Application, Feedback, Need, Pilot, Proposal
from kyky.process import services as process
from tests.factories import NeedFactory, ProposalFactory

pytestmark = pytest.mark.django_db

APPLICATIONS = "/api/v1/applications/"


def _ended(obj) -> None:
    today = timezone.localdate()
    type(obj).objects.filter(pk=obj.pk).update(
        starts_on=today - dt.timedelta(days=60), ends_on=today - dt.timedelta(days=1)
    )


@pytest.mark.parametrize("which", ["proposal", "need"])
def test_applying_to_an_ended_offer_or_need_is_refused_with_409(api, company, school, representative, which):
    proposal, need = ProposalFactory(organisation=company), NeedFactory(organisation=school)
    _ended(proposal if which == "proposal" else need)
    response = api.as_user(representative).post(APPLICATIONS, {"proposal": proposal.pk, "need": need.pk}, format="json")
    assert response.status_code == 409
    assert "ended" in response.json()["detail"]
    assert not Application.objects.exists()


def test_accepting_an_application_whose_need_has_since_ended_is_refused(
    api, company, school, representative, principal
):
    proposal, need = ProposalFactory(organisation=company), NeedFactory(organisation=school)
    application = services.application_create(actor=representative, proposal=proposal, need=need)
    _ended(need)
    body = api.as_user(principal).get(f"{APPLICATIONS}{application.pk}/").json()
    assert "accept" not in body["actions"] and "decline" in body["actions"]
    assert api.as_user(principal).post(f"{APPLICATIONS}{application.pk}/accept/").status_code == 409
    assert Pilot.objects.count() == 0 and Proposal.objects.get().groups_accepted == 0


def test_after_a_cancelled_agreement_the_pair_can_be_accepted_again(api, company, school, representative, principal):
    proposal, need = ProposalFactory(organisation=company, capacity=1), NeedFactory(organisation=school)
    first = services.application_create(actor=representative, proposal=proposal, need=need)
    agreement = process.application_accept(actor=principal, application=first).agreement
    process.agreement_cancel(actor=principal, agreement=agreement, comment="Aikataulu muuttui")
    assert Application.objects.get(pk=first.pk).status == "cancelled"
    assert Need.objects.get().status == "published" and Proposal.objects.get().groups_accepted == 0

    again = api.as_user(representative).post(APPLICATIONS, {"proposal": proposal.pk, "need": need.pk}, format="json")
    assert again.status_code == 201
    accepted = api.as_user(principal).post(f"{APPLICATIONS}{again.json()['id']}/accept/")
    assert accepted.status_code == 200
    assert Agreement.objects.filter(status="draft").count() == 1 and Pilot.objects.count() == 2
    assert list(
        AuditEntry.objects.filter(content_type__model="application", object_id=first.pk)
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["apply", "accept", "cancel"]


def test_feedback_twice_from_one_side_updates_the_one_answer(company, school, representative, teacher, principal):
    proposal, need = ProposalFactory(organisation=company), NeedFactory(organisation=school)
    application = services.application_create(actor=representative, proposal=proposal, need=need)
    pilot = process.application_accept(actor=principal, application=application)
    Pilot.objects.filter(pk=pilot.pk).update(status="running")
    services.pilot_feedback(actor=teacher, pilot=pilot, rating=4, goals="partly", again=True, worked="Hyvä")
    services.pilot_feedback(actor=principal, pilot=pilot, rating=5, goals="yes", again=True, worked="Erinomainen")
    # unchanged: no entry
    services.pilot_feedback(actor=principal, pilot=pilot, rating=5, goals="yes", again=True, worked="Erinomainen")
    assert list(Feedback.objects.values_list("side", "rating", "goals", "worked")) == [
        ("school", 5, "yes", "Erinomainen")
    ]
    entries = AuditEntry.objects.filter(content_type__model="pilot", object_id=pilot.pk, action="feedback").order_by(
        "id"
    )
    assert [e.data.get("changes") for e in entries] == [None, {"rating": [4, 5], "goals": ["partly", "yes"]}]
    # The trail names a changed text but never keeps it: the retention period removes the texts.
    assert entries.last().data["texts_changed"] == ["worked"]
    assert "Hyvä" not in str(list(entries.values_list("data", flat=True)))


@pytest.mark.parametrize("model", [Proposal, Need, Application, Pilot, Agreement, AuditEntry])
def test_workflow_rows_cannot_be_deleted_in_the_admin(model):
    from kyky.accounts.models import User

    admin = site._registry[model]
    request = RequestFactory().get("/admin/")
    request.user = User(is_staff=True, is_superuser=True)
    assert not admin.has_delete_permission(request)
