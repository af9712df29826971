"""The coordinator's report: the figures against data with known numbers, the API (JSON and CSV), the page with
its SVG charts and tables, who may see it, and a constant number of queries."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kyky.matching import services as matching
from kyky.matching.models import Offer
from kyky.process import services as process
from kyky.reports import selectors
from tests.factories import NeedFactory, ProposalFactory
from tests.reports.known import EXPECTED, build

pytestmark = pytest.mark.django_db

REPORT_QUERIES = (
    16  # pinned: the proactive offers, 5 state counts, 2 for the median, 4 breakdowns, evaluations, participants,
)
# providers by kind, and the municipality's name


@pytest.fixture
def known(school, company, representative, principal, teacher, coordinator):
    return build(school=school, company=company, representative=representative, principal=principal, teacher=teacher)


def params(known) -> dict[str, str]:
    return {"date_from": known.period.date_from.isoformat(), "date_to": known.period.date_to.isoformat()}


def test_the_figures_are_the_known_ones(known, coordinator):
    report = selectors.report(actor=coordinator, period=known.period)
    for key, expected in EXPECTED.items():
        assert report[key] == expected, key
    school, company = report["evaluations"]["school"], report["evaluations"]["company"]
    assert (school["count"], school["goals"], school["again"]) == (2, {"yes": 1, "partly": 0, "no": 1},
                                                                   {"yes": 1, "no": 1})  # fmt: skip
    assert school["faces"] == {"happy": 0, "neutral": 0, "sad": 1} and company["count"] == 2
    assert report["municipality"] == {"code": "espoo", "name": "Espoo"}


def test_the_report_takes_a_constant_number_of_queries(known, coordinator, django_assert_max_num_queries):
    coordinator.member  # noqa: B018  (the membership, read once per request by every page)
    with django_assert_max_num_queries(REPORT_QUERIES):
        selectors.report(actor=coordinator, period=known.period)
    with CaptureQueriesContext(connection) as small:
        selectors.report(actor=coordinator, period=known.period)
    # Twice the pilots, needs, evaluations and agreements: still the same queries.
    build_more(known)
    with CaptureQueriesContext(connection) as large:
        report = selectors.report(actor=coordinator, period=known.period)
    assert len(large.captured_queries) == len(small.captured_queries) <= REPORT_QUERIES
    assert report["pilots"]["running"] == EXPECTED["pilots"]["running"] + 3


def test_a_request_for_the_report_takes_a_pinned_number_of_queries(api, client, known, coordinator,
                                                                   django_assert_max_num_queries):  # fmt: skip
    signed_in = api.as_user(coordinator)
    with django_assert_max_num_queries(REPORT_QUERIES + 2):  # the token and the membership
        assert signed_in.get("/api/v1/reports/", params(known)).status_code == 200
    client.force_login(coordinator)
    with django_assert_max_num_queries(REPORT_QUERIES + 3):  # the session, the user and the membership
        assert client.get("/coordinator/reports/", params(known)).status_code == 200


def build_more(known):
    from tests.conftest import _member
    from tests.factories import CompanyFactory, OrganisationFactory
    from tests.pilots.running import running_pilot

    for n in range(3):
        unit = OrganisationFactory(name=f"Lisäkoulu {n}")
        provider = CompanyFactory(name=f"Lisätutkimus {n}", kind="research", business_id="")
        running_pilot(company=provider, school=unit, representative=_member(provider, "representative", f"r{n}@x.example"),
                      principal=_member(unit, "principal", f"p{n}@x.example"))  # fmt: skip


def test_the_api_gives_the_report_to_its_coordinator(api, known, coordinator):
    response = api.as_user(coordinator).get("/api/v1/reports/", params(known))
    assert response.status_code == 200
    data = response.json()
    for key, expected in EXPECTED.items():
        assert data[key] == expected, key
    assert response["Cache-Control"] == "private, no-store"


def test_the_csv_export_holds_the_same_figures(api, known, coordinator):
    response = api.as_user(coordinator).get("/api/v1/reports/", {**params(known), "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="kyky-report-espoo-' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["section", "code", "name", "value"]
    values = {(section, code): value for section, code, _name, value in rows[1:]}
    assert values[("pilots", "completed")] == "2"
    assert values[("median_days_to_signed", "")] == "20.0"
    assert values[("by_subject", "mathematics")] == "2"
    assert values[("ratings", "school")] == "4.0"
    assert values[("companies", "")] == "3" and values[("units", "")] == "3"


def test_only_coordinators_get_a_report(api, known, teacher, principal, representative, vantaa_coordinator):
    for user in (teacher, principal, representative):
        response = api.as_user(user).get("/api/v1/reports/")
        assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert api.get("/api/v1/reports/").status_code == 401
    assert api.as_user(representative).get("/api/v1/reports/?format=csv").json()["code"] == "permission_denied"
    # A Vantaa coordinator sees Vantaa's figures, never Espoo's.
    vantaa = api.as_user(vantaa_coordinator).get("/api/v1/reports/", params(known)).json()
    assert vantaa["municipality"]["code"] == "vantaa"
    assert vantaa["pilots"] == {"planned": 0, "running": 0, "completed": 1, "cancelled": 0}
    assert vantaa["ratings"] == {"school": 1.0, "company": None}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"date_from": "1.8.2026"}, "date_from"),
        ({"date_to": "2026-13-01"}, "date_to"),
        ({"date_from": "2027-01-01", "date_to": "2026-12-31"}, "date_to"),
        ({"date_from": "2000-01-01", "date_to": "2030-12-31"}, "date_to"),
    ],
)
def test_a_bad_period_is_a_field_error(api, coordinator, query, field):
    response = api.as_user(coordinator).get("/api/v1/reports/", query)
    assert response.status_code == 400 and field in response.json()["errors"]


def test_the_default_period_is_the_school_year(api, coordinator):
    data = api.as_user(coordinator).get("/api/v1/reports/").json()
    assert data["date_from"].endswith("-08-01") and data["date_to"].endswith("-07-31")
    assert int(data["date_to"][:4]) == int(data["date_from"][:4]) + 1


def test_the_page_shows_charts_with_their_tables(client, known, coordinator):
    client.force_login(coordinator)
    response = client.get("/coordinator/reports/", params(known))
    assert response.status_code == 200
    page = response.content.decode()
    for chart in ("chart-by-subject", "chart-by-level", "chart-by-language", "chart-by-unit-kind", "chart-ratings",
                  "chart-pilots", "chart-agreements"):  # fmt: skip
        assert f'id="{chart}"' in page
        assert f'aria-labelledby="{chart}-title {chart}-desc"' in page
    assert page.count("<svg") >= 7 and page.count("<table") >= 7
    assert "style=" not in page and "<script>" not in page
    assert "Mathematics" in page and "20.0" in page or "20,0" in page
    csv_link = client.get("/coordinator/reports/", {**params(known), "format": "csv"})
    assert csv_link["Content-Type"].startswith("text/csv")
    assert b"by_subject,mathematics,Mathematics,2" in csv_link.content


def test_the_page_is_for_coordinators(client, known, teacher, representative):
    for user in (teacher, representative):
        client.force_login(user)
        assert client.get("/coordinator/reports/").status_code == 403
    client.logout()
    assert client.get("/coordinator/reports/").status_code == 302


def test_the_page_in_finnish(client, known, coordinator):
    client.force_login(coordinator)
    page = client.get("/coordinator/reports/", params(known), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Pilotit oppiaineittain" in page and "Matematiikka" in page and "20,0" in page


def test_a_bad_period_on_the_page_is_shown_by_its_field(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/coordinator/reports/", {"date_from": "2027-02-01", "date_to": "2027-01-01"})
    assert response.status_code == 400 and 'id="id_date_to_error"' in response.content.decode()


def test_the_acceptance_rate_of_proactive_offers_counts_the_answered_ones(
    api, client, school, company, teacher, principal, representative, coordinator
):
    ProposalFactory(organisation=company, title="Murtolukupeli", capacity=3)
    needs = [NeedFactory(organisation=school, created_by=teacher, title=f"Murtoluvut {n}") for n in range(3)]
    draft = matching.round_create(actor=coordinator, starts_on=needs[0].starts_on, ends_on=needs[0].ends_on)
    offers = list(Offer.objects.filter(pair__round=matching.round_confirm(actor=coordinator, round_=draft)))
    assert len(offers) == 3
    process.offer_accept(actor=principal, offer=offers[0])
    process.offer_accept(actor=representative, offer=offers[0])
    matching.offer_decline(actor=representative, offer=offers[1])  # the third stays open
    data = api.as_user(coordinator).get("/api/v1/reports/").json()["proactive_offers"]
    assert data == {"total": 3, "offered": 1, "accepted": 1, "declined": 1, "expired": 0, "rate": 0.5}
    client.force_login(coordinator)
    client.cookies["django_language"] = "en"
    page = client.get("/coordinator/reports/")
    assert "Acceptance rate of the answered offers: 50%." in " ".join(page.content.decode().split())
