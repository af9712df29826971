"""The co-created reference: earned by a completed, evaluated pilot; public by its random code, as a page, in
the API and as a badge; listed to its provider and its municipality; withdrawn by its coordinators."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail

from kyky.core.models import AuditEntry
from kyky.pilots import services as pilot_services
from kyky.pilots.models import Pilot
from kyky.process import services as process
from kyky.references.models import Reference
from tests.factories import CompanyFactory, OrganisationFactory
from tests.pilots.running import ANSWER, at, running_pilot

pytestmark = pytest.mark.django_db


def complete(pilot, coordinator, *answers):
    for actor, rating in answers:
        pilot_services.pilot_feedback(actor=actor, pilot=pilot, **{**ANSWER, "rating": rating})
    return process.pilot_complete(actor=coordinator, pilot=Pilot.objects.get(pk=pilot.pk))


@pytest.fixture
def reference(company, school, representative, principal, teacher, coordinator, django_capture_on_commit_callbacks):
    pilot = running_pilot(company=company, school=school, representative=representative, principal=principal)
    with django_capture_on_commit_callbacks(execute=True):
        complete(pilot, coordinator, (teacher, 5), (representative, 4))
    return Reference.objects.get()


def test_a_completed_evaluated_pilot_earns_its_provider_a_reference(reference, company, representative):
    assert reference.provider == company and reference.valid
    assert re.fullmatch(r"[a-z2-7]{24}", reference.code)
    entry = AuditEntry.objects.get(content_type__model="reference", object_id=reference.pk)
    assert (entry.action, entry.to_state) == ("create", "valid")
    assert [m.to for m in mail.outbox if "reference" in m.subject.lower() or "referens" in m.subject.lower()] == [
        [representative.email]
    ]


def test_a_pilot_completed_without_any_evaluation_earns_nothing(
    company, school, representative, principal, coordinator, time_machine
):
    pilot = running_pilot(company=company, school=school, representative=representative, principal=principal)
    time_machine.move_to(at(pilot.completable_on))
    process.pilot_complete(actor=coordinator, pilot=pilot)
    assert not Reference.objects.exists()


def test_the_pilots_of_one_product_city_and_term_make_one_reference(
    api, reference, company, representative, principal, teacher, coordinator
):
    second_school = OrganisationFactory(name="Tapiolan koulu")
    from tests.conftest import _member

    second_principal = _member(second_school, "principal", "rehtori@tapiola.example")
    pilot = Pilot.objects.get()
    again = running_pilot(company=company, school=second_school, representative=representative,
                          principal=second_principal, group_size=18)  # fmt: skip
    # The same product: move the second pilot onto the first one's proposal.
    Pilot.objects.filter(pk=again.pk).update(proposal=pilot.proposal)
    complete(Pilot.objects.get(pk=again.pk), coordinator, (second_principal, 3), (representative, 4))
    assert Reference.objects.count() == 1
    data = api.get(f"/api/v1/references/{reference.code}/").json()
    assert (data["groups"], data["pupils"]) == (2, 22 + 18)
    assert data["average_rating"] == 4.0  # (5 + 4 + 3 + 4) / 4


def test_anyone_reads_a_reference_by_its_code(api, reference, company):
    response = api.get(f"/api/v1/references/{reference.code}/")
    assert response.status_code == 200
    data = response.json()
    assert data["text"] == "Co-created with the schools of Espoo"
    assert data["product"] == reference.product and data["provider"] == {"name": company.name, "kind": "company"}
    assert data["city"] == {"code": "espoo", "name": "Espoo"}
    assert data["term"]["kind"] == "spring" and data["term"]["label"] == f"spring {data['term']['year']}"
    assert (data["groups"], data["pupils"], data["average_rating"], data["valid"]) == (1, 22, 4.5, True)
    assert data["embed_html"] is None and data["actions"] == []
    assert data["url"].endswith(f"/references/{reference.code}/")
    assert api.get("/api/v1/references/aaaaaaaaaaaaaaaaaaaaaaaa/").status_code == 404


def test_finnish_and_swedish_say_it_in_their_own_way(api, reference):
    fi = api.get(f"/api/v1/references/{reference.code}/", HTTP_ACCEPT_LANGUAGE="fi").json()
    sv = api.get(f"/api/v1/references/{reference.code}/", HTTP_ACCEPT_LANGUAGE="sv").json()
    assert fi["text"] == "Kehitetty yhdessä Espoon koulujen kanssa"
    assert sv["text"] == "Utvecklad tillsammans med skolorna i Esbo"
    assert fi["term"]["label"].startswith("kevät ") and sv["term"]["label"].startswith("våren ")


def test_each_lists_only_its_own(api, reference, representative, other_representative, coordinator,
                                 vantaa_coordinator, teacher):  # fmt: skip
    def codes(user, query="?mine=true"):
        response = api.as_user(user).get(f"/api/v1/references/{query}")
        assert response.status_code == 200
        return [item["code"] for item in response.json()["results"]]

    assert codes(representative) == [reference.code]
    assert codes(representative, "") == [reference.code]
    assert codes(coordinator) == [reference.code]
    assert codes(other_representative) == codes(vantaa_coordinator) == codes(teacher) == []
    assert api.get("/api/v1/references/").status_code == 401
    own = api.as_user(representative).get(f"/api/v1/references/{reference.code}/").json()
    assert (
        own["embed_html"].startswith('<a href="http') and f"/references/{reference.code}/badge.svg" in own["embed_html"]
    )


def test_a_coordinator_of_the_municipality_withdraws_it_with_a_reason(
    api, reference, coordinator, vantaa_coordinator, representative, django_capture_on_commit_callbacks
):
    url = f"/api/v1/references/{reference.code}/withdraw/"
    assert api.post(url, {"reason": "x"}).status_code == 401
    for user in (vantaa_coordinator, representative):
        assert api.as_user(user).post(url, {"reason": "Ei käy"}, format="json").status_code == 403
    response = api.as_user(coordinator).post(url, {"reason": "  "}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    assert api.as_user(coordinator).get(f"/api/v1/references/{reference.code}/").json()["actions"] == ["withdraw"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_user(coordinator).post(url, {"reason": "Markkinoitu harhaanjohtavasti."}, format="json")
    assert response.status_code == 200
    assert response.json()["valid"] is False and response.json()["withdraw_reason"] == "Markkinoitu harhaanjohtavasti."
    assert [m.to for m in mail.outbox] == [[representative.email]]
    assert api.as_user(coordinator).post(url, {"reason": "Uudelleen"}, format="json").status_code == 409
    public = api.get(f"/api/v1/references/{reference.code}/").json()
    assert public["valid"] is False and public["withdraw_reason"] is None and public["withdrawn_at"]
    entry = AuditEntry.objects.get(content_type__model="reference", action="withdraw")
    assert (entry.from_state, entry.to_state, entry.actor, entry.comment) == (
        "valid", "withdrawn", coordinator, "Markkinoitu harhaanjohtavasti."
    )  # fmt: skip


def test_the_public_page_and_the_provider_s_embed_code(client, reference, representative, coordinator):
    page = client.get(f"/references/{reference.code}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Co-created with the schools of Espoo" in text and 'id="valid"' in text
    assert 'id="embed"' not in text and 'id="withdraw"' not in text
    client.force_login(representative)
    text = client.get(f"/references/{reference.code}/").content.decode()
    assert 'id="embed"' in text and "badge.svg?lang=fi" in text and "badge.svg?lang=en" in text
    client.force_login(coordinator)
    text = client.get(f"/references/{reference.code}/").content.decode()
    assert 'id="withdraw"' in text and 'id="embed"' not in text
    assert client.post(f"/references/{reference.code}/withdraw/", {"reason": ""}).status_code == 400
    response = client.post(f"/references/{reference.code}/withdraw/", {"reason": "Sopimusrikkomus."})
    assert response.status_code == 302
    client.logout()
    text = client.get(f"/references/{reference.code}/").content.decode()
    assert 'id="withdrawn"' in text and "It is no longer valid." in text and "Sopimusrikkomus." not in text
    assert client.get("/references/bbbbbbbbbbbbbbbbbbbbbbbb/").status_code == 404


def test_a_teacher_cannot_withdraw_on_the_page(client, reference, teacher):
    client.force_login(teacher)
    assert client.post(f"/references/{reference.code}/withdraw/", {"reason": "x"}).status_code == 403
    assert Reference.objects.get().valid


def test_the_badge_is_an_svg_image_that_links_to_the_page(client, reference):
    response = client.get(f"/references/{reference.code}/badge.svg?lang=fi")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    svg = response.content.decode()
    assert svg.startswith("<svg") and "Kehitetty yhdessä Espoon koulujen kanssa" in svg
    assert f'href="http://testserver/references/{reference.code}/"' in svg or f"/references/{reference.code}/" in svg
    assert "style=" not in svg and "<script" not in svg
    sv = client.get(f"/references/{reference.code}/badge.svg?lang=sv").content.decode()
    assert "Utvecklad tillsammans med skolorna i Esbo" in sv
    Reference.objects.update(status="withdrawn", withdrawn_at=dt.datetime.now(dt.UTC))
    assert "Referenssi peruttu" in client.get(f"/references/{reference.code}/badge.svg?lang=fi").content.decode()


def test_the_product_name_cannot_break_out_of_the_badge(client, reference):
    Reference.objects.update(product="</text><script>alert(1)</script>")
    svg = client.get(f"/references/{reference.code}/").content.decode()
    assert "<script>alert(1)</script>" not in svg


def test_associations_earn_references_too(company, school, representative, principal, teacher, coordinator):
    association = CompanyFactory(name="Lukuliike ry", kind="association", business_id="")
    from tests.conftest import _member

    volunteer = _member(association, "representative", "vapaaehtoinen@lukuliike.example")
    pilot = running_pilot(company=association, school=school, representative=volunteer, principal=principal)
    complete(pilot, coordinator, (teacher, 5), (volunteer, 5))
    assert Reference.objects.get().provider == association
