"""Template filters of the pages: dates stored as ISO text, shown as people write them."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import pgettext

register = template.Library()


@register.filter
def as_date(value) -> date | str:
    """An ISO date (as agreement snapshots store them) as a date, for the `date` filter; else unchanged."""
    if isinstance(value, date):
        return value
    try:
        return parse_date(str(value)) or value
    except ValueError:
        return value


@register.filter
def as_datetime(value) -> datetime | str:
    """An ISO datetime with offset as an aware datetime, for the `date` filter; else unchanged."""
    if isinstance(value, datetime):
        return value
    try:
        return parse_datetime(str(value)) or value
    except ValueError:
        return value


def _grade(level) -> int | None:
    code = getattr(level, "code", "")
    return int(code[6:]) if code.startswith("grade_") and code[6:].isdigit() else None


@register.filter
def levels_short(levels) -> str:
    """Levels in a few words: runs of grades as a range ("Grades 3–6"), the others by name."""
    levels = list(levels)
    parts: list[str] = []
    run: list = []

    def flush() -> None:
        if len(run) >= 2:
            first, last = _grade(run[0]), _grade(run[-1])
            parts.append(pgettext("school grades", "Grades %(first)d–%(last)d") % {"first": first, "last": last})
        else:
            parts.extend(level.name for level in run)
        run.clear()

    for level in levels:
        grade = _grade(level)
        if grade is not None and run and _grade(run[-1]) == grade - 1:
            run.append(level)
            continue
        flush()
        if grade is not None:
            run.append(level)
        else:
            parts.append(level.name)
    flush()
    return ", ".join(parts)


@register.filter
def text_language(obj) -> str:
    """The language a user's text is written in, where it is known: a need's language, an offer's only one."""
    language = getattr(obj, "language_id", None)
    if language:
        return language
    languages = getattr(obj, "languages", None)
    if languages is not None:
        codes = [code.pk for code in languages.all()]
        if len(codes) == 1:
            return codes[0]
    return ""
