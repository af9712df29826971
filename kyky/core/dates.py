"""Dates as people here write them: 12.1.2027 in Finnish and Swedish, 12 January 2027 in English."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import formats, timezone, translation


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


def human_date(value) -> str:
    """The day in the active language's way; anything that is no date is shown as it is."""
    day = as_date(value)
    if day is None:
        return "" if value is None else str(value)
    if (translation.get_language() or "fi")[:2] == "en":
        return f"{day.day} {formats.date_format(day, 'F Y')}"
    return f"{day.day}.{day.month}.{day.year}"
