"""Who may run matchmaking rounds. Visibility (404) is the selectors' job; this is the 403.

Who may see a proposal's or a need's matches is a rule about proposals and needs, so it lives with
them: ``kyky.pilots.permissions.can(actor, "view_matches", obj)``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kyky.core import workflow
from kyky.matching.models import Offer, Round
from kyky.pilots.permissions import Role, coordinates, is_signatory, side_of


def is_coordinator(actor) -> bool:
    member = actor.member if actor is not None and actor.is_authenticated else None
    return member is not None and member.role == Role.COORDINATOR


def can(actor, action: str, obj=None) -> bool:
    if action in ("create_round", "list_rounds"):
        return is_coordinator(actor)
    if isinstance(obj, Round) and action == "view":
        return _coordinates_round(actor, obj)
    if isinstance(obj, Round) and action in Round.TRANSITIONS:
        return workflow.may(actor, action, obj)
    return False


def _coordinates_round(actor, round_: Round) -> bool:
    return coordinates(actor, {round_.municipality_id})


_MESSAGES = {
    "create_round": _("Only coordinators run matchmaking rounds."),
    "list_rounds": _("Only coordinators run matchmaking rounds."),
}


def require(actor, action: str, obj=None) -> None:
    if not can(actor, action, obj):
        raise PermissionDenied(_MESSAGES.get(action, _("Only a coordinator of the round's municipality can do this.")))


workflow.register(
    Round,
    who={"coordinator_of_round": _coordinates_round},
    denied={"*": _("Only a coordinator of the round's municipality can do this.")},
)


# Offers: each side of the pair answers; on a school's side only the principal accepts, as with applications.


def offer_side(actor, offer: Offer) -> str | None:
    return side_of(actor, unit_id=offer.need.organisation_id, company_id=offer.proposal.organisation_id)


def _offer_answerer(actor, offer: Offer) -> bool:
    return offer_side(actor, offer) is not None


def _offer_answerer_who_accepts(actor, offer: Offer) -> bool:
    side = offer_side(actor, offer)
    return side is not None and is_signatory(actor, side)


def _open_for_side(actor, offer: Offer) -> str | None:
    side = offer_side(actor, offer)
    if side is not None and offer.answer_of(side):
        return gettext("Your side has already answered this offer.")
    if offer.respond_by < timezone.localdate():
        return gettext("The time to answer this offer has passed.")
    return None


workflow.register(
    Offer,
    who={"answerer_who_accepts": _offer_answerer_who_accepts, "answerer": _offer_answerer},
    when={"open_for_side": _open_for_side},
    denied={
        "accept": _("Only the two sides accept an offer; on a school's side, the principal."),
        "decline": _("Only the two sides can decline an offer."),
    },
)
