"""A user's private calendar feed (RFC 5545): their pilots' dates and their deadlines, in their language.

Deadlines are the days by which something waits for them: an application's or an offer's answer, an
approved agreement's signature, a finished pilot's feedback (the same days the reminders count from).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from kyky.accounts.models import User
from kyky.core.notifications import language_of
from kyky.pilots import selectors as pilot_selectors
from kyky.pilots.models import Pilot
from kyky.process.selectors import pilot_window, user_tasks

_HOST = "kyky"
_DEADLINE = {
    "application": lambda: _("Answer by: %(title)s"),
    "offer": lambda: _("Answer the offer by: %(title)s"),
    "agreement": lambda: _("Sign by: %(title)s"),
    "feedback": lambda: _("Feedback due: %(title)s"),
}


def user_by_calendar_secret(secret: str) -> User | None:
    if not secret or len(secret) > 64:
        return None
    return User.objects.filter(calendar_secret=secret, is_active=True).exclude(calendar_secret="").first()


def _event(uid: str, summary: str, starts, ends_exclusive, url: str, description: str = "") -> Event:
    event = Event()
    event.add("uid", f"{uid}@{_HOST}")
    event.add("dtstamp", timezone.now())
    event.add("summary", summary)
    event.add("dtstart", starts)
    event.add("dtend", ends_exclusive)
    event.add("url", url)
    if description:
        event.add("description", description)
    event.add("transp", "TRANSPARENT")
    return event


def calendar_feed(*, user: User) -> bytes:
    """The user's calendar as iCalendar bytes."""
    with translation.override(language_of(user)):
        calendar = Calendar()
        calendar.add("prodid", "-//KYKY//Pilots and deadlines//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", _("KYKY: pilots and deadlines"))
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        pilots = (
            pilot_selectors.pilot_visible(actor=user)
            .filter(~Q(status=Pilot.Status.CANCELLED))
            .order_by("-created_at", "-id")[:500]
        )
        for pilot in pilots:
            starts, ends = pilot_window(pilot)
            summary = _("Pilot: %(title)s (%(unit)s, %(company)s)") % {
                "title": pilot.proposal.title, "unit": pilot.unit.name, "company": pilot.company.name
            }  # fmt: skip
            url = f"{settings.SITE_URL}/pilots/{pilot.pk}/"
            calendar.add_component(
                _event(f"pilot-{pilot.pk}", summary, starts, ends + timedelta(days=1), url, pilot.need.title)
            )
        for task in user_tasks(actor=user, include_matches=False):
            if task.due_on is None or task.kind not in _DEADLINE:
                continue
            summary = _DEADLINE[task.kind]() % {"title": task.title}
            calendar.add_component(
                _event(
                    f"{task.kind}-{task.id}-due",
                    summary,
                    task.due_on,
                    task.due_on + timedelta(days=1),
                    f"{settings.SITE_URL}{task.url}",
                    task.detail,
                )
            )
    return calendar.to_ical()
