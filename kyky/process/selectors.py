"""Reads across the process: what waits for a user now (their start page and /api/v1/me/tasks/), and the
dates of their pilots and deadlines (their calendar feed).

A task is an object on which the user may take a step now, as ``kyky.core.workflow.available_actions``
says (the same list as the pages' buttons and the API's ``actions``), plus the new matches of their
organisation's published needs or proposals since their previous visit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contracts import selectors as agreement_selectors
from contracts.models import Agreement
from kyky.accounts.models import User
from kyky.core import workflow
from kyky.matching import selectors as matching_selectors
from kyky.matching.models import Offer
from kyky.pilots import permissions as pilot_permissions
from kyky.pilots import selectors as pilot_selectors
from kyky.pilots.models import Application, Need, Pilot, Proposal

#: The days a reminder or a calendar counts from: the application's answer, the signature, the feedback.
ANSWER_WITHIN = timedelta(days=5)
SIGN_WITHIN = timedelta(days=3)
FEEDBACK_WITHIN = timedelta(days=7)
#: On a first visit, matches published within this many days count as new.
FIRST_VISIT_WINDOW = timedelta(days=14)
MATCHES_PER_ITEM = 5
#: New matches are looked up for the organisation's most recently published needs or proposals only.
MATCHED_ITEMS = 3

_AGREEMENT_STEPS = ("submit", "approve", "return", "sign")


@dataclass
class Task:
    """One thing that waits for the user: what it is, the page to do it on and the steps they may take there."""

    kind: str  # application, agreement, offer, feedback, pilot, match
    id: int
    title: str
    detail: str
    url: str
    actions: list[str] = field(default_factory=list)
    due_on: date | None = None
    since: datetime | None = None


def pilot_window(pilot: Pilot) -> tuple[date, date]:
    """The pilot's first and last day: as its agreement states them, else the overlap of the need and the offer."""
    agreement = getattr(pilot, "agreement", None)
    if agreement is not None:
        terms = agreement.snapshot["pilot"]
        return date.fromisoformat(terms["starts_on"]), date.fromisoformat(terms["ends_on"])
    need, proposal = pilot.need, pilot.proposal
    starts, ends = max(need.starts_on, proposal.starts_on), min(need.ends_on, proposal.ends_on)
    return (starts, ends) if starts <= ends else (need.starts_on, need.ends_on)


def _pair_title(proposal: Proposal, need: Need) -> str:
    return _("“%(proposal)s” for “%(need)s”") % {"proposal": proposal.title, "need": need.title}


def _applications(user: User, side: str | None) -> list[Task]:
    if side is None:
        return []
    pending = (
        pilot_selectors.application_visible(actor=user)
        .filter(status=Application.Status.PENDING)
        .exclude(initiated_by=side)
        .prefetch_related("proposal__closures")
        .order_by("created_at", "id")
    )
    tasks = []
    for application in pending:
        actions = workflow.available_actions(user, application)
        if not actions:
            continue
        sender = application.proposal.organisation if side == "school" else application.need.organisation
        tasks.append(
            Task(
                kind="application",
                id=application.pk,
                title=_pair_title(application.proposal, application.need),
                detail=_("%(sender)s waits for your answer.") % {"sender": sender.name},
                url=reverse("application-detail", args=[application.pk]),
                actions=actions,
                due_on=timezone.localdate(application.created_at) + ANSWER_WITHIN,
                since=application.created_at,
            )
        )
    return tasks


_AGREEMENT_DETAIL = {
    "draft": gettext_lazy("Fill in your part of the agreement."),
    "returned": gettext_lazy("Returned by the coordinator: make the changes."),
    "submitted": gettext_lazy("Waits for your approval."),
    "approved": gettext_lazy("Approved: waits for your signature."),
}


def _agreements(user: User) -> list[Task]:
    open_ = (
        agreement_selectors.agreement_visible(actor=user)
        .filter(
            status__in=[
                Agreement.Status.DRAFT,
                Agreement.Status.RETURNED,
                Agreement.Status.SUBMITTED,
                Agreement.Status.APPROVED,
            ]
        )
        .select_related("pilot__need__organisation", "pilot__proposal__organisation")
    )
    tasks = []
    for agreement in open_.order_by("created_at", "id"):
        actions = workflow.available_actions(user, agreement)
        if not set(actions) & set(_AGREEMENT_STEPS):
            continue
        due = None
        if agreement.status == Agreement.Status.APPROVED and agreement.approved_at:
            due = timezone.localdate(agreement.approved_at) + SIGN_WITHIN
        tasks.append(
            Task(
                kind="agreement",
                id=agreement.pk,
                title=_("Agreement %(number)s: %(title)s") % {
                    "number": agreement.number, "title": agreement.snapshot["pilot"]["title"]
                },
                detail=str(_AGREEMENT_DETAIL.get(agreement.status, "")),
                url=reverse("agreement-detail", args=[agreement.pk]),
                actions=[a for a in actions if a != "cancel"],
                due_on=due,
                since=agreement.updated_at,
            )
        )  # fmt: skip
    return tasks


def offer_visible(*, actor: User):
    """Offers to the actor's unit (teachers, principals) or company (representatives)."""
    member = actor.member if actor.is_authenticated else None
    if member is None:
        return Offer.objects.none()
    if member.is_unit_staff:
        scope = Q(need__organisation_id=member.organisation_id)
    elif member.role == pilot_permissions.Role.REPRESENTATIVE:
        scope = Q(proposal__organisation_id=member.organisation_id)
    else:
        return Offer.objects.none()
    return Offer.objects.filter(scope).select_related(
        "pair__round__municipality", "need__organisation", "proposal__organisation", "application__pilot__agreement"
    )


def _offers(user: User, side: str | None) -> list[Task]:
    if side is None:
        return []
    tasks = []
    for offer in offer_visible(actor=user).filter(status=Offer.Status.OFFERED).order_by("respond_by", "pair_id"):
        actions = workflow.available_actions(user, offer)
        if not actions:
            continue
        other = offer.company_answer if side == "school" else offer.school_answer
        detail = (
            _("The other side has accepted: your answer creates the pilot.")
            if other == Offer.Answer.ACCEPTED
            else _("Offered by the city's matchmaking round. A place is kept for you.")
        )
        tasks.append(
            Task(
                kind="offer",
                id=offer.pk,
                title=_pair_title(offer.proposal, offer.need),
                detail=detail,
                url=reverse("offer-detail", args=[offer.pk]),
                actions=actions,
                due_on=offer.respond_by,
                since=offer.created_at,
            )
        )
    return tasks


def _pilots(user: User, today: date) -> list[Task]:
    """Feedback due from the user's side, and, for a coordinator, ended pilots to complete."""
    tasks = []
    running = pilot_selectors.pilot_visible(actor=user).filter(
        status__in=[Pilot.Status.RUNNING, Pilot.Status.COMPLETED]
    )
    side = pilot_permissions.pairing_side(user)
    for pilot in running.order_by("created_at", "id"):
        _starts, ends = pilot_window(pilot)
        if ends > today:
            continue
        actions = workflow.available_actions(user, pilot)
        title = _("Pilot “%(title)s” of %(unit)s") % {"title": pilot.proposal.title, "unit": pilot.unit.name}
        url = reverse("pilot-detail", args=[pilot.pk])
        if "feedback" in actions and not any(f.side == side for f in pilot.feedback.all()):
            tasks.append(
                Task(
                    kind="feedback",
                    id=pilot.pk,
                    title=title,
                    detail=_("The pilot has ended: give your side's feedback."),
                    url=url,
                    actions=["feedback"],
                    due_on=ends + FEEDBACK_WITHIN,
                )
            )
        elif "complete" in actions:
            tasks.append(
                Task(
                    kind="pilot",
                    id=pilot.pk,
                    title=title,
                    detail=_("The pilot has ended: complete it."),
                    url=url,
                    actions=["complete"],
                )
            )
    return tasks


def _matches(user: User, since: datetime | None) -> list[Task]:
    """Matches of the organisation's published needs (or proposals) that were published after `since`."""
    member = user.member
    if member is None:
        return []
    since = since or (timezone.now() - FIRST_VISIT_WINDOW)
    org = member.organisation_id
    # Pairs already applied for or offered are no news.
    taken = set(
        Application.objects.filter(Q(need__organisation_id=org) | Q(proposal__organisation_id=org))
        .filter(status__in=[Application.Status.PENDING, Application.Status.ACCEPTED])
        .values_list("proposal_id", "need_id")
    ) | set(
        Offer.objects.filter(Q(need__organisation_id=org) | Q(proposal__organisation_id=org))
        .filter(status=Offer.Status.OFFERED)
        .values_list("proposal_id", "need_id")
    )
    tasks = []
    if member.is_unit_staff:
        needs = Need.objects.filter(organisation_id=member.organisation_id, status=Need.Status.PUBLISHED)
        for need in needs.order_by("-published_at", "-id")[:MATCHED_ITEMS]:
            for match in matching_selectors.need_matches(actor=user, need=need.pk, limit=MATCHES_PER_ITEM):
                proposal = match.proposal
                if proposal.published_at and proposal.published_at > since and (proposal.pk, need.pk) not in taken:
                    tasks.append(
                        _match_task(proposal, need, match.score, reverse("proposal-detail", args=[proposal.pk]))
                    )
    elif member.role == pilot_permissions.Role.REPRESENTATIVE:
        proposals = Proposal.objects.filter(organisation_id=member.organisation_id, status=Proposal.Status.PUBLISHED)
        for proposal in proposals.order_by("-published_at", "-id")[:MATCHED_ITEMS]:
            for match in matching_selectors.proposal_matches(actor=user, proposal=proposal.pk, limit=MATCHES_PER_ITEM):
                need = match.need
                if need.published_at and need.published_at > since and (proposal.pk, need.pk) not in taken:
                    tasks.append(_match_task(proposal, need, match.score, reverse("need-detail", args=[need.pk])))
    return tasks


def _match_task(proposal: Proposal, need: Need, score: float, url: str) -> Task:
    published = proposal.published_at if url.startswith("/proposals/") else need.published_at
    return Task(
        kind="match",
        id=proposal.pk if url.startswith("/proposals/") else need.pk,
        title=_pair_title(proposal, need),
        detail=_("A new match, %(percent)d %% fit.") % {"percent": round(score * 100)},
        url=url,
        since=published,
    )


def user_tasks(*, actor: User, include_matches: bool = True, today: date | None = None) -> list[Task]:
    """What waits for the actor now, most urgent first; new matches (if asked for) last."""
    if not actor.is_authenticated or actor.member is None:
        return []
    today = today or timezone.localdate()
    side = pilot_permissions.pairing_side(actor)
    tasks = _offers(actor, side) + _applications(actor, side) + _agreements(actor) + _pilots(actor, today)
    tasks.sort(key=lambda t: (t.due_on or date.max, t.kind, t.id))
    if include_matches:
        tasks += _matches(actor, actor.previous_visit_at)
    return tasks


def task_count(*, actor: User) -> int:
    """How many steps wait for the actor (new matches are not counted): the navigation's badge."""
    return len(user_tasks(actor=actor, include_matches=False))
