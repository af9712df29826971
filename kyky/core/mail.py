"""Rendering and sending the queued e-mails: by a background task after the commit, retried with back-off.

Each :class:`~kyky.core.models.Email` is rendered when it is sent, in its recipient's language, with a
text and an HTML part (user-written text is escaped in the HTML), a ``Content-Language`` header and a
``List-Unsubscribe`` link to the settings page. A send that fails is tried again after a growing pause;
with a backend that can defer tasks (django-tasks-db) the task queues itself for then, and ``manage.py
send_reminders`` (hourly) picks up whatever is due in any case. Nothing here ever raises into a request.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task

from kyky.catalog.models import Municipality
from kyky.core.dates import human_date
from kyky.core.models import Email, Notification
from kyky.core.notifications import EVENTS, language_of, one_line, site_url

logger = logging.getLogger(__name__)

#: Pauses before the 2nd, 3rd, ... attempt; after the last one the e-mail is given up (status failed).
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2), timedelta(hours=12))
#: A send claimed this long ago and never finished (a worker died) is tried again.
STALE = timedelta(minutes=15)
DIGEST_HOUR = 7


# Rendering


def _params(data: dict) -> dict:
    """The facts as the subject uses them: ISO days as the reader writes dates, a municipality by its code in
    the reader's language."""
    params = {
        key: human_date(value) if key.endswith("_on") or key.endswith("_by") else value for key, value in data.items()
    }
    if data.get("municipality_code"):
        municipality = Municipality.objects.filter(pk=data["municipality_code"]).first()
        if municipality is not None:
            params["municipality"] = municipality.name
    return params


def subject_of(notification: Notification) -> str:
    """The notification's subject in the active language."""
    template = str(EVENTS[notification.kind].subject)
    try:
        return one_line(template % _params(notification.data))
    except (KeyError, TypeError, ValueError):  # facts missing from an old row: the bare subject still says what
        return one_line(template.split("%(")[0]) or notification.kind


def _item(notification: Notification) -> dict:
    data = notification.data
    return {
        "subject": subject_of(notification),
        "template": f"notifications/events/{notification.kind}.txt",
        "data": {
            **data,
            **{k: v for k, v in _params(data).items() if k.endswith(("_on", "_by")) or k == "municipality"},
        },
        "url": site_url(notification.path or "/"),
        "action": str(EVENTS[notification.kind].action),
    }


def render(email: Email) -> EmailMultiAlternatives:
    """The message in its recipient's language: subject, text and HTML parts, and the list headers."""
    user = email.recipient
    language = language_of(user)
    notifications = list(email.notifications.order_by("created_at", "id"))
    with translation.override(language):
        items = [_item(n) for n in notifications]
        settings_url = site_url(reverse("settings"))
        if email.kind == Email.Kind.DIGEST:
            subject = gettext("KYKY: %(count)d things that concern you") % {"count": len(items)}
            if len(items) == 1:
                subject = gettext("KYKY: %(subject)s") % {"subject": items[0]["subject"]}
        else:
            subject = items[0]["subject"] if items else "KYKY"
        context = {
            "user": user,
            "items": items,
            "digest": email.kind == Email.Kind.DIGEST,
            "day": human_date(email.digest_day) if email.digest_day else "",
            "settings_url": settings_url,
            "site_url": settings.SITE_URL,
            "language": language,
        }
        text = render_to_string("notifications/email.txt", context)
        html = render_to_string("notifications/email.html", context)
    message = EmailMultiAlternatives(
        subject=one_line(subject),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "Content-Language": language,
            "List-Unsubscribe": f"<{settings_url}>",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


# Sending


def _claim(email_id: int) -> Email | None:
    """Take the e-mail for sending unless it is sent, given up, not yet due, or being sent by another worker."""
    now = timezone.now()
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    claimed = (
        Email.objects.filter(pk=email_id)
        .filter(
            (Q(status=Email.Status.QUEUED) & due) | Q(status=Email.Status.SENDING, next_attempt_at__lte=now - STALE)
        )
        .update(status=Email.Status.SENDING, next_attempt_at=now)
    )
    if not claimed:
        return None
    return Email.objects.select_related("recipient").get(pk=email_id)


def send(email_id: int) -> str:
    """Send one queued e-mail; on failure, plan the next attempt. Returns the e-mail's status."""
    email = _claim(email_id)
    if email is None:
        return Email.objects.filter(pk=email_id).values_list("status", flat=True).first() or "missing"
    try:
        message = render(email)
        connection = get_connection(timeout=settings.EMAIL_TIMEOUT)
        message.connection = connection
        message.send(fail_silently=False)
    except Exception as exc:  # any failure of rendering or delivery: recorded, retried, never raised
        return _failed(email, exc)
    Email.objects.filter(pk=email.pk).update(
        status=Email.Status.SENT,
        sent_at=timezone.now(),
        attempts=email.attempts + 1,
        subject=message.subject[:300],
        language=message.extra_headers["Content-Language"],
        last_error="",
    )
    return Email.Status.SENT


def _failed(email: Email, exc: Exception) -> str:
    attempts = email.attempts + 1
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if attempts > len(BACKOFF):
        Email.objects.filter(pk=email.pk).update(status=Email.Status.FAILED, attempts=attempts, last_error=error)
        logger.error(
            "E-mail %s to user %s given up after %s attempts: %s", email.pk, email.recipient_id, attempts, error
        )
        return Email.Status.FAILED
    retry_at = timezone.now() + BACKOFF[attempts - 1]
    Email.objects.filter(pk=email.pk).update(
        status=Email.Status.QUEUED, attempts=attempts, last_error=error, next_attempt_at=retry_at
    )
    logger.warning("E-mail %s failed (attempt %s), next at %s: %s", email.pk, attempts, retry_at.isoformat(), error)
    _enqueue_at(email.pk, retry_at)
    return Email.Status.QUEUED


@task()
def deliver(email_id: int) -> str:
    return send(email_id)


def enqueue(email_id: int) -> None:
    """Hand the e-mail to the background worker (the immediate backend sends it at once)."""
    try:
        deliver.enqueue(email_id)
    except Exception:  # the queue is away: the hourly sweep (retry_due) sends it later
        logger.exception("Could not queue e-mail %s; the hourly sweep will send it.", email_id)


def _enqueue_at(email_id: int, when: datetime) -> None:
    """Queue the next attempt for later where the backend can defer; otherwise the hourly sweep takes it."""
    if deliver.get_backend().supports_defer:
        try:
            deliver.using(run_after=when).enqueue(email_id)
        except Exception:
            logger.exception("Could not queue the retry of e-mail %s; the hourly sweep will.", email_id)


def retry_due(now: datetime | None = None) -> int:
    """Send the e-mails whose next attempt is due, or that never reached the queue; the number tried."""
    now = now or timezone.now()
    due = Email.objects.filter(
        Q(status=Email.Status.QUEUED, next_attempt_at__lte=now)
        | Q(status=Email.Status.QUEUED, next_attempt_at__isnull=True, created_at__lte=now - timedelta(minutes=10))
        | Q(status=Email.Status.SENDING, next_attempt_at__lte=now - STALE)
    ).values_list("pk", flat=True)
    ids = list(due[:1000])
    for email_id in ids:
        send(email_id)
    return len(ids)


# Digests


def digest_moment(day: date) -> datetime:
    """07:00 in Helsinki on that day."""
    return timezone.make_aware(datetime.combine(day, time(DIGEST_HOUR)))


def make_digests(now: datetime | None = None) -> list[int]:
    """From 07:00 Helsinki time on, one digest a day to each user with waiting digest notifications.

    The digest gathers everything not yet sent; the unique (user, day) constraint makes a second run of the
    same day find nothing to do. Returns the ids of the e-mails made (their sending is queued after commit).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    if now < digest_moment(today):
        return []
    made = []
    waiting = (
        Notification.objects.filter(delivery=Notification.Delivery.DIGEST, email__isnull=True)
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    for user_id in list(waiting):
        try:
            with transaction.atomic():
                if Email.objects.filter(recipient_id=user_id, kind=Email.Kind.DIGEST, digest_day=today).exists():
                    continue
                email = Email.objects.create(recipient_id=user_id, kind=Email.Kind.DIGEST, digest_day=today)
                taken = Notification.objects.filter(
                    recipient_id=user_id, delivery=Notification.Delivery.DIGEST, email__isnull=True
                ).update(email=email)
                if not taken:
                    raise _NothingWaiting
                transaction.on_commit(lambda pk=email.pk: enqueue(pk), robust=True)
                made.append(email.pk)
        except (IntegrityError, _NothingWaiting):  # another run made today's digest meanwhile
            continue
    return made


class _NothingWaiting(Exception):
    """Rolls back a digest that found nothing to gather."""


@task()
def send_direct(recipients: list[str], subject: str, body: str) -> int:
    """A message that is not an event, such as a password-reset link: sent as given and never stored,
    so a one-time link does not wait in the database."""
    messages = [
        EmailMultiAlternatives(one_line(subject), body, settings.DEFAULT_FROM_EMAIL, [address])
        for address in recipients
    ]
    return get_connection().send_messages(messages) or 0
