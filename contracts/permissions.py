"""Who may do what to an agreement. Visibility (404) is Agreement.objects.visible_to; this is the 403.

The rules named by ``Agreement.TRANSITIONS`` are registered with the workflow below, so the services,
the pages' buttons and the API's ``actions`` ask the same rule.
"""

from __future__ import annotations

import math
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.utils import formats, timezone
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


#: How often one party may ask the other to complete its part.
REMIND_INTERVAL = timedelta(days=1)


def remind_wait(agreement: Agreement, party: str, now=None) -> int:
    """Seconds until `party` may be asked again to complete its part (0: now)."""
    last = agreement.reminded_at(party)
    if last is None:
        return 0
    left = last + REMIND_INTERVAL - (now or timezone.now())
    return max(0, math.ceil(left.total_seconds()))


def _own_part_not_ready(actor, agreement: Agreement) -> str | None:
    party = party_of(actor, agreement)
    if party is not None and agreement.ready_at(party) is not None:
        return _("Your part is already marked ready; the agreement is submitted once the other party's part is too.")
    return None


def _other_part_not_ready(actor, agreement: Agreement) -> str | None:
    party = party_of(actor, agreement)
    if party is None:
        return None
    other = Agreement.other(party)
    if agreement.ready_at(other) is not None:
        return _("The other party has already marked its part ready.")
    if remind_wait(agreement, other):
        again = timezone.localtime(agreement.reminded_at(other) + REMIND_INTERVAL)
        return _("The other party was already asked to complete its part. You can ask again from %(time)s.") % {
            "time": formats.date_format(again, "SHORT_DATETIME_FORMAT")
        }
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
    when={
        "party_yet_to_sign": _party_yet_to_sign,
        "own_part_not_ready": _own_part_not_ready,
        "other_part_not_ready": _other_part_not_ready,
    },
    denied={
        "edit": _("Only the two parties can edit the agreement."),
        "submit": _("Only the two parties can submit the agreement."),
        "remind": _("Only the two parties can ask each other to complete the agreement."),
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
