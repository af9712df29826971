"""Dates as people here write them: 12.1.2027 in Finnish and Swedish, 12 January 2027 in English."""

from __future__ import annotations

from datetime import date

from django.utils import formats, translation

LONG = {"en": "j F Y"}
SHORT = {"en": "j M Y"}  # in tables
NUMERIC = "j.n.Y"


def human_date(day: date | None, *, short: bool = False) -> str:
    """The day in the active language's way; never ISO or US order."""
    if day is None:
        return ""
    language = (translation.get_language() or "fi")[:2]
    return formats.date_format(day, (SHORT if short else LONG).get(language, NUMERIC))
