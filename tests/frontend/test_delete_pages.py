"""Deleting a draft proposal or need: the owner is asked first; anything else is refused."""

from __future__ import annotations

import pytest

from kyky.pilots.models import Need, Proposal
from tests.factories import NeedFactory, ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafts(company, school, representative, teacher):
    return {
        "proposal": ProposalFactory(organisation=company, title="Luonnostarjous", status="draft"),
        "need": NeedFactory(organisation=school, title="Luonnostarve", status="draft"),
    }


OWNERS = {"proposal": "representative", "need": "teacher"}
MODELS = {"proposal": Proposal, "need": Need}


@pytest.mark.parametrize("kind", ["proposal", "need"])
def test_owner_is_asked_then_deletes_the_draft(as_user, request, drafts, kind):
    client = as_user(request.getfixturevalue(OWNERS[kind]))
    obj = drafts[kind]
    assert f'href="/{kind}s/{obj.pk}/delete/"' in client.get(f"/{kind}s/{obj.pk}/").text
    confirm = client.get(f"/{kind}s/{obj.pk}/delete/")
    assert confirm.status_code == 200 and "This cannot be undone." in confirm.text
    assert MODELS[kind].objects.filter(pk=obj.pk).exists()
    response = client.post(f"/{kind}s/{obj.pk}/delete/", follow=True)
    assert response.redirect_chain[0][0] == f"/{kind}s/?status=draft&mine=true"
    assert "was deleted" in response.text
    assert not MODELS[kind].objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("kind", ["proposal", "need"])
def test_a_published_one_cannot_be_deleted(as_user, request, company, school, kind):
    client = as_user(request.getfixturevalue(OWNERS[kind]))
    obj = ProposalFactory(organisation=company) if kind == "proposal" else NeedFactory(organisation=school)
    assert f"/{kind}s/{obj.pk}/delete/" not in client.get(f"/{kind}s/{obj.pk}/").text
    assert client.get(f"/{kind}s/{obj.pk}/delete/").status_code == 409
    response = client.post(f"/{kind}s/{obj.pk}/delete/")
    assert response.status_code == 409
    assert "Cannot delete" in response.text
    assert MODELS[kind].objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("user", ["teacher", "representative", "coordinator"])
def test_those_who_see_it_but_do_not_own_it_get_403(as_user, request, company, school, user):
    client = as_user(request.getfixturevalue(user))
    proposal, need = ProposalFactory(organisation=company), NeedFactory(organisation=school)
    if user != "representative":
        assert client.post(f"/proposals/{proposal.pk}/delete/").status_code == 403
    if user != "teacher":
        assert client.post(f"/needs/{need.pk}/delete/").status_code == 403
    assert Proposal.objects.count() == Need.objects.count() == 1


@pytest.mark.parametrize("user", ["other_representative", "other_teacher", "vantaa_coordinator"])
@pytest.mark.parametrize("kind", ["proposal", "need"])
def test_outsiders_get_404(as_user, request, drafts, user, kind):
    client = as_user(request.getfixturevalue(user))
    obj = drafts[kind]
    assert client.get(f"/{kind}s/{obj.pk}/delete/").status_code == 404
    assert client.post(f"/{kind}s/{obj.pk}/delete/").status_code == 404
    assert MODELS[kind].objects.filter(pk=obj.pk).exists()
