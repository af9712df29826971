"""Who may do what to proposals and needs. Visibility (404) is the selectors' job; this is the 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from kyky.accounts.models import Membership
from kyky.pilots.models import Need, Proposal

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
    return False


def can(actor, action: str, obj) -> bool:
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


_MESSAGES = {
    "create": _("Your role does not allow creating this."),
    "change": _("Only its own organisation can edit this."),
    "delete": _("Only its own organisation can delete this."),
    "publish": _("Only its own organisation can publish this."),
    "close": _("You may not close this."),
    "view_matches": _("You may not see the matches of this."),
}


def require(actor, action: str, obj) -> None:
    if not can(actor, action, obj):
        raise PermissionDenied(_MESSAGES.get(action, _("You do not have permission to do this.")))


def require_create(actor, model: type) -> None:
    if not can_create(actor, model):
        raise PermissionDenied(_MESSAGES["create"])
