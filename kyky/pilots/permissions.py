"""Who may do what to proposals and needs. Visibility (404) is the selectors' job; this is the 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from kyky.accounts.models import Membership
from kyky.pilots.models import Application, Need, Pilot, Proposal

Role = Membership.Role


def _member(actor):
    return actor.member if actor is not None and actor.is_authenticated else None


def _is_owner(actor, obj, roles) -> bool:
    member = _member(actor)
    return member is not None and member.organisation_id == obj.organisation_id and member.role in roles


def coordinates(actor, municipality_codes: set[str] | None) -> bool:
    """A coordinator's power covers their own municipality; an empty set means "anywhere"."""
    member = _member(actor)
    if member is None or member.role != Role.COORDINATOR:
        return False
    return not municipality_codes or member.organisation.municipality_id in municipality_codes


def _proposal_municipalities(proposal: Proposal) -> set[str]:
    return {m.pk for m in proposal.municipalities.all()}


def can_create(actor, model: type) -> bool:
    member = _member(actor)
    if member is None:
        return False
    if model is Proposal:
        return member.role == Role.REPRESENTATIVE
    if model is Need:
        return member.is_unit_staff and member.organisation.is_unit
    if model is Application:
        return member.role == Role.REPRESENTATIVE or member.is_unit_staff
    return False


def can(actor, action: str, obj) -> bool:
    if isinstance(obj, Application):
        return can_on_application(actor, action, obj)
    if isinstance(obj, Pilot):
        return can_on_pilot(actor, action, obj)
    if isinstance(obj, Proposal):
        if action in ("change", "delete", "publish"):
            return _is_owner(actor, obj, {Role.REPRESENTATIVE})
        if action == "close":
            return (
                _is_owner(actor, obj, {Role.REPRESENTATIVE})
                or coordinates(actor, _proposal_municipalities(obj))
                or bool(actor and actor.is_staff)
            )
        if action == "view_matches":
            return _is_owner(actor, obj, {Role.REPRESENTATIVE}) or coordinates(actor, _proposal_municipalities(obj))
    if isinstance(obj, Need):
        if action in ("change", "delete", "publish", "close"):
            return _is_owner(actor, obj, {Role.TEACHER, Role.PRINCIPAL})
        if action == "view_matches":
            return True  # anyone who can see the need (the selector decides that)
    return False


def side_of(actor, *, unit_id: int, company_id: int) -> str | None:
    """Which party of a pairing the actor speaks for: "school", "company", or None."""
    member = _member(actor)
    if member is None:
        return None
    if member.organisation_id == unit_id and member.is_unit_staff:
        return "school"
    if member.organisation_id == company_id and member.role == Role.REPRESENTATIVE:
        return "company"
    return None


def can_on_application(actor, action: str, application: Application) -> bool:
    side = side_of(actor, unit_id=application.need.organisation_id, company_id=application.proposal.organisation_id)
    if action == "withdraw":
        return side == application.initiated_by
    if action == "decline":
        return side is not None and side == application.answering_side
    if action == "accept":
        # Accepting commits the unit to a pilot, which is the principal's (or day-care director's) call.
        if side != application.answering_side:
            return False
        return side == "company" or actor.member.role == Role.PRINCIPAL
    return False


def can_on_pilot(actor, action: str, pilot: Pilot) -> bool:
    side = side_of(actor, unit_id=pilot.unit_id, company_id=pilot.company_id)
    if action in ("start", "feedback"):
        return side is not None
    if action == "complete":
        return coordinates(actor, {pilot.municipality_id})
    return False


_MESSAGES = {
    "create": _("Your role does not allow creating this."),
    "change": _("Only its own organisation can edit this."),
    "delete": _("Only its own organisation can delete this."),
    "publish": _("Only its own organisation can publish this."),
    "close": _("You may not close this."),
    "view_matches": _("You may not see the matches of this."),
    "accept": _("Only the other side can accept; on a school's side, the principal."),
    "decline": _("Only the other side can decline."),
    "withdraw": _("Only the side that sent it can withdraw it."),
    "start": _("Only the two parties can start the pilot."),
    "feedback": _("Only the two parties give feedback."),
    "complete": _("Only a coordinator of the unit's municipality can close the pilot."),
}


def require(actor, action: str, obj) -> None:
    if not can(actor, action, obj):
        raise PermissionDenied(_MESSAGES.get(action, _("You do not have permission to do this.")))


def require_create(actor, model: type) -> None:
    if not can_create(actor, model):
        raise PermissionDenied(_MESSAGES["create"])
