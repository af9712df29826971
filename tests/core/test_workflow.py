"""One home for each rule: the buttons and the API's `actions` offer exactly what the services allow."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation

from contracts import services as agreements
from contracts.models import Agreement
from kyky.core import workflow
from kyky.core.models import AuditEntry
from kyky.errors import DomainError
from kyky.pilots import services
from kyky.pilots.models import Application, Need, Pilot, Proposal
from kyky.process import services as process
from tests.factories import NeedFactory, ProposalFactory

pytestmark = pytest.mark.django_db


class _Rollback(Exception):
    pass


def succeeds(call) -> bool:
    """Whether the service call would go through; whatever it does is rolled back."""
    try:
        with transaction.atomic():
            call()
            raise _Rollback
    except _Rollback:
        return True
    except (DomainError, PermissionDenied, ValidationError):
        return False


COMPLETE_DETAILS = {
    "contacts": {"school": {"name": "Tiina Opettaja", "email": "tiina@auroran.example"}},
}


def _agreement_calls(agreement: Agreement, actor) -> dict:
    digest = agreement.approved_sha256 or "0" * 64
    return {
        "edit": lambda: agreements.agreement_update(actor=actor, agreement=agreement, data={"title": "Uusi nimi"}),
        "submit": lambda: agreements.agreement_submit(actor=actor, agreement=agreement),
        "remind": lambda: agreements.agreement_remind(actor=actor, agreement=agreement),
        "approve": lambda: agreements.agreement_approve(actor=actor, agreement=agreement),
        "return": lambda: agreements.agreement_return(actor=actor, agreement=agreement, comment="Korjatkaa"),
        "sign": lambda: agreements.agreement_sign(actor=actor, agreement=agreement, document_sha256=digest),
        "cancel": lambda: process.agreement_cancel(actor=actor, agreement=agreement),
    }


@pytest.fixture
def agreements_in_every_state(
    django_capture_on_commit_callbacks, company, school, representative, teacher, principal, coordinator
):
    """One agreement per state a user can act in: draft, half ready (the school's part marked ready, the
    company just reminded), submitted, returned, approved, half-signed, signed."""
    made = {}
    for state in ("draft", "half_ready", "submitted", "returned", "approved", "half_signed", "signed"):
        proposal = ProposalFactory(organisation=company, title=f"Peli {state}", capacity=1)
        need = NeedFactory(organisation=school, title=f"Tarve {state}")
        application = services.application_create(actor=representative, proposal=proposal, need=need)
        with django_capture_on_commit_callbacks(execute=True):
            agreement = process.application_accept(actor=principal, application=application).agreement
            agreements.agreement_update(actor=teacher, agreement=agreement, data=COMPLETE_DETAILS)
            if state != "draft":
                agreements.agreement_submit(actor=teacher, agreement=agreement)
            if state == "half_ready":
                agreements.agreement_remind(actor=teacher, agreement=agreement)
            elif state != "draft":
                agreements.agreement_submit(actor=representative, agreement=agreement)
            if state == "returned":
                agreements.agreement_return(actor=coordinator, agreement=agreement, comment="Lisää paikka")
            if state in ("approved", "half_signed", "signed"):
                agreements.agreement_approve(actor=coordinator, agreement=agreement)
        agreement.refresh_from_db()  # the approved document was stored when the approval committed
        with django_capture_on_commit_callbacks(execute=True):
            if state in ("half_signed", "signed"):
                agreements.agreement_sign(
                    actor=principal, agreement=agreement, document_sha256=agreement.approved_sha256
                )
            if state == "signed":
                agreements.agreement_sign(
                    actor=representative, agreement=agreement, document_sha256=agreement.approved_sha256
                )
        made[state] = Agreement.objects.get(pk=agreement.pk)
    return made


def test_agreement_actions_offered_are_exactly_what_the_services_allow(
    agreements_in_every_state, teacher, principal, representative, coordinator, vantaa_coordinator, other_teacher
):
    cast = [teacher, principal, representative, coordinator, vantaa_coordinator, other_teacher]
    checked = 0
    for state, agreement in agreements_in_every_state.items():
        for actor in cast:
            offered = set(workflow.available_actions(actor, Agreement.objects.get(pk=agreement.pk)))
            for action in Agreement.TRANSITIONS.keys() - {"complete"}:
                call = _agreement_calls(Agreement.objects.get(pk=agreement.pk), actor)[action]
                allowed = succeeds(call)
                assert (action in offered) == allowed, (state, actor.email, action, offered)
                checked += 1
    assert checked == 7 * 6 * 7


def test_only_the_signatories_cancel_an_approved_agreement(
    api, agreements_in_every_state, teacher, principal, coordinator
):
    approved = agreements_in_every_state["approved"]
    url = f"/api/v1/agreements/{approved.pk}/cancel/"
    assert api.as_user(teacher).post(url).status_code == 403
    assert api.as_user(coordinator).post(url).status_code == 403
    response = api.as_user(principal).post(url, {"comment": "Pilotti siirtyy"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    draft = agreements_in_every_state["draft"]
    assert api.as_user(coordinator).get(f"/api/v1/agreements/{draft.pk}/").json()["actions"] == ["cancel"]


def test_the_api_returns_the_actions_the_page_shows_as_buttons(
    api, client, agreements_in_every_state, principal, representative
):
    approved = agreements_in_every_state["approved"]
    for actor in (principal, representative):
        body = api.as_user(actor).get(f"/api/v1/agreements/{approved.pk}/").json()
        assert body["actions"] == ["sign", "cancel"]
        client.force_login(actor)
        page = client.get(f"/agreements/{approved.pk}/").text
        assert f'action="/agreements/{approved.pk}/sign/"' in page
        assert f'href="/agreements/{approved.pk}/edit/"' not in page
    half = agreements_in_every_state["half_signed"]
    assert api.as_user(principal).get(f"/api/v1/agreements/{half.pk}/").json()["actions"] == ["cancel"]
    assert api.as_user(representative).get(f"/api/v1/agreements/{half.pk}/").json()["actions"] == ["sign", "cancel"]


def _application_calls(application: Application, actor) -> dict:
    return {
        "accept": lambda: process.application_accept(actor=actor, application=application),
        "decline": lambda: services.application_decline(actor=actor, application=application),
        "withdraw": lambda: services.application_withdraw(actor=actor, application=application),
    }


def test_application_actions_offered_are_exactly_what_the_services_allow(
    company, school, representative, teacher, principal, coordinator, other_representative
):
    full = ProposalFactory(organisation=company, title="Täysi", capacity=1)
    Proposal.objects.filter(pk=full.pk).update(groups_accepted=1)
    cases = {
        "to the school": services.application_create(
            actor=representative, proposal=ProposalFactory(organisation=company), need=NeedFactory(organisation=school)
        ),
        "to the company": services.application_create(
            actor=teacher, proposal=ProposalFactory(organisation=company), need=NeedFactory(organisation=school)
        ),
    }
    late = services.application_create(actor=representative, proposal=full, need=NeedFactory(organisation=school))
    cases["no place left"] = late
    full.refresh_from_db()
    for name, application in cases.items():
        for actor in (teacher, principal, representative, coordinator, other_representative):
            offered = set(workflow.available_actions(actor, Application.objects.get(pk=application.pk)))
            for action in ("accept", "decline", "withdraw"):
                call = _application_calls(Application.objects.get(pk=application.pk), actor)[action]
                assert (action in offered) == succeeds(call), (name, actor.email, action, offered)


def test_proposal_and_need_actions_follow_their_tables(representative, teacher, coordinator, company, school):
    draft = ProposalFactory(organisation=company, status=Proposal.Status.DRAFT)
    published = ProposalFactory(organisation=company)
    assert workflow.available_actions(representative, draft) == ["edit", "delete", "publish"]
    assert workflow.available_actions(representative, published) == ["edit", "close"]
    assert workflow.available_actions(coordinator, published) == ["close_here", "request_changes"]
    assert workflow.available_actions(teacher, published) == []
    need = NeedFactory(organisation=school)
    assert workflow.available_actions(teacher, need) == ["edit", "close"]
    assert workflow.available_actions(representative, need) == []
    ended = NeedFactory(organisation=school, status=Need.Status.DRAFT)
    Need.objects.filter(pk=ended.pk).update(starts_on="2001-01-01", ends_on="2001-02-01")
    ended.refresh_from_db()
    assert "publish" not in workflow.available_actions(teacher, ended)  # it has ended: publishing would be refused


def test_every_transition_table_names_only_registered_rules():
    from kyky.matching.models import Round

    for model in (Proposal, Need, Application, Pilot, Agreement, Round):
        rules = workflow._REGISTRY[model]
        for action, move in model.TRANSITIONS.items():
            assert not move.who or move.who in rules.who, (model, action)
            assert not move.when or move.when in rules.when, (model, action)
            assert set(move.frm) <= set(model.Status.values), (model, action)
            assert move.to is None or move.to in model.Status.values, (model, action)


def test_the_write_paths_record_the_same_codes_in_finnish(api, company, school, representative, principal, teacher):
    """The actor's language never reaches the record: the same process in Finnish and in English."""

    def run(language: str) -> list[str]:
        proposal = ProposalFactory(organisation=company, title=f"Peli {language}")
        need = NeedFactory(organisation=school, title=f"Tarve {language}")
        with translation.override(language):
            client = api.as_user(representative)
            client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
            created = client.post("/api/v1/applications/", {"proposal": proposal.pk, "need": need.pk}, format="json")
            assert created.status_code == 201
            school_client = api.as_user(principal)
            school_client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
            accepted = school_client.post(f"/api/v1/applications/{created.json()['id']}/accept/")
            assert accepted.status_code == 200
            agreement = accepted.json()["agreement"]
            teacher_client = api.as_user(teacher)
            teacher_client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
            assert (
                teacher_client.patch(f"/api/v1/agreements/{agreement}/", COMPLETE_DETAILS, format="json").status_code
                == 200
            )
            assert teacher_client.post(f"/api/v1/agreements/{agreement}/submit/").status_code == 200
            assert client.post(f"/api/v1/agreements/{agreement}/submit/").json()["status"] == "submitted"
            history = teacher_client.get(f"/api/v1/agreements/{agreement}/").json()["history"]
        return [entry["action"] for entry in history], [entry["action_display"] for entry in history]

    codes_en, labels_en = run("en")
    codes_fi, labels_fi = run("fi")
    assert codes_en == codes_fi == ["create", "edit", "ready", "submit"]
    assert labels_en == ["created", "edited", "part marked ready", "submitted"]
    assert labels_fi == ["luotu", "muokattu", "osuus merkitty valmiiksi", "lähetetty hyväksyttäväksi"]
    assert set(AuditEntry.objects.values_list("action", flat=True)) <= {
        "create",
        "apply",
        "accept",
        "match",
        "edit",
        "ready",
        "submit",
    }


def test_an_edit_records_what_changed_and_a_write_that_changes_nothing_records_nothing(api, representative, company):
    proposal = ProposalFactory(organisation=company, capacity=3)
    client = api.as_user(representative)
    url = f"/api/v1/proposals/{proposal.pk}/"
    assert client.patch(url, {"capacity": 5, "subjects": ["mathematics", "music"]}, format="json").status_code == 200
    assert client.patch(url, {"capacity": 5}, format="json").status_code == 200  # the same again: no entry
    edits = list(AuditEntry.objects.filter(object_id=proposal.pk, content_type__model="proposal", action="edit"))
    assert len(edits) == 1
    assert edits[0].data["changes"] == {"capacity": [3, 5], "subjects": [["mathematics"], ["mathematics", "music"]]}
