"""E-mail to the people a change concerns, sent as a background task once the change has committed."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django_tasks import task

from kyky.accounts.models import Membership


def one_line(subject: str) -> str:
    """A subject on one line, whatever the names in it hold: a line break in a header is refused (BadHeaderError)."""
    return " ".join(str(subject).split())


@task()
def send_notification(recipients: list[str], subject: str, body: str) -> int:
    subject = one_line(subject)
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in recipients]
    return send_mass_mail(messages, fail_silently=False)


def members_of(organisation_id: int, roles: Iterable[str] | None = None) -> list[str]:
    memberships = Membership.objects.filter(organisation_id=organisation_id, user__is_active=True)
    if roles is not None:
        memberships = memberships.filter(role__in=list(roles))
    return list(memberships.values_list("user__email", flat=True))


def notify(recipients: Iterable[str], subject: str, body: str) -> None:
    """Queue the e-mail for after the surrounding transaction commits; nothing is sent if it rolls back."""
    emails = sorted(set(recipients))
    if not emails:
        return
    path = f"{settings.SITE_URL}"
    transaction.on_commit(lambda: send_notification.enqueue(emails, one_line(subject), f"{body}\n\n{path}\n"))
