"""The hourly round of dated notices, reminders and digests (``manage.py send_reminders``).

- a pilot starting in 7 days: both parties, once;
- feedback due once a pilot has ended: each side still without feedback, once; and a reminder 7 days
  after the end if it is still missing;
- an approved agreement waiting for a signature for 3 days or more: the side yet to sign, again every
  3 days, at most 3 times;
- an application unanswered for 5 days: the answering side, once;
- offers whose answer time has passed expire (both sides hear of it) and free their places;
- from 07:00 Helsinki time, each digest reader's daily digest; and the e-mails whose retry is due;
- agreement PDFs still missing after a failed rendering (contracts.services.documents_due).

Each notice is recorded (:class:`~kyky.core.models.Reminder`, unique per object, kind, side and
occasion) in the transaction that queues it, so running this as often as anyone likes, or twice at
once, sends nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from contracts import services as agreements
from contracts.models import Agreement
from kyky.core import mail, notifications
from kyky.core.models import Reminder
from kyky.matching import services as matching
from kyky.pilots import audience
from kyky.pilots import services as pilots
from kyky.pilots.models import Application, Pilot
from kyky.process.selectors import ANSWER_WITHIN, FEEDBACK_WITHIN, SIGN_WITHIN, pilot_window

STARTS_IN = timedelta(days=7)
SIGN_REMINDERS = 3
SIDES = ("school", "company")


def _once(kind: str, obj, send: Callable[[], None], *, side: str = "", occasion: int = 1) -> bool:
    """Record the occasion and send, in one transaction; False (and nothing sent) if it was already recorded."""
    try:
        with transaction.atomic():
            Reminder.objects.create(
                kind=kind,
                content_type=ContentType.objects.get_for_model(obj),
                object_id=obj.pk,
                side=side,
                occasion=occasion,
            )
            send()
    except IntegrityError:
        return False
    return True


def _pilot_facts(pilot: Pilot, starts: date, ends: date) -> dict:
    return {
        "title": pilot.proposal.title,
        "unit": pilot.unit.name,
        "company": pilot.company.name,
        "starts_on": starts,
        "ends_on": ends,
    }


def _pilot_path(pilot: Pilot) -> str:
    from django.urls import reverse

    return reverse("pilot-detail", args=[pilot.pk])


def pilots_starting(today: date) -> int:
    sent = 0
    planned = Pilot.objects.filter(status=Pilot.Status.PLANNED).select_related(
        "agreement", "need__organisation", "proposal__organisation", "unit", "company", "application"
    )
    for pilot in planned:
        starts, ends = pilot_window(pilot)
        if not today < starts <= today + STARTS_IN:
            continue
        facts = _pilot_facts(pilot, starts, ends)
        sent += _once(
            "pilot_starting",
            pilot,
            lambda pilot=pilot, facts=facts: notifications.event(
                "pilot_starting", audience.pilot_parties(pilot), data=facts, path=_pilot_path(pilot)
            ),
        )
    return sent


def feedback(today: date) -> int:
    """Feedback due at a pilot's end, and its reminder FEEDBACK_WITHIN later, for each side still without it."""
    sent = 0
    ended = Pilot.objects.filter(status__in=[Pilot.Status.RUNNING, Pilot.Status.COMPLETED]).select_related(
        "agreement", "need__organisation", "proposal__organisation", "unit", "company", "application"
    )
    for pilot in ended.prefetch_related("feedback"):
        starts, ends = pilot_window(pilot)
        if ends > today:
            continue
        given = {f.side for f in pilot.feedback.all()}
        facts = _pilot_facts(pilot, starts, ends)
        for side in SIDES:
            if side in given:
                continue
            for kind in ("feedback_due", "reminder_feedback"):
                if kind == "reminder_feedback" and today < ends + FEEDBACK_WITHIN:
                    continue
                sent += _once(
                    kind,
                    pilot,
                    lambda pilot=pilot, side=side, kind=kind, facts=facts: notifications.event(
                        kind, audience.pilot_side(pilot, side), data=facts, path=_pilot_path(pilot)
                    ),
                    side=side,
                )
    return sent


def unsigned_agreements(now: datetime) -> int:
    """Every SIGN_WITHIN days an approved agreement waits, the side yet to sign hears of it, at most 3 times."""
    sent = 0
    waiting = Agreement.objects.filter(
        status=Agreement.Status.APPROVED, approved_at__lte=now - SIGN_WITHIN
    ).prefetch_related("signatures")
    for agreement in waiting.select_related("pilot__application__need", "pilot__application__proposal"):
        days = (now - agreement.approved_at).days
        occasion = min(SIGN_REMINDERS, days // SIGN_WITHIN.days)
        signed = {s.party for s in agreement.signatures.all()}
        for side in SIDES:
            if side in signed:
                continue
            # A run that missed earlier occasions sends only the latest one, never a burst of them.
            if Reminder.objects.filter(
                kind="reminder_sign",
                content_type=ContentType.objects.get_for_model(agreement),
                object_id=agreement.pk,
                side=side,
                occasion__gte=occasion,
            ).exists():
                continue
            sent += _once(
                "reminder_sign",
                agreement,
                lambda agreement=agreement, side=side, days=days: notifications.event(
                    "reminder_sign",
                    audience.pilot_side(agreement.pilot, side),
                    data={**agreements.agreement_facts(agreement), "days": days},
                    path=agreements.agreement_path(agreement),
                ),
                side=side,
                occasion=occasion,
            )
    return sent


def unanswered_applications(now: datetime) -> int:
    sent = 0
    waiting = Application.objects.filter(
        status=Application.Status.PENDING, created_at__lte=now - ANSWER_WITHIN
    ).select_related("need__organisation", "proposal__organisation", "created_by")
    for application in waiting:
        days = (now - application.created_at).days
        sender = application.need if application.initiated_by == "school" else application.proposal
        facts = {**pilots.application_facts(application), "organisation": sender.organisation.name, "days": days}
        sent += _once(
            "reminder_application",
            application,
            lambda application=application, facts=facts: notifications.event(
                "reminder_application",
                audience.application_side(application, application.answering_side),
                data=facts,
                path=pilots.application_path(application),
            ),
        )
    return sent


def send_reminders(now: datetime | None = None) -> dict[str, int]:
    """Everything the hourly run does; what it did, by kind."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    done = {
        "offers_expired": matching.offers_expire_due(today),
        "pilots_starting": pilots_starting(today),
        "feedback": feedback(today),
        "signatures": unsigned_agreements(now),
        "applications": unanswered_applications(now),
    }
    done["digests"] = len(mail.make_digests(now))
    done["retried"] = mail.retry_due(now)
    done["documents"] = agreements.documents_due()["produced"]
    return done
