"""Fair moderation through the API: a coordinator asks for changes (the offer stays published) or closes an
offer for their municipality with a reason, reopens it, and the company hears of each."""

from __future__ import annotations

import pytest

from kyky.core.models import AuditEntry
from kyky.pilots.models import ProposalChangeRequest
from tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _everyone_reads_english(teacher, principal, representative, coordinator):
    """E-mails go out in each recipient's language; these tests read them in English."""
    from kyky.accounts.models import User

    User.objects.update(language="en")


URL = "/api/v1/proposals/"


@pytest.fixture
def offer(company, representative):
    return ProposalFactory(organisation=company, title="Murtolukupeli", municipalities=["espoo", "vantaa"])


def at(offer, action: str = "") -> str:
    return f"{URL}{offer.pk}/{action + '/' if action else ''}"


def entries(offer, action: str):
    return AuditEntry.objects.filter(content_type__model="proposal", object_id=offer.pk, action=action)


def test_a_coordinator_asks_for_changes_and_the_company_is_told(
    api, offer, coordinator, representative, teacher, mailoutbox, django_capture_on_commit_callbacks
):
    assert api.as_user(coordinator).get(at(offer)).json()["actions"] == ["close_here", "request_changes"]
    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_user(coordinator).post(
            at(offer, "request_changes"), {"comment": "Poistakaa mainos oppilaille."}, format="json"
        )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "published"
    assert body["actions"] == ["close_here", "withdraw_request"]
    assert [(n["municipality"], n["comment"]) for n in body["moderation"]["changes_requested"]] == [
        ("espoo", "Poistakaa mainos oppilaille.")
    ]
    [message] = mailoutbox
    assert message.to == [representative.email]
    assert message.subject == "Espoo asks for changes to your pilot offer “Murtolukupeli”"
    assert "Poistakaa mainos oppilaille." in message.body
    entry = entries(offer, "request_changes").get()
    assert (entry.comment, entry.data, entry.from_state, entry.to_state) == (
        "Poistakaa mainos oppilaille.", {"municipality": "espoo"}, "published", "published"
    )  # fmt: skip
    # The company sees the request; the offer stays listed for teachers, who do not see the request.
    seen = api.as_user(representative).get(at(offer)).json()["moderation"]
    assert [n["comment"] for n in seen["changes_requested"]] == ["Poistakaa mainos oppilaille."]
    as_teacher = api.as_user(teacher).get(at(offer)).json()
    assert as_teacher["moderation"] is None
    assert api.as_user(teacher).get(URL).json()["count"] == 1


def test_asking_needs_a_comment_and_once_per_municipality(api, offer, coordinator):
    response = api.as_user(coordinator).post(at(offer, "request_changes"), {"comment": "  "}, format="json")
    assert response.status_code == 400 and "comment" in response.json()["errors"]
    assert api.as_user(coordinator).post(at(offer, "request_changes"), {}, format="json").status_code == 400
    assert not ProposalChangeRequest.objects.exists()
    api.as_user(coordinator).post(at(offer, "request_changes"), {"comment": "Korjatkaa"}, format="json")
    again = api.as_user(coordinator).post(at(offer, "request_changes"), {"comment": "Taas"}, format="json")
    assert again.status_code == 409
    assert ProposalChangeRequest.objects.get().comment == "Korjatkaa"


@pytest.mark.parametrize("user", ["teacher", "representative", "other_representative"])
def test_only_coordinators_of_served_municipalities_ask(api, request, offer, user):
    response = api.as_user(request.getfixturevalue(user)).post(
        at(offer, "request_changes"), {"comment": "x"}, format="json"
    )
    assert response.status_code == 403
    assert not ProposalChangeRequest.objects.exists()


def test_each_municipalitys_coordinator_asks_for_their_own(api, offer, coordinator, vantaa_coordinator):
    api.as_user(coordinator).post(at(offer, "request_changes"), {"comment": "Espoon pyyntö"}, format="json")
    api.as_user(vantaa_coordinator).post(at(offer, "request_changes"), {"comment": "Vantaan pyyntö"}, format="json")
    seen = api.as_user(vantaa_coordinator).get(at(offer)).json()["moderation"]["changes_requested"]
    assert [n["comment"] for n in seen] == ["Vantaan pyyntö"]  # only their own municipality's
    assert api.as_user(vantaa_coordinator).post(at(offer, "withdraw_request")).status_code == 200
    assert list(ProposalChangeRequest.objects.values_list("municipality", flat=True)) == ["espoo"]


def test_the_companys_edit_answers_the_request(
    api, offer, coordinator, representative, mailoutbox, django_capture_on_commit_callbacks
):
    api.as_user(coordinator).post(at(offer, "request_changes"), {"comment": "Korjatkaa kuvaus"}, format="json")
    client = api.as_user(representative)
    client.patch(at(offer), {"title": offer.title}, format="json")  # changes nothing: the request stands
    assert ProposalChangeRequest.objects.exists()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        body = client.patch(at(offer), {"description": "Uusi kuvaus ilman mainoksia."}, format="json").json()
    assert body["moderation"]["changes_requested"] == []
    assert not ProposalChangeRequest.objects.exists()
    assert entries(offer, "edit").get().data["change_requests_answered"] == ["espoo"]
    assert [m.to for m in mailoutbox] == [[coordinator.email]]
    assert "changed the pilot offer “Murtolukupeli”" in mailoutbox[0].subject
    assert api.as_user(coordinator).get(at(offer)).json()["actions"] == ["close_here", "request_changes"]


def test_the_coordinator_withdraws_the_request(
    api, offer, coordinator, representative, mailoutbox, django_capture_on_commit_callbacks
):
    api.as_user(coordinator).post(at(offer, "request_changes"), {"comment": "Korjatkaa"}, format="json")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_user(coordinator).post(at(offer, "withdraw_request"))
    assert response.status_code == 200
    assert not ProposalChangeRequest.objects.exists()
    assert entries(offer, "withdraw_request").get().data == {"municipality": "espoo"}
    assert [m.to for m in mailoutbox] == [[representative.email]]
    assert api.as_user(coordinator).post(at(offer, "withdraw_request")).status_code == 409


def test_closing_needs_a_reason_tells_the_company_and_supersedes_the_request(
    api, offer, coordinator, representative, mailoutbox, django_capture_on_commit_callbacks
):
    client = api.as_user(coordinator)
    client.post(at(offer, "request_changes"), {"comment": "Korjatkaa"}, format="json")
    assert client.post(at(offer, "close"), {"comment": ""}, format="json").status_code == 400
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        body = client.post(at(offer, "close"), {"comment": "Mainontaa oppilaille."}, format="json").json()
    assert body["status"] == "published"  # open elsewhere
    assert body["actions"] == ["reopen_here"]
    assert body["moderation"] == {
        "closed_in": [
            {"municipality": "espoo", "comment": "Mainontaa oppilaille.", "created_at": body["moderation"]["closed_in"][0]["created_at"]}
        ],
        "changes_requested": [],
    }  # fmt: skip
    [message] = mailoutbox
    assert message.to == [representative.email]
    assert message.subject == "Your pilot offer “Murtolukupeli” was closed in Espoo"
    assert "Mainontaa oppilaille." in message.body and "stays open in the other municipalities" in message.body

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reopened = client.post(at(offer, "reopen"), {"comment": "Korjattu"}, format="json").json()
    assert reopened["moderation"]["closed_in"] == []
    assert reopened["actions"] == ["close_here", "request_changes"]
    assert [m.subject for m in mailoutbox] == ["Your pilot offer “Murtolukupeli” is open again in Espoo"]
    assert entries(offer, "reopen_here").get().comment == "Korjattu"


def test_the_new_actions_record_their_codes_in_finnish(api, offer, coordinator):
    client = api.as_user(coordinator)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fi"
    client.post(at(offer, "request_changes"), {"comment": "Korjatkaa"}, format="json")
    client.post(at(offer, "withdraw_request"))
    assert list(
        AuditEntry.objects.filter(content_type__model="proposal", object_id=offer.pk)
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["request_changes", "withdraw_request"]
