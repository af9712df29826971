"""Two people edit the same thing: whoever saves second is told, and nothing of the first save is lost."""

from __future__ import annotations

import re

import pytest

from contracts.models import Agreement
from kyky.pilots.models import Need, Proposal
from tests.factories import NeedFactory, ProposalFactory
from tests.frontend.test_agreement_pages import details
from tests.frontend.test_agreement_pages import url as agreement_url
from tests.frontend.test_proposal_pages import form_data

pytestmark = pytest.mark.django_db

STALE = "Someone else saved this in the meantime, so your changes were not saved."


def version_on(page: str) -> str:
    match = re.search(r'<input type="hidden" name="version" value="(\d+)"', page)
    assert match, "the edit page carries the version it shows"
    return match.group(1)


def test_the_second_save_of_a_proposal_is_refused_with_a_message(client, as_user, company, representative):
    from django.test import Client

    proposal = ProposalFactory(organisation=company, title="Murtolukupeli")
    mine, theirs = as_user(representative), Client(HTTP_ACCEPT_LANGUAGE="en")
    theirs.force_login(representative)  # the same company, in another browser
    edit = f"/proposals/{proposal.pk}/edit/"
    mine_version = version_on(mine.get(edit).text)
    their_version = version_on(theirs.get(edit).text)

    assert theirs.post(edit, form_data(title="Heidän otsikkonsa", version=their_version)).status_code == 302
    response = mine.post(edit, form_data(title="Minun otsikkoni", version=mine_version))

    assert response.status_code == 412
    assert STALE in response.text
    assert 'value="Minun otsikkoni"' in response.text  # what I typed is still on the page, to copy
    assert Proposal.objects.get(pk=proposal.pk).title == "Heidän otsikkonsa"
    # After reloading, the page carries the new version and my save goes through.
    fresh = version_on(mine.get(edit).text)
    assert mine.post(edit, form_data(title="Minun otsikkoni", version=fresh)).status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).title == "Minun otsikkoni"


def test_a_stale_need_edit_is_refused(as_user, school, teacher):
    need = NeedFactory(organisation=school, title="Murtoluvut")
    client = as_user(teacher)
    edit = f"/needs/{need.pk}/edit/"
    version = version_on(client.get(edit).text)
    Need.objects.filter(pk=need.pk).update(title="Joku muu tallensi", version=int(version) + 1)
    page = client.get(edit).text
    data = {
        "title": "Minun",
        "description": "Kuvaus",
        "levels": ["grade_4"],
        "subjects": ["mathematics"],
        "language": "fi",
        "group_size": "20",
        "starts_on": need.starts_on.isoformat(),
        "ends_on": need.ends_on.isoformat(),
        "version": version,
    }
    assert 'name="version"' in page
    response = client.post(edit, data)
    assert response.status_code == 412
    assert STALE in response.text
    assert Need.objects.get(pk=need.pk).title == "Joku muu tallensi"


def test_a_stale_agreement_edit_is_refused(as_user, teacher, representative, draft_agreement):
    edit = agreement_url(draft_agreement, "edit")
    school_version = version_on(as_user(teacher).get(edit).text)
    company = as_user(representative)
    company_version = version_on(company.get(edit).text)
    assert company_version == school_version
    as_user(teacher)
    assert (
        as_user(teacher)
        .post(edit, details(place="Koulun sali", contact_email="t@auroran.example", version=school_version))
        .status_code
        == 302
    )
    company = as_user(representative)
    response = company.post(edit, details(product="Toinen tuote", version=company_version))
    assert response.status_code == 412
    assert STALE in response.text
    agreement = Agreement.objects.get(pk=draft_agreement.pk)
    assert agreement.snapshot["pilot"]["place"] == "Koulun sali"
    assert agreement.snapshot["pilot"]["product"] != "Toinen tuote"


def test_a_form_without_the_version_still_saves(as_user, company, representative):
    proposal = ProposalFactory(organisation=company)
    response = as_user(representative).post(f"/proposals/{proposal.pk}/edit/", form_data(title="Ilman versiota"))
    assert response.status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).title == "Ilman versiota"
