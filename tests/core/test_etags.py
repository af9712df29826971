"""Optimistic concurrency through the API: ETag on detail, If-Match on PATCH, 412 on a stale edit."""

from __future__ import annotations

import pytest

from contracts.models import Agreement
from kyky.core.models import AuditEntry
from kyky.pilots import services
from kyky.pilots.models import Need, Proposal
from kyky.process import services as process
from tests.factories import NeedFactory, ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(company):
    return ProposalFactory(organisation=company, status="draft")


@pytest.fixture
def need(school):
    return NeedFactory(organisation=school, status="draft")


@pytest.fixture
def agreement(company, school, representative, teacher):
    proposal = ProposalFactory(organisation=company, processes_personal_data=False)
    application = services.application_create(actor=teacher, proposal=proposal, need=NeedFactory(organisation=school))
    return process.application_accept(actor=representative, application=application).agreement


KINDS = ["proposal", "need", "agreement"]


@pytest.fixture(params=KINDS)
def kind(request, api, proposal, need, agreement, representative, teacher):
    if request.param == "proposal":
        return api.as_user(representative), f"/api/v1/proposals/{proposal.pk}/", "title", Proposal, proposal.pk
    if request.param == "need":
        return api.as_user(teacher), f"/api/v1/needs/{need.pk}/", "title", Need, need.pk
    return api.as_user(teacher), f"/api/v1/agreements/{agreement.pk}/", "purpose", Agreement, agreement.pk


def current(obj_model, pk, field):
    obj = obj_model.objects.get(pk=pk)
    return obj.snapshot["pilot"][field] if obj_model is Agreement else getattr(obj, field)


def test_detail_carries_the_version_as_etag(kind):
    client, url, _field, _model, _pk = kind
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"] == f'"{response.json()["version"]}"'


def test_a_matching_if_match_saves_and_returns_the_new_etag(kind):
    client, url, field, model, pk = kind
    etag = client.get(url)["ETag"]
    response = client.patch(url, {field: "Ensimmäinen muutos tähän"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response["ETag"] != etag
    assert response["ETag"] == f'"{response.json()["version"]}"'
    assert client.get(url)["ETag"] == response["ETag"]
    assert current(model, pk, field) == "Ensimmäinen muutos tähän"


def test_a_stale_if_match_is_412_and_overwrites_nothing(kind):
    client, url, field, model, pk = kind
    stale = client.get(url)["ETag"]
    assert client.patch(url, {field: "Toisen tallennus voittaa"}, format="json").status_code == 200
    entries = AuditEntry.objects.count()
    response = client.patch(url, {field: "Vanhasta versiosta"}, format="json", HTTP_IF_MATCH=stale)
    assert response.status_code == 412
    body = response.json()
    assert body["code"] == "stale"
    assert "Someone else saved" in body["detail"]
    assert response["ETag"] == client.get(url)["ETag"] != stale
    assert current(model, pk, field) == "Toisen tallennus voittaa"
    assert AuditEntry.objects.count() == entries


def test_without_if_match_the_edit_still_works(kind):
    client, url, field, model, pk = kind
    assert client.patch(url, {field: "Ilman ehtoa"}, format="json").status_code == 200
    assert current(model, pk, field) == "Ilman ehtoa"


def test_if_match_forms(kind):
    client, url, field, _model, _pk = kind
    version = client.get(url).json()["version"]
    assert (
        client.patch(url, {field: "Heikko tunniste"}, format="json", HTTP_IF_MATCH=f'W/"{version}"').status_code == 200
    )
    assert client.patch(url, {field: "Tähti käy aina"}, format="json", HTTP_IF_MATCH="*").status_code == 200
    assert client.patch(url, {field: "Roskaa"}, format="json", HTTP_IF_MATCH='"abc"').status_code == 412
    version = client.get(url).json()["version"]
    assert (
        client.patch(url, {field: "Monesta yksi"}, format="json", HTTP_IF_MATCH=f'"1", "{version}"').status_code == 200
    )


def test_workflow_steps_make_new_versions(api, proposal, representative):
    client = api.as_user(representative)
    url = f"/api/v1/proposals/{proposal.pk}/"
    before = client.get(url)["ETag"]
    response = client.post(f"{url}publish/")
    assert response.status_code == 200
    assert response["ETag"] != before
    # The company, still looking at the draft, is told it changed under it.
    assert client.patch(url, {"title": "Vanha"}, format="json", HTTP_IF_MATCH=before).status_code == 412


def test_an_edit_that_changes_nothing_keeps_the_version(kind):
    client, url, field, _model, _pk = kind
    response = client.patch(url, {field: "Sama"}, format="json")
    etag = response["ETag"]
    again = client.patch(url, {field: "Sama"}, format="json", HTTP_IF_MATCH=etag)
    assert again.status_code == 200
    assert again["ETag"] == etag


def test_agreement_marks_and_signatures_make_new_versions(api, agreement, teacher, representative):
    url = f"/api/v1/agreements/{agreement.pk}/"
    before = api.as_user(teacher).get(url)["ETag"]
    assert api.as_user(teacher).post(f"{url}submit/").status_code == 200
    after = api.as_user(representative).get(url)["ETag"]
    assert after != before
    stale = api.as_user(teacher).patch(url, {"purpose": "x"}, format="json", HTTP_IF_MATCH=before)
    assert stale.status_code == 412
