"""Telling people what concerns them: one notification per event and recipient, e-mailed in their language.

A service that changes something calls :func:`event` inside its transaction with the event's code, the
users it concerns and the facts the message needs (names, titles, numbers, a comment: never translated
words). Each recipient gets a :class:`~kyky.core.models.Notification`; by their setting it goes out as an
e-mail at once (an :class:`~kyky.core.models.Email` queued in the same transaction and handed to a
background task after the commit, see :mod:`kyky.core.mail`), in the next daily digest, or not at all.
The words are chosen when the e-mail is rendered, inside ``translation.override(recipient's language)``.

:func:`notify` keeps the older call ``notify(recipients, subject, body)`` working: the recipients are
e-mail addresses of users, and a lazy subject or body (``gettext_lazy``, ``format_lazy``) is put into
words in each recipient's own language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kyky.accounts.models import Membership, Organisation
from kyky.core.models import Email, Notification

LANGUAGES = ("fi", "sv", "en")
DEFAULT_LANGUAGE = "fi"


@dataclass(frozen=True)
class Event:
    """What the e-mail of one kind of event says: its subject (with the data's %(names)s) and its link's label."""

    subject: Any
    action: Any


#: Every event a user may hear of. Each has the template notifications/events/<code>.txt.
EVENTS: Mapping[str, Event] = {
    "application_received": Event(_("%(company)s applies to your need “%(need)s”"), _("Answer the application")),
    "interest_received": Event(
        _("%(unit)s is interested in your pilot offer “%(proposal)s”"), _("Answer the expression of interest")
    ),
    "application_accepted": Event(_("Accepted: “%(proposal)s” for “%(need)s”"), _("Open the agreement")),
    "application_declined": Event(_("Declined: “%(proposal)s” for “%(need)s”"), _("Open the application")),
    "application_withdrawn": Event(_("Withdrawn: “%(proposal)s” for “%(need)s”"), _("Open the application")),
    "agreement_submitted": Event(
        _("Agreement %(number)s waits for your approval: %(unit)s – %(company)s"), _("Review the agreement")
    ),
    "agreement_returned": Event(_("Agreement %(number)s was returned for changes: %(title)s"), _("Edit the agreement")),
    "agreement_approved": Event(
        _("Agreement %(number)s is approved and ready to be signed: %(title)s"), _("Sign the agreement")
    ),
    "agreement_signed": Event(
        _("%(organisation)s signed agreement %(number)s: your signature is needed"), _("Sign the agreement")
    ),
    "agreement_in_force": Event(_("Agreement %(number)s is signed and in force: %(title)s"), _("Open the agreement")),
    "agreement_cancelled": Event(_("Agreement %(number)s was cancelled: %(title)s"), _("Open the agreement")),
    "pilot_starting": Event(_("The pilot “%(title)s” starts on %(starts_on)s"), _("Open the pilot")),
    "feedback_due": Event(_("Give your feedback on the pilot “%(title)s”"), _("Give feedback")),
    "offer_received": Event(
        _("An offer for you: “%(proposal)s” for “%(need)s”, answer by %(respond_by)s"), _("Answer the offer")
    ),
    "offer_accepted": Event(_("Both sides accepted: “%(proposal)s” for “%(need)s”"), _("Open the agreement")),
    "offer_declined": Event(_("Declined: the offer “%(proposal)s” for “%(need)s”"), _("Open the offer")),
    "offer_expired": Event(_("Expired: the offer “%(proposal)s” for “%(need)s”"), _("Open the offer")),
    "reminder_sign": Event(_("Reminder: agreement %(number)s waits for your signature"), _("Sign the agreement")),
    "reminder_application": Event(
        _("Reminder: “%(proposal)s” for “%(need)s” waits for your answer"), _("Answer the application")
    ),
    "reminder_feedback": Event(_("Reminder: your feedback on the pilot “%(title)s” is missing"), _("Give feedback")),
    "agreement_part_ready": Event(
        _("Agreement %(number)s: %(organisation)s has completed its part"), _("Complete your part")
    ),
    "agreement_ready_cleared": Event(
        _("Agreement %(number)s was changed: check it and mark your part ready again"), _("Open the agreement")
    ),
    "agreement_sent_for_approval": Event(
        _("Agreement %(number)s was submitted for approval: %(title)s"), _("Open the agreement")
    ),
    "agreement_remind": Event(
        _("Agreement %(number)s: %(organisation)s asks you to complete your part"), _("Complete your part")
    ),
    "proposal_closed_here": Event(
        _("Your pilot offer “%(title)s” was closed in %(municipality)s"), _("Open the offer")
    ),
    "proposal_reopened_here": Event(
        _("Your pilot offer “%(title)s” is open again in %(municipality)s"), _("Open the offer")
    ),
    "changes_requested": Event(
        _("%(municipality)s asks for changes to your pilot offer “%(title)s”"), _("Edit the offer")
    ),
    "change_request_withdrawn": Event(
        _("%(municipality)s withdrew its request for changes to “%(title)s”"), _("Open the offer")
    ),
    "changes_made": Event(
        _("%(company)s changed the pilot offer “%(title)s” you asked changes to"), _("Open the offer")
    ),
    "reference_created": Event(_("A new reference: %(text)s"), _("Open the reference")),
    "reference_withdrawn": Event(_("Your reference was withdrawn: %(text)s"), _("Open the reference")),
    "message": Event("%(subject)s", _("Open KYKY")),
}


def one_line(subject: str) -> str:
    """A subject on one line, whatever the names in it hold: a line break in a header is refused (BadHeaderError)."""
    return " ".join(str(subject).split())


def language_of(user) -> str:
    """The language a user's e-mails are written in: their own, else their unit's, else Finnish."""
    if user.language in LANGUAGES:
        return user.language
    member = getattr(user, "member", None)
    if member is not None and member.organisation.is_unit:
        codes = set(member.organisation.languages.values_list("code", flat=True))
        for code in LANGUAGES:
            if code in codes:
                return code
    return DEFAULT_LANGUAGE


def _plain(value: Any) -> Any:
    """A fact as JSON keeps it: dates as ISO days, names and titles as text."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return str(value)


def event(
    kind: str,
    recipients: Iterable,
    *,
    data: Mapping[str, Any],
    path: str = "",
    actor=None,
) -> list[Notification]:
    """Tell each recipient (users; the actor who caused it is left out) of an event, by their setting.

    Call inside the transaction of the change: nothing goes out if it rolls back, and the e-mails are
    handed to the background worker only after the commit.
    """
    if kind not in EVENTS:
        raise ValueError(f"unknown event: {kind!r}")
    facts = {key: _plain(value) for key, value in data.items()}
    actor_id = getattr(actor, "pk", None)
    seen: set[int] = set()
    created = []
    for user in recipients:
        if user is None or user.pk in seen or user.pk == actor_id or not user.is_active:
            continue
        seen.add(user.pk)
        delivery = user.notifications
        email = None
        if delivery == Notification.Delivery.IMMEDIATELY:
            email = Email.objects.create(recipient=user, kind=Email.Kind.EVENT)
        created.append(
            Notification.objects.create(
                recipient=user, kind=kind, data=facts, path=path[:300], delivery=delivery, email=email
            )
        )
        if email is not None:
            _send_after_commit(email.pk)
    return created


def _send_after_commit(email_id: int) -> None:
    from kyky.core import mail  # the task module imports this one

    # robust: a queue that cannot be reached is logged, never the request's error; the hourly sweep retries.
    transaction.on_commit(lambda: mail.enqueue(email_id), robust=True)


def notify(recipients: Iterable[str], subject: Any, body: Any = "") -> None:
    """The older call: e-mail the users with these addresses; a lazy subject or body is put in each one's language."""
    emails = sorted({address.strip().lower() for address in recipients if address})
    if not emails:
        return
    users = get_user_model().objects.filter(email__in=emails, is_active=True)
    for user in users:
        with translation.override(language_of(user)):
            words = {"subject": one_line(subject), "body": str(body or "")}
        event("message", [user], data=words)


# Who an event concerns


def users_of(organisation_id: int, roles: Iterable[str] | None = None):
    """The active users of an organisation with one of these roles."""
    users = get_user_model().objects.filter(membership__organisation_id=organisation_id, is_active=True)
    if roles is not None:
        users = users.filter(membership__role__in=list(roles))
    return users.order_by("pk")


def members_of(organisation_id: int, roles: Iterable[str] | None = None) -> list[str]:
    """E-mail addresses of an organisation's active users with one of these roles (for :func:`notify`)."""
    return list(users_of(organisation_id, roles).values_list("email", flat=True))


def coordinators_of(municipality_id: str):
    """The coordinators of a municipality's city."""
    return (
        get_user_model()
        .objects.filter(
            Q(membership__role=Membership.Role.COORDINATOR),
            membership__organisation__kind=Organisation.Kind.CITY,
            membership__organisation__municipality_id=municipality_id,
            is_active=True,
        )
        .order_by("pk")
    )


def site_url(path: str) -> str:
    """An absolute link for an e-mail or a calendar."""
    return f"{settings.SITE_URL}{path}"
