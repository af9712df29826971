"""Template versions: new agreements use 2027.1, which names "the provider"; an agreement made under 2026.1
keeps rendering byte for byte as it did (checked against PDFs rendered once and stored with their snapshots)."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pypdf import PdfReader

from contracts import services
from contracts.models import Agreement
from contracts.rendering import render_agreement_pdf
from contracts.snapshot import CURRENT_TEMPLATE_VERSION
from kyky.pilots import services as pilot_services
from kyky.process import services as process
from tests.contracts.samples import make_snapshot
from tests.factories import CompanyFactory, MembershipFactory, NeedFactory, ProposalFactory

DATA = Path(__file__).parent / "data"
STORED = ["agreement-2026.1-fi-signed", "agreement-2026.1-en-draft"]
# Days far apart: nothing in the rendering may depend on the clock.
HELSINKI = ZoneInfo("Europe/Helsinki")
CLOCKS = [dt.datetime(2026, 8, 3, 9, 0, tzinfo=HELSINKI), dt.datetime(2039, 2, 28, 23, 59, tzinfo=HELSINKI)]


def text_of(pdf: bytes) -> str:
    return " ".join("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def stored(name: str) -> tuple[dict, bytes]:
    return json.loads((DATA / f"{name}.json").read_text()), (DATA / f"{name}.pdf").read_bytes()


@pytest.mark.parametrize("name", STORED)
@pytest.mark.parametrize("clock", CLOCKS)
def test_an_agreement_made_under_2026_1_renders_byte_for_byte(name, clock):
    recorded, pdf = stored(name)
    assert recorded["snapshot"]["template_version"] == "2026.1"
    with time_machine.travel(clock, tick=False):
        again = render_agreement_pdf(recorded["snapshot"], signatures=recorded["signatures"], draft=recorded["draft"])
    assert again == pdf


def test_the_stored_2026_1_text_says_the_company():
    _recorded, pdf = stored("agreement-2026.1-fi-signed")
    text = text_of(pdf)
    assert "jäljempänä ”Yritys”" in text and "4. Yrityksen velvollisuudet" in text
    assert "Palveluntarjoaja" not in text


@pytest.mark.django_db
def test_an_agreement_row_made_under_2026_1_re_renders_as_it_was(company, school, representative, principal):
    """A draft made before 2027.1 existed: its stored snapshot still selects 2026.1 and renders the same bytes."""
    application = pilot_services.application_create(
        actor=representative, proposal=ProposalFactory(organisation=company), need=NeedFactory(organisation=school)
    )
    agreement = process.application_accept(actor=principal, application=application).agreement
    recorded, pdf = stored("agreement-2026.1-en-draft")
    Agreement.objects.filter(pk=agreement.pk).update(snapshot=recorded["snapshot"], template_version="2026.1")
    content, _name = services.agreement_pdf(actor=principal, agreement=Agreement.objects.get(pk=agreement.pk))
    assert content == pdf


@pytest.mark.django_db
def test_new_agreements_use_2027_1(company, school, representative, principal):
    application = pilot_services.application_create(
        actor=representative, proposal=ProposalFactory(organisation=company), need=NeedFactory(organisation=school)
    )
    agreement = process.application_accept(actor=principal, application=application).agreement
    assert CURRENT_TEMPLATE_VERSION == "2027.1"
    assert agreement.template_version == agreement.snapshot["template_version"] == "2027.1"


@pytest.mark.parametrize(
    ("language", "says", "never"),
    [
        ("fi", ["jäljempänä ”Palveluntarjoaja”", "4. Palveluntarjoajan velvollisuudet", "Palveluntarjoajan puolesta"],
         "”Yritys”"),
        ("sv", ["nedan ”Leverantören”", "4. Leverantörens åtaganden", "För Leverantören"], "”Företaget”"),
        ("en", ["the “Provider”", "4. Obligations of the Provider", "On behalf of the Provider"], "the “Company”"),
    ],
)  # fmt: skip
def test_2027_1_names_the_provider(language, says, never, test_ca):
    from tests.contracts.samples import SIGNATURES

    text = text_of(
        render_agreement_pdf(make_snapshot(language=language, template_version="2027.1"), signatures=SIGNATURES,
                             draft=False)
    )  # fmt: skip
    for phrase in says:
        assert phrase.lower() in text.lower()  # the signature page sets its party labels in capitals
    assert never not in text  # (the sample's own reference_use text still says "Yritys")


def test_2027_1_prints_no_business_id_for_a_provider_without_one():
    snapshot = make_snapshot(template_version="2027.1", company__business_id="", company__name="Lukuliike ry")
    snapshot["city"].pop("business_id")
    text = text_of(render_agreement_pdf(snapshot))
    assert "Lukuliike ry (jäljempänä ”Palveluntarjoaja”)" in text
    assert "Y-tunnus" not in text


@pytest.mark.django_db
def test_an_association_without_a_business_id_makes_an_agreement(school, principal, teacher):
    association = CompanyFactory(name="Lukuliike ry", kind="association", business_id="")
    volunteer = MembershipFactory(organisation=association, role="representative", user__email="v@lukuliike.example")
    proposal = ProposalFactory(organisation=association)
    application = pilot_services.application_create(
        actor=teacher, proposal=proposal, need=NeedFactory(organisation=school)
    )
    agreement = process.application_accept(actor=volunteer.user, application=application).agreement
    assert agreement.snapshot["company"]["business_id"] == ""
    content, _name = services.agreement_pdf(actor=volunteer.user, agreement=agreement)
    assert "Lukuliike ry (jäljempänä ”Palveluntarjoaja”)" in text_of(content)
