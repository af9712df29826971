"""Dates as people here write them, and values in the reader's language, on the pages in fi, sv and en."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from kyky.catalog.models import Language, Level
from tests.factories import NeedFactory, ProposalFactory

pytestmark = pytest.mark.django_db

MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
US = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b")


def finnish(day: date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def english(day: date, *, short: bool = False) -> str:
    month = MONTHS[day.month - 1]
    return f"{day.day} {month[:3] if short else month} {day.year}"


def visible_text(html: str) -> str:
    """The text a person reads: no tags, no attribute values (a date input's value is ISO, as HTML wants)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def in_language(user, language: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(user)
    return client


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_offer_pages_write_dates_as_people_here_do(teacher, company, language):
    offer = ProposalFactory(organisation=company)
    client = in_language(teacher, language)
    listed = visible_text(client.get("/proposals/").text)
    page = visible_text(client.get(f"/proposals/{offer.pk}/").text)
    if language == "en":
        assert english(offer.starts_on, short=True) in listed  # 12 Jan 2027 in lists and tables
        assert english(offer.starts_on) in page  # 12 January 2027 in running text
    else:
        assert finnish(offer.starts_on) in listed and finnish(offer.ends_on) in page
    for text in (listed, page):
        assert not ISO.search(text) and not US.search(text)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_agreement_page_writes_its_dates_as_people_here_do(principal, signed_agreement, language):
    page = visible_text(in_language(principal, language).get(f"/agreements/{signed_agreement.pk}/").text)
    starts_on = date.fromisoformat(signed_agreement.snapshot["pilot"]["starts_on"])
    assert (english(starts_on) if language == "en" else finnish(starts_on)) in page
    assert not ISO.search(page), ISO.search(page)
    assert not US.search(page)
    # Times on the 24-hour clock: 16.05 in Finnish and Swedish, 16:05 in English; never a.m. or p.m.
    assert not re.search(r"\b[ap]\.m\.", page)
    assert re.search(r"\d{1,2}:\d{2}" if language == "en" else r"\b\d{1,2}\.\d{2}\b", page)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_verification_page_writes_dates_as_people_here_do(client, signed_agreement, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = visible_text(client.get(f"/verify/{signed_agreement.verification_code}/").text)
    ends_on = date.fromisoformat(signed_agreement.snapshot["pilot"]["ends_on"])
    assert (english(ends_on) if language == "en" else finnish(ends_on)) in page
    assert not ISO.search(page) and not US.search(page)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fi", "3.–6. luokka"), ("sv", "Årskurs 3–6"), ("en", "Grades 3–6")],
)
def test_a_run_of_grades_reads_as_a_range(language, expected):
    levels = Level.objects.filter(pk__in=["pre_primary", "grade_3", "grade_4", "grade_5", "grade_6", "grade_8"])
    with translation.override(language):
        text = Template("{% load kyky %}{{ levels|levels_short }}").render(Context({"levels": levels}))
        assert text == f"{Level.objects.get(pk='pre_primary').name}, {expected}, {Level.objects.get(pk='grade_8').name}"


def test_the_english_agreement_page_names_codes_and_roles_in_english(principal, signed_agreement):
    """The agreement is in Finnish: its text stays Finnish (marked), its codes and roles read in English."""
    assert signed_agreement.language == "fi"
    assert signed_agreement.snapshot["pilot"]["levels"] == ["4. luokka"]
    html = in_language(principal, "en").get(f"/agreements/{signed_agreement.pk}/").text
    text = visible_text(html)
    assert "Grade 4" in text and "4. luokka" not in text
    assert "Mathematics" in text and "Matematiikka" not in text
    assert "(principal, Auroran koulu)" in text and "rehtori" not in text
    assert "representative" in text and "edustaja" not in text
    purpose = signed_agreement.snapshot["pilot"]["purpose"]
    assert re.search(rf'<dd lang="fi">{re.escape(purpose)}</dd>', html), "the agreement's own text is marked"
    assert f'<h1 lang="fi">{signed_agreement.snapshot["pilot"]["title"]}</h1>' in html


def test_a_name_no_code_has_any_more_is_shown_as_stored_and_marked(principal, signed_agreement):
    signed_agreement.snapshot["pilot"]["subjects"] = ["Vanha oppiaine"]
    signed_agreement.save(update_fields=["snapshot"])
    html = in_language(principal, "en").get(f"/agreements/{signed_agreement.pk}/").text
    assert '<span lang="fi">Vanha oppiaine</span>' in html


def test_a_contact_title_that_is_a_role_is_translated_and_a_typed_one_kept_and_marked(principal, signed_agreement):
    signed_agreement.snapshot["contacts"]["school"]["title"] = "Luokanopettaja"
    signed_agreement.snapshot["contacts"]["company"]["title"] = "yrityksen edustaja"  # the default: the role
    signed_agreement.save(update_fields=["snapshot"])
    html = in_language(principal, "sv").get(f"/agreements/{signed_agreement.pk}/").text
    assert '<span lang="fi">Luokanopettaja</span>' in html
    assert "<span>representant</span>" in html  # the role as 2026.1 named it, in today's words
    assert "Årskurs 4" in visible_text(html)


def test_user_text_is_marked_with_its_language(teacher, company, school):
    offer = ProposalFactory(organisation=company, title="Bråkspelet", languages=["sv"])
    need = NeedFactory(organisation=school, title="Bråk i åk 4", language=Language.objects.get(pk="sv"))
    client = in_language(teacher, "fi")
    assert f'<h1 lang="sv">{offer.title}</h1>' in client.get(f"/proposals/{offer.pk}/").text
    assert f'lang="sv">{offer.title}</a>' in client.get("/proposals/").text
    assert f'<h1 lang="sv">{need.title}</h1>' in client.get(f"/needs/{need.pk}/").text
    two = ProposalFactory(organisation=company, title="Kaksikielinen", languages=["fi", "sv"])
    assert "<h1>Kaksikielinen</h1>" in client.get(f"/proposals/{two.pk}/").text  # which of the two is unknown
