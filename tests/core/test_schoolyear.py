"""The Finnish school year (DESIGN §8) relative to a day, at its edges."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kyky.core.schoolyear import (
    AUTUMN,
    SPRING,
    SchoolYear,
    coming_term,
    easter_sunday,
    last_ended_school_year,
    next_term,
    school_year,
    upcoming_terms,
)


def kinds(terms):
    return [(t.kind, t.year) for t in terms]


def test_a_school_year_has_its_terms_and_breaks():
    year = SchoolYear(2026)
    assert (year.autumn_start, year.autumn_end) == (date(2026, 8, 11), date(2026, 12, 21))
    assert (year.spring_start, year.spring_end) == (date(2027, 1, 7), date(2027, 6, 1))
    assert year.label == "2026–2027"
    assert (year.autumn_break.starts_on, year.autumn_break.ends_on) == (date(2026, 10, 12), date(2026, 10, 16))
    assert date(2026, 12, 28) in year.christmas_break and date(2027, 1, 7) not in year.christmas_break
    assert (year.winter_break.starts_on, year.winter_break.ends_on) == (date(2027, 2, 22), date(2027, 3, 5))
    assert (year.easter.starts_on, year.easter.ends_on) == (date(2027, 3, 26), date(2027, 3, 29))


@pytest.mark.parametrize(
    ("year", "sunday"), [(2026, date(2026, 4, 5)), (2027, date(2027, 3, 28)), (2028, date(2028, 4, 16))]
)
def test_easter(year, sunday):
    assert easter_sunday(year) == sunday


@pytest.mark.parametrize(
    ("today", "year", "coming", "following"),
    [
        (date(2026, 12, 1), 2026, (AUTUMN, 2026), (SPRING, 2027)),  # in the autumn term
        (date(2026, 12, 21), 2026, (AUTUMN, 2026), (SPRING, 2027)),  # its last day
        (date(2026, 12, 22), 2026, (SPRING, 2027), (AUTUMN, 2027)),  # the Christmas break: spring comes
        (date(2026, 12, 28), 2026, (SPRING, 2027), (AUTUMN, 2027)),
        (date(2026, 12, 31), 2026, (SPRING, 2027), (AUTUMN, 2027)),
        (date(2027, 1, 1), 2026, (SPRING, 2027), (AUTUMN, 2027)),
        (date(2027, 6, 1), 2026, (SPRING, 2027), (AUTUMN, 2027)),  # the spring term's last day
        (date(2027, 6, 2), 2027, (AUTUMN, 2027), (SPRING, 2028)),  # summer: next autumn
        (date(2027, 8, 16), 2027, (AUTUMN, 2027), (SPRING, 2028)),  # mid-August: autumn has just started
        (date(2027, 9, 15), 2027, (AUTUMN, 2027), (SPRING, 2028)),
        (date(2028, 2, 29), 2027, (SPRING, 2028), (AUTUMN, 2028)),  # a leap day in the spring term
    ],
    ids=str,
)
def test_the_school_year_and_its_coming_terms_at_the_edges(today, year, coming, following):
    assert school_year(today) == SchoolYear(year)
    assert kinds(upcoming_terms(today)) == [coming, following]
    assert (coming_term(today).kind, coming_term(today).year) == coming
    assert last_ended_school_year(today).spring_end < today


@pytest.mark.parametrize(
    ("today", "spring_year", "first_monday", "last_friday"),
    [
        (date(2026, 12, 28), 2027, date(2027, 1, 11), date(2027, 5, 28)),
        (date(2027, 1, 7), 2028, date(2028, 1, 10), date(2028, 5, 26)),  # the first day: it has started
        (date(2027, 8, 16), 2028, date(2028, 1, 10), date(2028, 5, 26)),
        (date(2028, 2, 29), 2029, date(2029, 1, 8), date(2029, 6, 1)),
        (date(2027, 12, 31), 2028, date(2028, 1, 10), date(2028, 5, 26)),
    ],
    ids=str,
)
def test_the_next_spring_term_lies_ahead_and_its_pilots_run_monday_to_friday(
    today, spring_year, first_monday, last_friday
):
    term = next_term(today, SPRING)
    assert term.year == spring_year and term.starts_on > today
    assert (term.first_monday, term.last_friday) == (first_monday, last_friday)
    assert first_monday.weekday() == 0 and last_friday.weekday() == 4


def test_a_term_gives_weekdays_of_iso_weeks_kept_inside_the_term():
    spring = SchoolYear(2025).spring  # spring 2026 starts on a Wednesday; ISO week 2 begins before it
    assert spring.monday(2) == spring.first_monday == date(2026, 1, 12)
    assert spring.monday(10) == date(2026, 3, 2)  # the week after the winter break
    assert spring.friday(17) == date(2026, 4, 24)
    assert spring.friday(23) == spring.last_friday == date(2026, 5, 29)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_on_any_day_the_coming_terms_have_not_ended_and_the_next_has_not_started(today):
    terms = upcoming_terms(today)
    assert all(term.ends_on >= today for term in terms)
    assert terms[0].starts_on <= terms[0].ends_on < terms[1].starts_on
    assert {terms[0].kind, terms[1].kind} == {AUTUMN, SPRING}
    ahead = next_term(today)
    assert today < ahead.starts_on <= today + timedelta(days=366)
    spring = next_term(today, SPRING)
    assert today < spring.first_monday < spring.last_friday <= spring.ends_on
    assert today in school_year(today).christmas_break or any(today <= t.ends_on for t in school_year(today).terms)
