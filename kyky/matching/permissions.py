"""Who may run matchmaking rounds. Visibility (404) is the selectors' job; this is the 403.

Who may see a proposal's or a need's matches is a rule about proposals and needs, so it lives with
them: ``kyky.pilots.permissions.can(actor, "view_matches", obj)``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from kyky.core import workflow
from kyky.matching.models import Round
from kyky.pilots.permissions import Role, coordinates


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
