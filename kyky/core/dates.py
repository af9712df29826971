"""Dates as people here write them: 12.1.2027 in Finnish and Swedish, 12 January 2027 in English."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import formats, timezone, translation

LONG = {"en": "j F Y"}
SHORT = {"en": "j M Y"}  # in tables
NUMERIC = "j.n.Y"


def as_date(value) -> date | None:
    """A date from a date, an aware datetime (its Helsinki day) or an ISO string; None for anything else."""
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def human_date(value, *, short: bool = False) -> str:
    """The day in the active language's way (never ISO or US order); anything that is no date is shown as it is."""
    day = as_date(value)
    if day is None:
        return "" if value is None else str(value)
    language = (translation.get_language() or "fi")[:2]
    return formats.date_format(day, (SHORT if short else LONG).get(language, NUMERIC))
