"""Who may do what to an agreement. Visibility (404) is Agreement.objects.visible_to; this is the 403.

The rules named by ``Agreement.TRANSITIONS`` are registered with the workflow below, so the services,
the pages' buttons and the API's ``actions`` ask the same rule.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from contracts.models import Agreement
from kyky.core import workflow
from kyky.pilots.permissions import coordinates, is_signatory, side_of


def party_of(actor, agreement: Agreement) -> str | None:
    """The party ("school" or "company") the actor speaks for in this agreement, or None."""
    return side_of(actor, unit_id=agreement.unit_id, company_id=agreement.company_id)


def _coordinator_of_unit(actor, agreement: Agreement) -> bool:
    return coordinates(actor, {agreement.municipality_id})


def _signatory(actor, agreement: Agreement) -> bool:
    return is_signatory(actor, party_of(actor, agreement))


def _party_yet_to_sign(actor, agreement: Agreement) -> str | None:
    party = party_of(actor, agreement)
    if any(signature.party == party for signature in agreement.signatures.all()):
        return _("Your party has already signed this agreement.")
    return None


def _canceller(actor, agreement: Agreement) -> bool:
    # Once approved, only those who would sign may call it off; before that, either party or the coordinator.
    if agreement.status == Agreement.Status.APPROVED:
        return _signatory(actor, agreement)
    return party_of(actor, agreement) is not None or _coordinator_of_unit(actor, agreement)


workflow.register(
    Agreement,
    who={
        "party": lambda actor, agreement: party_of(actor, agreement) is not None,
        "coordinator_of_unit": _coordinator_of_unit,
        "signatory": _signatory,
        "canceller": _canceller,
    },
    when={"party_yet_to_sign": _party_yet_to_sign},
    denied={
        "edit": _("Only the two parties can edit the agreement."),
        "submit": _("Only the two parties can submit the agreement."),
        "approve": _("Only a coordinator of the unit's municipality can approve the agreement."),
        "return": _("Only a coordinator of the unit's municipality can return the agreement."),
        "sign": _("The unit's principal and the company's representative sign the agreement."),
        "cancel": _(
            "Only the parties or the coordinator can cancel the agreement; once approved, only the unit's "
            "principal or the company's representative."
        ),
    },
)


def can(actor, action: str, agreement: Agreement) -> bool:
    if action in ("view", "pdf"):
        return party_of(actor, agreement) is not None or _coordinator_of_unit(actor, agreement)
    if action in Agreement.TRANSITIONS:
        return workflow.may(actor, action, agreement)
    return False


def require(actor, action: str, agreement: Agreement) -> None:
    if action in Agreement.TRANSITIONS:
        workflow.require(actor, action, agreement)
    elif not can(actor, action, agreement):
        raise PermissionDenied(_("You do not have permission to do this."))
