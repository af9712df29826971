"""The Finnish school year as pure functions over ``datetime.date`` (DESIGN.md §8).

A school year runs from mid-August to early June: the autumn term about 11 August – 21 December, the
spring term about 7 January – 1 June, with an autumn break (ISO week 42), the Christmas break between
the terms, a winter break (ISO weeks 8–9; each region takes one of them) and Easter.

The rule at the edges, relative to a day ``today``:

- ``school_year(today)`` is the school year in progress, and during the summer the coming one: from
  2 June the school year is the one that starts in August. The Christmas break belongs to the school year
  it falls in.
- ``upcoming_terms(today)`` are the terms that have not yet ended, the first one being the term in progress
  or, between terms, the next one: in the Christmas break it is the spring term, after 1 June it is next
  autumn's, and in mid-August it is the autumn term that has just started.
- ``next_term(today)`` is the first term that has not started yet, so a pilot planned for it lies wholly
  ahead of today.

People pick pilot dates on weekdays: a pilot starts on a Monday (``Term.monday``) and ends on a Friday
(``Term.friday``), both inside the term.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

AUTUMN, SPRING = "autumn", "spring"
TermKind = Literal["autumn", "spring"]

AUTUMN_STARTS = (8, 11)
AUTUMN_ENDS = (12, 21)
SPRING_STARTS = (1, 7)
SPRING_ENDS = (6, 1)
AUTUMN_BREAK_WEEK = 42
WINTER_BREAK_WEEKS = (8, 9)

MONDAY, FRIDAY = 0, 4


def easter_sunday(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


@dataclass(frozen=True)
class Period:
    """A closed range of days."""

    starts_on: date
    ends_on: date

    def __contains__(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


def _week(year: int, week: int) -> Period:
    """Monday to Friday of an ISO week."""
    monday = date.fromisocalendar(year, week, 1)
    return Period(monday, monday + timedelta(days=4))


@dataclass(frozen=True)
class Term(Period):
    kind: TermKind
    school_year: int  # the calendar year the school year starts in: 2026 for 2026–2027

    @property
    def year(self) -> int:
        """The calendar year the term falls in."""
        return self.starts_on.year

    @property
    def first_monday(self) -> date:
        return self.starts_on + timedelta(days=(MONDAY - self.starts_on.weekday()) % 7)

    @property
    def last_friday(self) -> date:
        return self.ends_on - timedelta(days=(self.ends_on.weekday() - FRIDAY) % 7)

    def monday(self, week: int | None = None) -> date:
        """The Monday of ISO week ``week`` of the term's year (the term's first Monday if left out), inside the term."""
        if week is None:
            return self.first_monday
        return min(max(date.fromisocalendar(self.year, week, 1), self.first_monday), self.last_friday)

    def friday(self, week: int | None = None) -> date:
        """The Friday of ISO week ``week`` of the term's year (the term's last Friday if left out), inside the term."""
        if week is None:
            return self.last_friday
        return max(min(date.fromisocalendar(self.year, week, 5), self.last_friday), self.first_monday)


@dataclass(frozen=True)
class SchoolYear:
    start_year: int

    @property
    def autumn(self) -> Term:
        y = self.start_year
        return Term(date(y, *AUTUMN_STARTS), date(y, *AUTUMN_ENDS), AUTUMN, y)

    @property
    def spring(self) -> Term:
        y = self.start_year + 1
        return Term(date(y, *SPRING_STARTS), date(y, *SPRING_ENDS), SPRING, self.start_year)

    @property
    def terms(self) -> tuple[Term, Term]:
        return self.autumn, self.spring

    autumn_start = property(lambda self: self.autumn.starts_on)
    autumn_end = property(lambda self: self.autumn.ends_on)
    spring_start = property(lambda self: self.spring.starts_on)
    spring_end = property(lambda self: self.spring.ends_on)

    @property
    def autumn_break(self) -> Period:
        return _week(self.start_year, AUTUMN_BREAK_WEEK)

    @property
    def christmas_break(self) -> Period:
        return Period(self.autumn_end + timedelta(days=1), self.spring_start - timedelta(days=1))

    @property
    def winter_break(self) -> Period:
        first, last = WINTER_BREAK_WEEKS
        return Period(_week(self.start_year + 1, first).starts_on, _week(self.start_year + 1, last).ends_on)

    @property
    def easter(self) -> Period:
        """Good Friday to Easter Monday."""
        sunday = easter_sunday(self.start_year + 1)
        return Period(sunday - timedelta(days=2), sunday + timedelta(days=1))

    @property
    def label(self) -> str:
        return f"{self.start_year}–{self.start_year + 1}"

    def next(self) -> SchoolYear:
        return SchoolYear(self.start_year + 1)

    def previous(self) -> SchoolYear:
        return SchoolYear(self.start_year - 1)

    def __str__(self) -> str:
        return self.label


def school_year(today: date) -> SchoolYear:
    """The school year in progress; in the summer (2 June – 10 August), the coming one."""
    if today > date(today.year, *SPRING_ENDS):
        return SchoolYear(today.year)
    return SchoolYear(today.year - 1)


def upcoming_terms(today: date, count: int = 2) -> list[Term]:
    """The next ``count`` terms that have not yet ended: the term in progress (or the next one) first."""
    terms: list[Term] = []
    year = school_year(today)
    while len(terms) < count:
        terms.extend(term for term in year.terms if term.ends_on >= today)
        year = year.next()
    return terms[:count]


def coming_term(today: date) -> Term:
    """The term in progress, or between terms the next one."""
    return upcoming_terms(today, 1)[0]


def next_term(today: date, kind: TermKind | None = None) -> Term:
    """The first term (of ``kind``, if given) that starts after ``today``: it lies wholly ahead."""
    return next(term for term in upcoming_terms(today, 4) if term.starts_on > today and kind in (None, term.kind))


def last_ended_school_year(today: date) -> SchoolYear:
    """The latest school year whose spring term ended before ``today``."""
    return school_year(today).previous()  # in the summer, school_year() is already the coming one
