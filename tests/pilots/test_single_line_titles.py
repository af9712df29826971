"""A title is one line, and no name in an e-mail subject can break the e-mail (BadHeaderError)."""

from __future__ import annotations

import pytest

from kyky.pilots.models import Need, Proposal
from tests.factories import NeedFactory, ProposalFactory
from tests.frontend.test_need_pages import form_data as need_form
from tests.frontend.test_proposal_pages import form_data as proposal_form
from tests.pilots.test_needs_api import payload as need_payload
from tests.pilots.test_proposals_api import payload as proposal_payload

pytestmark = pytest.mark.django_db

MESSAGE = "Write the title on one line, without line breaks."


@pytest.mark.parametrize("title", ["Murtoluvut\nhaltuun", "Murtoluvut\rhaltuun", "Murtoluvut\r\nBcc: x@evil.example"])
def test_the_api_refuses_a_title_with_a_line_break(api, representative, teacher, title):
    response = api.as_user(representative).post("/api/v1/proposals/", proposal_payload(title=title), format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["title"] == [MESSAGE]
    response = api.as_user(teacher).post("/api/v1/needs/", need_payload(title=title), format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["title"] == [MESSAGE]
    assert not Proposal.objects.exists() and not Need.objects.exists()


def test_an_edit_cannot_add_a_line_break_either(api, representative, company):
    proposal = ProposalFactory(organisation=company, status="draft")
    response = api.as_user(representative).patch(
        f"/api/v1/proposals/{proposal.pk}/", {"title": "One\nTwo"}, format="json"
    )
    assert response.status_code == 400 and "title" in response.json()["errors"]
    proposal.refresh_from_db()
    assert "\n" not in proposal.title


def test_the_forms_refuse_a_title_with_a_line_break(client, representative, teacher):
    client.force_login(representative)
    response = client.post("/proposals/new/", proposal_form(title="Murtoluvut\r\nhaltuun"))
    assert response.status_code == 400 and MESSAGE in response.text
    client.force_login(teacher)
    response = client.post("/needs/new/", need_form(title="Murtoluvut\nhaltuun"))
    assert response.status_code == 400 and MESSAGE in response.text
    assert not Proposal.objects.exists() and not Need.objects.exists()


def test_a_title_stored_with_a_line_break_still_gets_its_email_sent(
    api, company, school, representative, teacher, principal, mailoutbox, django_capture_on_commit_callbacks
):
    proposal, need = ProposalFactory(organisation=company), NeedFactory(organisation=school, created_by=teacher)
    Need.objects.filter(pk=need.pk).update(title="Murtoluvut\r\nhaltuun")  # stored before titles were checked
    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_user(representative).post(
            "/api/v1/applications/", {"proposal": proposal.pk, "need": need.pk, "message": "Hei!"}, format="json"
        )
    assert response.status_code == 201
    assert sorted(m.to[0] for m in mailoutbox) == sorted([teacher.email, principal.email])
    # In the recipients' language (their unit's: Finnish), on one line.
    assert all("Murtoluvut haltuun" in m.subject and "\n" not in m.subject for m in mailoutbox)
