"""Writes of references: earned when a pilot with an evaluation is completed, withdrawn by a coordinator."""

from __future__ import annotations

import base64
import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kyky.accounts.models import Organisation, User
from kyky.core import audit, notifications, workflow
from kyky.pilots.models import Pilot
from kyky.references.models import REASON_MAX, Reference
from kyky.references.wording import reference_text, term_label


def new_code() -> str:
    """120 random bits as 24 lowercase letters and digits: unguessable, and easy to put in a URL."""
    return base64.b32encode(secrets.token_bytes(15)).decode("ascii").lower()


def term_of(day: date) -> tuple[str, int]:
    """The term a pilot belongs to by its first day: August to December is autumn, January to July spring."""
    return (Reference.Term.AUTUMN if day.month >= 8 else Reference.Term.SPRING), day.year


def _units(kinds: set[str]) -> str:
    if kinds == {Organisation.Kind.DAYCARE}:
        return Reference.Units.DAYCARES
    if Organisation.Kind.DAYCARE in kinds:
        return Reference.Units.BOTH
    return Reference.Units.SCHOOLS


@transaction.atomic
def reference_for_pilot(*, actor: User, pilot: Pilot) -> Reference | None:
    """Count a completed pilot with an evaluation in its product's reference for that city and term.

    Creates the reference (with a new random code) for the first such pilot, and tells the provider's
    representatives. A pilot completed without any evaluation earns nothing. Idempotent.
    """
    if pilot.status != Pilot.Status.COMPLETED or not pilot.feedback.exists():
        return None
    term, year = term_of(pilot.starts_on)
    key = {"proposal_id": pilot.proposal_id, "municipality_id": pilot.municipality_id, "term": term, "year": year}
    reference = Reference.objects.select_for_update().filter(**key).first()
    created = False
    if reference is None:
        try:
            with transaction.atomic():
                reference = Reference.objects.create(
                    **key, code=new_code(), provider_id=pilot.company_id, product=pilot.proposal.title
                )
                created = True
        except IntegrityError:  # another completion created it meanwhile
            reference = Reference.objects.select_for_update().get(**key)
    reference.pilots.add(pilot)
    units = _units(set(reference.pilots.values_list("unit__kind", flat=True)))
    if units != reference.units:
        Reference.objects.filter(pk=reference.pk).update(units=units)
        reference.units = units
    if created:
        audit.log(
            actor=actor,
            obj=reference,
            action="create",
            to=reference.status,
            data={"pilot": pilot.pk, "municipality": pilot.municipality_id, "term": term, "year": year},
        )
        _tell_provider(reference, "reference_created", actor=actor)
    return reference


def _tell_provider(reference: Reference, kind: str, *, actor: User | None = None, reason: str = "") -> None:
    """Tell the provider's representatives; the reference's words depend on the language, so each is told in theirs."""
    for user in notifications.users_of(reference.provider_id, ["representative"]):
        with translation.override(notifications.language_of(user)):
            data = {
                "text": reference_text(reference),
                "product": reference.product,
                "term": term_label(reference),
                "reason": reason,
            }
        notifications.event(kind, [user], data=data, path=reference.path, actor=actor)


@transaction.atomic
def reference_withdraw(*, actor: User, reference: Reference, reason: str) -> Reference:
    """A coordinator of the reference's municipality withdraws it; its page then says so. The reason is required."""
    workflow.require(actor, "withdraw", reference)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason; the provider will see it.")]})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": [_("At most %(count)d characters.") % {"count": REASON_MAX}]})
    reference = workflow.transition(
        reference,
        "withdraw",
        actor=actor,
        comment=reason,
        data={"municipality": reference.municipality_id},
        withdrawn_at=timezone.now(),
        withdrawn_by=actor,
        withdraw_reason=reason,
    )
    _tell_provider(reference, "reference_withdrawn", actor=actor, reason=reason)
    return reference
