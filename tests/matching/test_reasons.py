"""Reason sentences: the plain English fallback and the Django translation path."""

from __future__ import annotations

import pytest

from kyky.matching.engine import Reason
from kyky.matching.reasons import reason_text, reasons_text

CASES = [
    (Reason.of("language", language="fi"), "Both in Finnish"),
    (Reason.of("language", language="sv"), "Both in Swedish"),
    (Reason.of("subjects", subjects=["mathematics"]), "Mathematics in common"),
    (Reason.of("subjects", subjects=["mathematics", "music", "crafts"]), "Mathematics, music and crafts in common"),
    (Reason.of("levels", levels=["grade_4", "grade_3"]), "Grades 3–4 in common"),
    (Reason.of("levels", levels=["grade_5"]), "Grade 5 in common"),
    (Reason.of("levels", levels=["grade_3", "grade_5"]), "Grades 3 and 5 in common"),
    (
        Reason.of("levels", levels=["ece", "pre_primary"]),
        "Early childhood education and pre-primary education in common",
    ),
    (Reason.of("text", terms=["fractions", "game"]), "Text: fractions, game"),
    (Reason.of("weeks", covered=9, total=12), "Covers 9 of your 12 weeks"),
    (Reason.of("weeks", covered=1, total=1), "Covers 1 of your 1 week"),
    (Reason.of("delivery", delivery="onsite", municipality="espoo"), "On site in Espoo"),
    (Reason.of("delivery", delivery="hybrid", municipality="espoo"), "On site in Espoo or remote"),
    (Reason.of("delivery", delivery="remote"), "Remote"),
]


@pytest.mark.parametrize(("reason", "text"), CASES)
def test_plain_english_fallback(reason, text):
    assert reason_text(reason, translate=False) == text


def test_catalog_names_replace_codes():
    names = {"mathematics": "matematiikka", "grade_3": "3. luokka", "grade_4": "4. luokka", "espoo": "Espoo"}
    assert reason_text(Reason.of("subjects", subjects=["mathematics"]), names=names, translate=False) == (
        "Matematiikka in common"
    )
    assert reason_text(Reason.of("levels", levels=["grade_3", "grade_4"]), names=names, translate=False) == (
        "3. luokka and 4. luokka in common"
    )


def test_unknown_kinds_are_shown_raw():
    assert reason_text(Reason.of("budget", euros=0), translate=False) == "budget: euros=0"


def test_translated_path_in_english_gives_the_same_sentences():
    from django.apps import apps
    from django.conf import settings

    if not settings.configured or not apps.ready:
        pytest.skip("needs the Django test settings")
    from django.utils import translation

    with translation.override("en"):
        assert reasons_text([r for r, _ in CASES]) == [t for _, t in CASES]
