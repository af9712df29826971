"""Who may do what to proposals, needs, applications and pilots. Visibility (404) is the selectors' job.

The transition tables on the models name the rules below; :func:`kyky.core.workflow.register` gives
them to the workflow, so the services, the pages' buttons and the API's ``actions`` ask the same rule.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kyky.accounts.models import Membership
from kyky.core import workflow
from kyky.core.dates import human_date
from kyky.core.prefilled import related
from kyky.pilots.models import FACES_LEVELS, Application, Need, Pilot, Proposal

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


def coordinator_municipality(actor) -> str | None:
    member = _member(actor)
    return member.organisation.municipality_id if member is not None and member.role == Role.COORDINATOR else None


def side_of(actor, *, unit_id: int, company_id: int) -> str | None:
    """Which party of a pairing the actor speaks for: "school", "company", or None. The one home of this rule."""
    member = _member(actor)
    if member is None:
        return None
    if member.organisation_id == unit_id and member.is_unit_staff:
        return "school"
    if member.organisation_id == company_id and member.role == Role.REPRESENTATIVE:
        return "company"
    return None


def pairing_side(actor) -> str | None:
    """The side the actor's organisation takes in any pairing: "school" (a unit's teachers and principals),
    "company" (a provider's representatives), or None (coordinators, staff, anyone else)."""
    member = _member(actor)
    if member is None:
        return None
    if member.is_unit_staff and member.organisation.is_unit:
        return "school"
    if member.role == Role.REPRESENTATIVE:
        return "company"
    return None


def own_side(actor, obj: Need | Proposal) -> str | None:
    """The actor's side when the need or proposal is their own organisation's, else None."""
    member = _member(actor)
    if member is None or member.organisation_id != obj.organisation_id:
        return None
    side = pairing_side(actor)
    return side if side == ("school" if isinstance(obj, Need) else "company") else None


def is_signatory(actor, side: str | None) -> bool:
    """The principal (or day-care director) commits the unit; the representative commits the company."""
    if side == "company":
        return True
    return side == "school" and _member(actor).role == Role.PRINCIPAL


def _proposal_municipalities(proposal: Proposal) -> set[str]:
    return {m.pk for m in related(proposal, "municipalities")}


def _closed_in(proposal: Proposal, municipality_id: str | None) -> bool:
    if municipality_id is None:
        return False
    return any(closure.municipality_id == municipality_id for closure in related(proposal, "closures"))


def _ended(obj) -> str | None:
    if obj.ends_on < timezone.localdate():
        return _("This has already ended; move its dates before publishing.")
    return None


# Proposals


def _proposal_owner(actor, proposal: Proposal) -> bool:
    return _is_owner(actor, proposal, {Role.REPRESENTATIVE})


def _proposal_owner_or_staff(actor, proposal: Proposal) -> bool:
    return _proposal_owner(actor, proposal) or bool(actor is not None and actor.is_staff)


def _coordinator_served(actor, proposal: Proposal) -> bool:
    return coordinates(actor, _proposal_municipalities(proposal))


def _open_here(actor, proposal: Proposal) -> str | None:
    if _closed_in(proposal, coordinator_municipality(actor)):
        return _("This offer is already closed in your municipality.")
    return None


def _closed_here(actor, proposal: Proposal) -> str | None:
    if not _closed_in(proposal, coordinator_municipality(actor)):
        return _("This offer is open in your municipality.")
    return None


def moderation_seen_by(actor, proposal: Proposal) -> dict | None:
    """The coordinators' closings and requests for changes the actor may see: the company all of them, a
    coordinator the offer serves those of their municipality, anyone else none (None)."""
    if _proposal_owner(actor, proposal):
        keep = None
    elif _coordinator_served(actor, proposal):
        keep = coordinator_municipality(actor)
    else:
        return None
    return {
        name: [note for note in related(proposal, relation) if keep is None or note.municipality_id == keep]
        for name, relation in (("closed_in", "closures"), ("changes_requested", "change_requests"))
    }


def _requested_in(proposal: Proposal, municipality_id: str | None) -> bool:
    if municipality_id is None:
        return False
    return any(request.municipality_id == municipality_id for request in related(proposal, "change_requests"))


def _open_without_request_here(actor, proposal: Proposal) -> str | None:
    municipality = coordinator_municipality(actor)
    if _closed_in(proposal, municipality):
        return _("This offer is closed in your municipality.")
    if _requested_in(proposal, municipality):
        return _("Your municipality has already asked for changes to this offer.")
    return None


def _requested_here(actor, proposal: Proposal) -> str | None:
    if not _requested_in(proposal, coordinator_municipality(actor)):
        return _("Your municipality has not asked for changes to this offer.")
    return None


workflow.register(
    Proposal,
    who={
        "owner": _proposal_owner,
        "owner_or_staff": _proposal_owner_or_staff,
        "coordinator_served": _coordinator_served,
    },
    when={
        "not_ended": lambda actor, proposal: _ended(proposal),
        "open_here": _open_here,
        "closed_here": _closed_here,
        "open_without_request_here": _open_without_request_here,
        "requested_here": _requested_here,
    },
    denied={
        "edit": gettext_lazy("Only its own organisation can edit this."),
        "delete": gettext_lazy("Only its own organisation can delete this."),
        "publish": gettext_lazy("Only its own organisation can publish this."),
        "close": gettext_lazy("You may not close this."),
        "close_here": gettext_lazy("Only a coordinator of a municipality the offer serves can close it there."),
        "reopen_here": gettext_lazy("Only a coordinator of a municipality the offer serves can reopen it there."),
        "request_changes": gettext_lazy("Only a coordinator of a municipality the offer serves can ask for changes."),
        "withdraw_request": gettext_lazy(
            "Only a coordinator of a municipality the offer serves can withdraw a request."
        ),
    },
)


# Needs

workflow.register(
    Need,
    who={"owner": lambda actor, need: _is_owner(actor, need, {Role.TEACHER, Role.PRINCIPAL})},
    when={"not_ended": lambda actor, need: _ended(need)},
    denied={
        "edit": gettext_lazy("Only its own organisation can edit this."),
        "delete": gettext_lazy("Only its own organisation can delete this."),
        "publish": gettext_lazy("Only its own organisation can publish this."),
        "close": gettext_lazy("You may not close this."),
    },
)


# Applications


def application_side(actor, application: Application) -> str | None:
    return side_of(actor, unit_id=application.need.organisation_id, company_id=application.proposal.organisation_id)


def _answerer(actor, application: Application) -> bool:
    side = application_side(actor, application)
    return side is not None and side == application.answering_side


def _answerer_who_accepts(actor, application: Application) -> bool:
    # Accepting commits the unit to a pilot, which is the principal's (or day-care director's) call.
    return _answerer(actor, application) and is_signatory(actor, application.answering_side)


def pairing_refusal(proposal: Proposal, need: Need) -> str | None:
    """Why this proposal and need cannot be paired now (409), or None: both open, not ended, a place left."""
    today = timezone.localdate()
    if proposal.status != Proposal.Status.PUBLISHED or _closed_in(proposal, need.municipality_id):
        return _("This offer is no longer open.")
    if need.status != Need.Status.PUBLISHED:
        return _("This need is no longer open.")
    if proposal.ends_on < today:
        return _("This offer has already ended.")
    if need.ends_on < today:
        return _("This need has already ended.")
    if proposal.capacity_left <= 0:
        return _("This proposal has no places left.")
    return None


workflow.register(
    Application,
    who={
        "answerer_who_accepts": _answerer_who_accepts,
        "answerer": _answerer,
        "sender": lambda actor, application: application_side(actor, application) == application.initiated_by,
    },
    when={"open_pair": lambda actor, application: pairing_refusal(application.proposal, application.need)},
    denied={
        "accept": gettext_lazy("Only the other side can accept; on a school's side, the principal."),
        "decline": gettext_lazy("Only the other side can decline."),
        "withdraw": gettext_lazy("Only the side that sent it can withdraw it."),
    },
)


# Pilots


def _pilot_party(actor, pilot: Pilot) -> bool:
    return side_of(actor, unit_id=pilot.unit_id, company_id=pilot.company_id) is not None


def _agreement_signed(actor, pilot: Pilot) -> str | None:
    agreement = getattr(pilot, "agreement", None)
    if agreement is None or agreement.status != "signed":
        return _("A pilot starts once both parties have signed its agreement.")
    return None


def evaluated_sides(pilot: Pilot) -> set[str]:
    """The sides ("school", "company") that have given their evaluation (reads the prefetched rows)."""
    return {feedback.side for feedback in pilot.feedback.all()}


def feedback_due(pilot: Pilot, side: str | None) -> bool:
    """Whether the side is asked for its evaluation now: the pilot runs, its end date has passed, no answer yet."""
    return (
        side is not None
        and pilot.status == Pilot.Status.RUNNING
        and pilot.ends_on < timezone.localdate()
        and side not in evaluated_sides(pilot)
    )


def faces_allowed(pilot: Pilot, side: str | None) -> bool:
    """The three-face rating is the school's, for groups in early childhood, pre-primary or grades 1–2."""
    return side == "school" and any(level.pk in FACES_LEVELS for level in pilot.need.levels.all())


def _evaluated_or_overdue(actor, pilot: Pilot) -> str | None:
    if {"school", "company"} <= evaluated_sides(pilot):
        return None
    if timezone.localdate() >= pilot.completable_on:
        return None
    return _(
        "The pilot can be completed once both parties have given their evaluation, or from %(date)s "
        "(30 days after its end)."
    ) % {"date": human_date(pilot.completable_on)}


workflow.register(
    Pilot,
    who={
        "party": _pilot_party,
        "coordinator_of_unit": lambda actor, pilot: coordinates(actor, {pilot.municipality_id}),
    },
    when={"agreement_signed": _agreement_signed, "evaluated_or_overdue": _evaluated_or_overdue},
    denied={
        "start": gettext_lazy("Only the two parties can start the pilot."),
        "feedback": gettext_lazy("Only the two parties evaluate the pilot."),
        "complete": gettext_lazy("Only a coordinator of the unit's municipality can close the pilot."),
    },
)


# Rules that are not transitions


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
    """Actions outside the transition tables (seeing matches), and the tables' actions by name."""
    if action == "view_matches":
        if isinstance(obj, Proposal):
            return _proposal_owner(actor, obj) or _coordinator_served(actor, obj)
        return isinstance(obj, Need)  # anyone who can see the need (the selector decides that)
    if action in getattr(type(obj), "TRANSITIONS", {}):
        return workflow.may(actor, action, obj)
    return False


_MESSAGES = {
    "create": gettext_lazy("Your role does not allow creating this."),
    "view_matches": gettext_lazy("You may not see the matches of this."),
}


def require(actor, action: str, obj) -> None:
    if action in getattr(type(obj), "TRANSITIONS", {}):
        workflow.require(actor, action, obj)
    elif not can(actor, action, obj):
        raise PermissionDenied(_MESSAGES.get(action, gettext_lazy("You do not have permission to do this.")))


def require_create(actor, model: type) -> None:
    if not can_create(actor, model):
        raise PermissionDenied(_MESSAGES["create"])
