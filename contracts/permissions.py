"""Who may do what to an agreement. Visibility (404) is Agreement.objects.visible_to; this is the 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from contracts.models import Agreement
from kyky.pilots.permissions import Role, coordinates, side_of


def party_of(actor, agreement: Agreement) -> str | None:
    return side_of(actor, unit_id=agreement.unit_id, company_id=agreement.company_id)


def can(actor, action: str, agreement: Agreement) -> bool:
    party = party_of(actor, agreement)
    if action in ("view", "pdf"):
        return party is not None or coordinates(actor, {agreement.municipality_id})
    if action in ("change", "submit"):
        return party is not None
    if action in ("approve", "return"):
        return coordinates(actor, {agreement.municipality_id})
    if action == "sign":
        # The principal (or day-care director) signs for the unit, the representative for the company.
        return party == "company" or (party == "school" and actor.member.role == Role.PRINCIPAL)
    if action == "cancel":
        return party is not None or coordinates(actor, {agreement.municipality_id})
    return False


_MESSAGES = {
    "change": _("Only the two parties can edit the agreement."),
    "submit": _("Only the two parties can submit the agreement."),
    "approve": _("Only a coordinator of the unit's municipality can approve the agreement."),
    "return": _("Only a coordinator of the unit's municipality can return the agreement."),
    "sign": _("The unit's principal and the company's representative sign the agreement."),
    "cancel": _("Only the parties or the coordinator can cancel the agreement."),
}


def require(actor, action: str, agreement: Agreement) -> None:
    if not can(actor, action, agreement):
        raise PermissionDenied(_MESSAGES.get(action, _("You do not have permission to do this.")))
