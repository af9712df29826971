"""Personal data kept only as long as needed: the retention period, a user's own data, deleting an account.

Retention: once a pilot has been completed for KYKY_RETENTION_MONTHS (24 by default), its agreement's contact
details and its evaluations' written answers are removed, and with them the contact details and texts that the
audit trail recorded about them. The figures stay (ratings, answers to the choice questions, pupil counts), so
the reports still count the pilot; the signed agreement's PDF is kept as it was signed, as the law requires.
Deleting an account removes the person's data and keeps their signatures on signed agreements as names only.
"""

from __future__ import annotations

import calendar
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from contracts.models import Agreement, Signature
from kyky.accounts.models import Membership, User
from kyky.accounts.tokens import token_revoke_all
from kyky.core import audit, concurrency, mail, notifications
from kyky.core.models import AuditEntry, Email, Notification
from kyky.pilots.models import Application, Feedback, Need, Pilot, Proposal

CONTACT_KEYS = ("name", "title", "email", "phone")
FEEDBACK_TEXTS = ("worked", "change", "text")  # "text": the one answer of the evaluation's first shape
DELETED_DOMAIN = "deleted.invalid"


def months_before(moment: datetime, months: int) -> datetime:
    """The same moment `months` calendar months earlier (the 31st becomes the month's last day)."""
    years, month_index = divmod(moment.month - 1 - months, 12)
    year, month = moment.year + years, month_index + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def retention_cutoff(now: datetime | None = None) -> datetime:
    """Pilots completed before this moment are past the retention period."""
    return months_before(timezone.localtime(now or timezone.now()), settings.RETENTION_MONTHS)


@dataclass
class RetentionResult:
    pilots: int = 0
    evaluations: int = 0
    contacts: int = 0
    audit_entries: int = 0


def _scrubbed(data: dict[str, Any]) -> dict[str, Any] | None:
    """An audit entry's data without the contact details and texts it recorded, or None if it holds none."""
    changes = data.get("changes")
    if not isinstance(changes, dict):
        return None
    personal = [key for key in changes if key.startswith("contacts.") or key in FEEDBACK_TEXTS]
    if not personal or all(changes[key] == [None, None] for key in personal):
        return None
    return {**data, "changes": {key: ([None, None] if key in personal else value) for key, value in changes.items()}}


def _retain(pilot_id: int, *, now: datetime, result: RetentionResult) -> None:
    pilot = Pilot.objects.select_for_update().filter(pk=pilot_id, personal_data_removed_at__isnull=True).first()
    if pilot is None:  # another run took it meanwhile
        return
    evaluations = (
        Feedback.objects.filter(pilot=pilot).filter(~Q(worked="") | ~Q(change="")).update(worked="", change="")
    )
    contacts = 0
    agreement = Agreement.objects.select_for_update().filter(pilot=pilot).first()
    if agreement is not None:
        snapshot = agreement.snapshot
        for side, contact in snapshot.get("contacts", {}).items():
            if any(contact.get(key) for key in CONTACT_KEYS):
                snapshot["contacts"][side] = dict.fromkeys(CONTACT_KEYS, "")
                contacts += 1
        if contacts:
            Agreement.objects.filter(pk=agreement.pk).update(snapshot=snapshot, **concurrency.bump())
    entries = 0
    targets = [("pilot", pilot.pk)] + ([("agreement", agreement.pk)] if agreement is not None else [])
    for model, pk in targets:
        for entry in AuditEntry.objects.filter(
            content_type__model=model, object_id=pk, action__in=["edit", "feedback"]
        ):
            scrubbed = _scrubbed(entry.data or {})
            if scrubbed is not None:
                AuditEntry.objects.filter(pk=entry.pk).update(data=scrubbed)
                entries += 1
    Pilot.objects.filter(pk=pilot.pk).update(personal_data_removed_at=now)
    audit.log(
        actor=None,
        obj=pilot,
        action="retention",
        frm=pilot.status,
        data={
            "months": settings.RETENTION_MONTHS,
            "evaluations": evaluations,
            "contacts": contacts,
            "audit_entries": entries,
        },
    )
    result.pilots += 1
    result.evaluations += evaluations
    result.contacts += contacts
    result.audit_entries += entries


def apply_retention(*, now: datetime | None = None) -> RetentionResult:
    """Remove the contact details and written evaluations of pilots completed longer ago than the retention
    period. Idempotent: a pilot is done once (its personal_data_removed_at is set), each in its own transaction."""
    now = now or timezone.now()
    due = Pilot.objects.filter(
        status=Pilot.Status.COMPLETED,
        completed_at__lt=retention_cutoff(now),
        personal_data_removed_at__isnull=True,
    ).order_by("completed_at", "id")
    result = RetentionResult()
    for pilot_id in due.values_list("id", flat=True):
        with transaction.atomic():
            _retain(pilot_id, now=now, result=result)
    return result


# A user's own data


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def user_export(*, user: User) -> dict[str, Any]:
    """Everything KYKY holds about the user, as JSON-ready data (GDPR right of access and portability)."""
    member = Membership.objects.select_related("organisation").filter(user=user).first()
    email = user.email.lower()
    contact = Q(snapshot__contacts__school__email__iexact=email) | Q(snapshot__contacts__company__email__iexact=email)
    return {
        "format": "kyky-personal-data",
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "name": user.name,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "membership": None
        if member is None
        else {
            "organisation": {
                "id": member.organisation_id,
                "name": member.organisation.name,
                "kind": member.organisation.kind,
                "municipality": member.organisation.municipality_id,
            },
            "role": member.role,
            "since": _iso(member.created_at),
        },
        "proposals_created": list(
            Proposal.objects.filter(created_by=user).values("id", "title", "status", "created_at").order_by("id")
        ),
        "needs_created": list(
            Need.objects.filter(created_by=user).values("id", "title", "status", "created_at").order_by("id")
        ),
        "applications_sent": list(
            Application.objects.filter(created_by=user)
            .values("id", "proposal_id", "need_id", "message", "status", "created_at")
            .order_by("id")
        ),
        "applications_answered": list(
            Application.objects.filter(decided_by=user).values("id", "status", "decided_at").order_by("id")
        ),
        "evaluations": list(
            Feedback.objects.filter(author=user)
            .values(
                "pilot_id", "side", "rating", "goals", "again", "worked", "change", "faces", "created_at", "updated_at"
            )  # fmt: skip
            .order_by("id")
        ),
        "signatures": list(
            Signature.objects.filter(user=user)
            .values("agreement__number", "party", "name", "role", "organisation", "signed_at", "method", "assurance")
            .order_by("id")
        ),
        "agreement_contacts": [
            {"agreement": agreement.number, "side": side, **person}
            for agreement in Agreement.objects.filter(contact).order_by("id")
            for side, person in agreement.snapshot["contacts"].items()
            if (person.get("email") or "").lower() == email
        ],
        "actions": list(
            AuditEntry.objects.filter(actor=user)
            .values("created_at", "action", "content_type__model", "object_id", "from_state", "to_state", "comment")
            .order_by("created_at", "id")
        ),
    }


@transaction.atomic
def account_delete(*, actor: User, user: User) -> None:
    """The user deletes their own account: their personal data goes, the records of what was done stay.

    The row stays without personal data (the records name who did what), can never sign in again, and its
    e-mail address is free for a new account. Signatures stay on their agreements as name-only records;
    the user's contact details leave the agreements still being drafted (frozen terms keep them until the
    retention period). The user is told by e-mail at the address they had.
    """
    if actor is None or actor.pk != user.pk or not user.is_active:
        raise PermissionDenied(_("Only you can delete your account."))
    user = User.objects.select_for_update().get(pk=user.pk)
    email = user.email
    language = notifications.language_of(user)  # the farewell's language, while the unit is still known
    member = Membership.objects.filter(user=user).first()
    signatures = Signature.objects.filter(user=user).update(user=None)
    contacts = 0
    lowered = email.lower()
    drafts = Agreement.objects.select_for_update().filter(
        Q(snapshot__contacts__school__email__iexact=lowered) | Q(snapshot__contacts__company__email__iexact=lowered),
        status__in=[Agreement.Status.DRAFT, Agreement.Status.SUBMITTED, Agreement.Status.RETURNED],
    )
    for agreement in drafts:
        snapshot = agreement.snapshot
        for side, person in snapshot["contacts"].items():
            if (person.get("email") or "").lower() == lowered:
                snapshot["contacts"][side] = dict.fromkeys(CONTACT_KEYS, "")
                contacts += 1
        Agreement.objects.filter(pk=agreement.pk).update(snapshot=snapshot, **concurrency.bump())
    tokens = token_revoke_all(user=user)
    if member is not None:
        member.delete()
    user.email = f"deleted-{user.pk}-{secrets.token_hex(4)}@{DELETED_DOMAIN}"
    user.name = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.last_login = None
    user.calendar_secret = ""  # the private feed's address stops working
    user.deleted_at = timezone.now()
    user.set_unusable_password()  # also ends every session: their auth hash no longer matches
    user.save()
    # What the user was told: the notifications' facts and queued e-mails name people and things.
    Notification.objects.filter(recipient=user).delete()
    Email.objects.filter(recipient=user).delete()
    user.groups.clear()
    user.user_permissions.clear()
    audit.log(
        actor=user,
        obj=user,
        action="account_delete",
        to="deleted",
        data={
            "signatures": signatures,
            "contacts": contacts,
            "tokens": tokens,
            "membership": {"organisation": member.organisation_id, "role": member.role} if member else None,
        },
    )
    with translation.override(language):
        subject = _("Your KYKY account was deleted")
        body = _(
            "Your account and your personal data were deleted. Your signatures stay on the agreements you "
            "signed, with your name only."
        )
    # Sent as given to the address the account had: there is no user to hold a notification any more.
    transaction.on_commit(lambda: mail.send_direct.enqueue([email], subject, body), robust=True)
