"""Switching the language in the middle of a form keeps what was typed (without JavaScript, too)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from kyky.pilots.models import Need
from tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db

SWITCH = "/i18n/setlang-keep/"


def switch(client, page: str, data: dict, language: str):
    return client.post(f"{SWITCH}?next={page}", {**data, "ui_language": language})


def test_form_pages_send_the_form_with_the_language_buttons(as_user, teacher):
    html = as_user(teacher).get("/needs/new/").text
    buttons = re.findall(r'<button type="submit" name="ui_language"[^>]*>', html)
    assert len(buttons) == 3
    assert all('form="object-form"' in b and f'formaction="{SWITCH}?next=/needs/new/"' in b for b in buttons)
    assert 'id="object-form"' in html
    # Pages without a main form keep the plain switch.
    assert 'name="ui_language"' not in as_user(teacher).get("/proposals/").text


def test_a_new_need_keeps_what_was_typed_in_the_new_language(as_user, teacher):
    client = as_user(teacher)
    typed = {
        "title": "Murtoluvut 4B:lle",
        "description": "Tarvitsemme toiminnallisen tavan.",
        "levels": ["grade_4", "grade_5"],
        "language": "sv",
        "group_size": "24",
        "starts_on": "2027-01-12",
        "accepts_remote": "on",
    }
    response = switch(client, "/needs/new/", typed, "sv")
    assert response.status_code == 302 and response["Location"] == "/needs/new/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sv"
    html = client.get("/needs/new/").text
    assert '<html lang="sv">' in html
    assert 'value="Murtoluvut 4B:lle"' in html
    assert "Tarvitsemme toiminnallisen tavan.</textarea>" in html
    for level in ("grade_4", "grade_5"):
        assert re.search(rf'value="{level}"[^>]*checked', html)
    assert re.search(r'name="language" value="sv"[^>]*checked', html)  # the need's own language field
    assert re.search(r'name="accepts_remote"[^>]*checked', html)
    assert 'value="2027-01-12"' in html
    assert "errorlist" not in html  # not validated: nothing was saved, no error shown
    assert not Need.objects.exists()
    # Kept once: a later visit starts afresh.
    assert 'value="Murtoluvut 4B:lle"' not in client.get("/needs/new/").text


def test_editing_an_offer_keeps_the_changes_not_the_saved_values(as_user, representative, company):
    offer = ProposalFactory(organisation=company, title="Vanha nimi", status="draft")
    client = as_user(representative)
    page = f"/proposals/{offer.pk}/edit/"
    switch(client, page, {"title": "Uusi nimi", "subjects": []}, "en")
    html = client.get(page).text
    assert 'value="Uusi nimi"' in html
    assert not re.search(r'name="subjects"[^>]*checked', html)  # unticked boxes stay unticked
    offer.refresh_from_db()
    assert offer.title == "Vanha nimi"


def test_the_agreement_form_keeps_what_was_typed(as_user, teacher, draft_agreement):
    client = as_user(teacher)
    page = f"/agreements/{draft_agreement.pk}/edit/"
    html = client.get(page).text
    assert 'id="agreement-form"' in html and 'form="agreement-form"' in html
    switch(client, page, {"groups": "4A ja 4B", "contact_phone": "+358 40 123 4567", "language": "en"}, "sv")
    html = client.get(page).text
    assert "4A ja 4B</textarea>" in html and 'value="+358 40 123 4567"' in html
    assert re.search(r'name="language" value="en"[^>]*checked', html)
    draft_agreement.refresh_from_db()
    assert draft_agreement.snapshot["pilot"]["groups"] != "4A ja 4B"


def test_only_this_sites_pages_and_reasonable_sizes_are_kept(as_user, teacher):
    client = as_user(teacher)
    away = switch(client, "https://evil.example/needs/new/", {"title": "x"}, "sv")
    assert not away["Location"].startswith("https://evil.example")
    switch(client, "/needs/new/", {"description": "x" * 70_000}, "sv")
    assert "xxxxxxxxxx" not in client.get("/needs/new/").text
    assert client.session.get("form_drafts", {}) == {}


def test_the_switch_needs_the_forms_csrf_token(teacher, client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(teacher)
    assert switch(strict, "/needs/new/", {"title": "x"}, "sv").status_code == 403
