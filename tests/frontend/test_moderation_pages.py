"""Moderation on the pages: ask for changes, close with a reason after a confirmation step, reopen; the
company sees what concerns its offer on the offer's page."""

from __future__ import annotations

import pytest

from kyky.pilots.models import ProposalChangeRequest, ProposalClosure
from tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(company, representative):
    return ProposalFactory(organisation=company, title="Murtolukupeli")


def page(client, offer) -> str:
    return client.get(f"/proposals/{offer.pk}/").text


def moderation(html: str) -> str:
    start = html.find('id="moderation"')
    return html[start : html.index("</section>", start)] if start >= 0 else ""


def test_the_coordinator_asks_for_changes_from_the_offers_page(as_user, coordinator, representative, offer):
    client = as_user(coordinator)
    section = moderation(page(client, offer))
    assert f'action="/proposals/{offer.pk}/request-changes/"' in section
    assert f'href="/proposals/{offer.pk}/close-here/"' in section
    response = client.post(f"/proposals/{offer.pk}/request-changes/", {"comment": ""})
    assert response.status_code == 400
    assert 'id="id_changes_comment_error"' in response.text
    assert not ProposalChangeRequest.objects.exists()
    response = client.post(f"/proposals/{offer.pk}/request-changes/", {"comment": "Poistakaa mainos."}, follow=True)
    assert response.redirect_chain == [(f"/proposals/{offer.pk}/#moderation", 302)]
    section = moderation(response.text)
    assert "Espoo asks for changes" in section and "Poistakaa mainos." in section
    assert f'action="/proposals/{offer.pk}/withdraw-request/"' in section
    assert "request-changes" not in section  # asked once

    company = as_user(representative)
    section = moderation(page(company, offer))
    assert "Poistakaa mainos." in section and "the request clears when you save your changes" in section
    assert f'href="/proposals/{offer.pk}/edit/"' in section
    assert "withdraw-request" not in section


def test_teachers_do_not_see_moderation(as_user, coordinator, teacher, offer):
    as_user(coordinator).post(f"/proposals/{offer.pk}/request-changes/", {"comment": "Poistakaa mainos."})
    html = page(as_user(teacher), offer)
    assert moderation(html) == "" and "Poistakaa mainos." not in html


def test_the_company_edits_and_the_request_clears(as_user, coordinator, representative, offer):
    as_user(coordinator).post(f"/proposals/{offer.pk}/request-changes/", {"comment": "Poistakaa mainos."})
    client = as_user(representative)
    form = client.get(f"/proposals/{offer.pk}/edit/")
    assert form.status_code == 200
    ProposalChangeRequest.objects.get()  # still there until the edit is saved
    from kyky.pilots import services

    services.proposal_update(actor=representative, proposal=offer, data={"summary": "Ilman mainoksia."})
    assert "Poistakaa mainos." not in moderation(page(client, offer))  # only in the history now


def test_the_coordinator_withdraws_the_request(as_user, coordinator, offer):
    client = as_user(coordinator)
    client.post(f"/proposals/{offer.pk}/request-changes/", {"comment": "Poistakaa mainos."})
    response = client.post(f"/proposals/{offer.pk}/withdraw-request/", follow=True)
    assert "Your request for changes was withdrawn." in response.text
    assert not ProposalChangeRequest.objects.exists()


def test_closing_takes_a_reason_then_a_confirmation(as_user, coordinator, representative, offer):
    client = as_user(coordinator)
    url = f"/proposals/{offer.pk}/close-here/"
    first = client.get(url)
    assert first.status_code == 200 and 'id="close-reason"' in first.text and "stays open in the other" in first.text
    empty = client.post(url, {"comment": " "})
    assert empty.status_code == 400 and 'id="id_comment_error"' in empty.text
    confirm = client.post(url, {"comment": "Mainontaa oppilaille."})
    assert confirm.status_code == 200 and 'id="confirm-close"' in confirm.text
    assert "Mainontaa oppilaille." in confirm.text and 'name="confirmed" value="True"' in confirm.text
    assert not ProposalClosure.objects.exists()  # nothing closed before the confirmation
    back = client.post(url, {"comment": "Mainontaa oppilaille.", "confirmed": "True", "change": "1"})
    assert 'id="close-reason"' in back.text and "Mainontaa oppilaille.</textarea>" in back.text
    assert not ProposalClosure.objects.exists()
    done = client.post(url, {"comment": "Mainontaa oppilaille.", "confirmed": "True"}, follow=True)
    assert done.redirect_chain == [(f"/proposals/{offer.pk}/", 302)]
    assert "The offer is closed in Espoo. The company was told why." in done.text
    assert ProposalClosure.objects.get().comment == "Mainontaa oppilaille."
    assert f'action="/proposals/{offer.pk}/reopen/"' in moderation(done.text)

    section = moderation(page(as_user(representative), offer))
    assert "Closed in Espoo on" in section and "Mainontaa oppilaille." in section


@pytest.mark.parametrize("user", ["teacher", "representative", "vantaa_coordinator"])
def test_only_a_coordinator_it_serves_gets_the_confirmation_page(as_user, request, offer, user):
    client = as_user(request.getfixturevalue(user))
    assert client.get(f"/proposals/{offer.pk}/close-here/").status_code == 403
    response = client.post(f"/proposals/{offer.pk}/close-here/", {"comment": "x", "confirmed": "True"})
    assert response.status_code == 403
    assert not ProposalClosure.objects.exists()


def test_the_dashboard_asks_for_changes_closes_and_reopens(as_user, coordinator, offer):
    client = as_user(coordinator)
    section = client.get("/coordinator/").text.split('id="moderation"')[1]
    assert f'action="/proposals/{offer.pk}/request-changes/"' in section
    assert f'href="/proposals/{offer.pk}/close-here/?next=/coordinator/%23moderation"' in section
    response = client.post(
        f"/proposals/{offer.pk}/request-changes/", {"comment": "", "next": f"/coordinator/#moderate-{offer.pk}"}
    )
    assert response.status_code == 400 and f'id="id_comment_changes_{offer.pk}_error"' in response.text
    response = client.post(
        f"/proposals/{offer.pk}/request-changes/",
        {"comment": "Korjatkaa", "next": f"/coordinator/#moderate-{offer.pk}"},
    )
    assert response["Location"] == f"/coordinator/#moderate-{offer.pk}"
    assert "Changes requested" in client.get("/coordinator/").text.split('id="moderation"')[1]
    client.post(
        f"/proposals/{offer.pk}/close-here/",
        {"comment": "Mainontaa", "confirmed": "True", "next": "/coordinator/#moderation"},
    )
    section = client.get("/coordinator/").text.split('id="moderation"')[1]
    assert f'id="moderate-{offer.pk}"' not in section and f'id="closed-{offer.pk}"' in section
    response = client.post(f"/proposals/{offer.pk}/reopen/", {"next": "/coordinator/#moderation"})
    assert response["Location"] == "/coordinator/#moderation"
    assert not ProposalClosure.objects.exists()
