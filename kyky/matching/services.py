"""Writes: matchmaking rounds (create, remove pairs, confirm, cancel), suggestions turned into
applications, and the hook that tells every process's index that a corpus changed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kyky.accounts.models import User
from kyky.core import audit, notifications, workflow
from kyky.core.versions import corpus_changed, model_changed
from kyky.core.workflow import transition
from kyky.errors import ConflictError
from kyky.matching import documents, indexes, permissions, selectors
from kyky.matching.engine import MIN_FIT
from kyky.matching.models import HiddenMatch, Offer, Round, RoundPair
from kyky.matching.rounds import plan_round
from kyky.pilots import audience
from kyky.pilots import permissions as pilot_permissions
from kyky.pilots import services as pilot_services
from kyky.pilots.models import Application, Need, Pilot, Proposal, ProposalClosure

__all__ = [
    "corpus_changed",
    "model_changed",
    "round_cancel",
    "round_confirm",
    "round_create",
    "round_remove_pairs",
    "suggestion_apply",
    "offer_accept",
    "offer_decline",
    "offers_expire_due",
    "offers_lapse",
]


def _paired_already(needs: QuerySet[Need]) -> set[tuple[int, int]]:
    """(need, proposal) pairs a round must not suggest: any application between the two, whatever its
    state, a pilot, or a "not a fit" from either side's organisation.

    Pending and accepted applications and pilots are under way; declined, withdrawn and cancelled ones
    are answers already given, and a round that asked again would ask the same question twice.
    """
    need_ids = needs.values("pk")
    pairs = set(Application.objects.filter(need_id__in=need_ids).values_list("need_id", "proposal_id"))
    pairs |= set(Pilot.objects.filter(need_id__in=need_ids).values_list("need_id", "proposal_id"))
    pairs |= set(HiddenMatch.objects.filter(need_id__in=need_ids).values_list("need_id", "proposal_id"))
    return pairs


@transaction.atomic
def round_create(*, actor: User, starts_on: date, ends_on: date, min_score: float | None = None) -> Round:
    """Plan a round over the coordinator's municipality: each published need in the window gets at most
    one proposal, no proposal more needs than its places left, and the total score is the highest.

    Pairs below the round's minimum fit (by default the one below which the matches pages show nothing),
    pairs that already have an application or a pilot, and offers closed for the municipality are left
    out before the assignment. The pairs are stored with their scores and reasons as a draft for the
    coordinator to preview.
    """
    permissions.require(actor, "create_round")
    if ends_on < starts_on:
        raise ValidationError({"ends_on": [_("The end date cannot be before the start date.")]})
    new = Round(
        municipality_id=actor.member.organisation.municipality_id,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
        min_score=MIN_FIT if min_score is None else min_score,
    )
    new.full_clean()
    rows = selectors.round_needs(municipality=new.municipality_id, starts_on=starts_on, ends_on=ends_on)
    needs = documents.need_docs(rows)
    index = indexes.proposal_index()
    # Offers a coordinator closed for this municipality are not paired in it (they stay open elsewhere).
    closed_here = ProposalClosure.objects.filter(municipality_id=new.municipality_id).values_list(
        "proposal_id", flat=True
    )
    matches = plan_round(
        needs,
        index.proposals,
        index=index,
        min_score=new.min_score,
        skip_pairs=_paired_already(rows),
        skip_proposals=set(closed_here),
    )
    new.needs_considered = len(needs)
    new.save()
    RoundPair.objects.bulk_create(
        RoundPair(
            round=new,
            need_id=m.need_id,
            proposal_id=m.proposal_id,
            score=m.score,
            reasons=[r.as_dict() for r in m.reasons],
        )
        for m in matches
    )
    audit.log(
        actor=actor, obj=new, action="create", to=new.status, data={"pairs": len(matches), "min_score": new.min_score}
    )
    return new


@transaction.atomic
def round_remove_pairs(*, actor: User, round_: Round, pair_ids: Iterable[int]) -> Round:
    """Take pairs out of a draft round (the coordinator's preview); they are kept, marked removed."""
    workflow.require(actor, "remove_pairs", round_)
    locked = Round.objects.select_for_update().get(pk=round_.pk)
    workflow.check(actor, "remove_pairs", locked)
    wanted = set(pair_ids)
    found = set(RoundPair.objects.filter(round=locked, pk__in=wanted).values_list("pk", flat=True))
    if wanted - found:
        missing = ", ".join(str(pk) for pk in sorted(wanted - found))
        raise ValidationError({"pairs": [_("Not pairs of this round: %(ids)s.") % {"ids": missing}]})
    RoundPair.objects.filter(round=locked, pk__in=found).update(removed=True)
    transition(locked, "remove_pairs", actor=actor, by_system=True, data={"pairs": sorted(found)})
    return locked


def default_respond_by(today: date | None = None) -> date:
    return (today or timezone.localdate()) + timedelta(days=settings.OFFER_RESPONSE_DAYS)


@transaction.atomic
def round_confirm(*, actor: User, round_: Round, comment: str = "", respond_by: date | None = None) -> Round:
    """Confirm a draft round: each kept pair becomes an offer to both sides, holding a place of its proposal.

    Both sides are told, with the day by which to answer (by default in OFFER_RESPONSE_DAYS days). A pair
    whose proposal has no place left or is no longer open, or whose need has found a pilot meanwhile, is
    not offered; the audit entry counts the offers made and the pairs skipped.
    """
    today = timezone.localdate()
    respond_by = respond_by or default_respond_by(today)
    if respond_by <= today:
        raise ValidationError({"respond_by": [_("Give the sides at least until tomorrow to answer.")]})
    if respond_by > today + timedelta(days=90):
        raise ValidationError({"respond_by": [_("Ask for an answer within 90 days.")]})
    workflow.require(actor, "confirm", round_)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    workflow.check(actor, "confirm", round_)
    kept = list(
        RoundPair.objects.filter(round=round_, removed=False)
        .select_related("need__organisation", "proposal__organisation")
        .order_by("-score", "id")
    )
    offered, skipped = [], []
    for pair in kept:
        need, proposal = pair.need, pair.proposal
        refusal = pilot_permissions.pairing_refusal(proposal, need)
        if refusal or not pilot_services.place_hold(proposal=proposal):
            skipped.append(pair.pk)
            continue
        offered.append(Offer.objects.create(pair=pair, need=need, proposal=proposal, respond_by=respond_by))
    confirmed = transition(
        round_,
        "confirm",
        actor=actor,
        comment=comment,
        data={"offers": len(offered), "skipped": skipped, "respond_by": respond_by.isoformat()},
        by_system=True,
        confirmed_at=timezone.now(),
    )
    for offer in offered:
        facts = {**offer_facts(offer), "municipality": confirmed.municipality.name}
        for side in ("school", "company"):
            notifications.event(
                "offer_received",
                audience.side(side, need=offer.need, proposal=offer.proposal),
                data=facts,
                path=offer_path(offer),
                actor=actor,
            )
    return confirmed


@transaction.atomic
def round_cancel(*, actor: User, round_: Round, comment: str = "") -> Round:
    """Drop a draft round; nobody is told."""
    return transition(round_, "cancel", actor=actor, comment=comment)


def suggestion_apply(*, actor: User, pair: RoundPair, message: str = "") -> Application:
    """Turn a suggestion into an application from the actor's side: a company applies, a school expresses interest.

    A pair offered by its round is answered as an offer while the offer is open.
    """
    if Offer.objects.filter(pair=pair, status=Offer.Status.OFFERED).exists():
        raise ConflictError(_("This pair is offered to both sides: accept or decline the offer instead."))
    return pilot_services.application_create(actor=actor, proposal=pair.proposal, need=pair.need, message=message)


@transaction.atomic
def match_hide(*, actor: User, need: Need, proposal: Proposal, seen_from: Need | Proposal) -> HiddenMatch:
    """ "Not a fit": the actor's organisation is never shown this need and proposal together again.

    The faces fetch both through the selectors first (404 for what the actor may not see); `seen_from`
    is the page the match was on, whose matches the actor must be allowed to see. Hiding twice is fine.
    """
    pilot_permissions.require(actor, "view_matches", seen_from)
    member = actor.member
    if member is None:
        raise PermissionDenied(_("Only members of an organisation can hide matches."))
    hidden, created = HiddenMatch.objects.get_or_create(
        organisation_id=member.organisation_id, need=need, proposal=proposal, defaults={"hidden_by": actor}
    )
    if created:
        other = {"proposal": proposal.pk} if seen_from is need else {"need": need.pk}
        audit.log(actor=actor, obj=seen_from, action="hide_match", frm=seen_from.status, data=other)
    return hidden


# Offers


def offer_facts(offer: Offer) -> dict:
    need, proposal = offer.need, offer.proposal
    return {
        "proposal": proposal.title,
        "need": need.title,
        "company": proposal.organisation.name,
        "unit": need.organisation.name,
        "respond_by": offer.respond_by,
    }


def offer_path(offer: Offer) -> str:
    return reverse("offer-detail", args=[offer.pk])


def _locked(offer: Offer) -> Offer:
    return Offer.objects.select_for_update().get(pk=offer.pk)


@transaction.atomic
def offer_accept(*, actor: User, offer: Offer, comment: str = "") -> Offer:
    """Record the actor's side's acceptance; the second side's moves the offer to accepted.

    Only the state changes here: kyky.process turns an offer both sides accepted into the accepted
    application, its pilot and draft agreement, in the same transaction. The row lock makes two
    acceptances at once queue, so the second always sees the first.
    """
    workflow.require(actor, "accept", offer)
    offer = _locked(offer)
    workflow.check(actor, "accept", offer)
    side = permissions.offer_side(actor, offer)
    other = "company" if side == "school" else "school"
    now = timezone.now()
    answer = {f"{side}_answer": Offer.Answer.ACCEPTED, f"{side}_answered_by": actor, f"{side}_answered_at": now}
    if offer.answer_of(other) == Offer.Answer.ACCEPTED:
        return transition(
            offer, "accept", actor=actor, comment=comment, by_system=True, data={"side": side}, closed_at=now, **answer
        )
    Offer.objects.filter(pk=offer.pk).update(**answer)
    audit.log(actor=actor, obj=offer, action="accept", frm=offer.status, comment=comment, data={"side": side})
    offer.refresh_from_db()
    return offer


@transaction.atomic
def offer_decline(*, actor: User, offer: Offer, comment: str = "") -> Offer:
    """One side declines: the offer is closed, its place freed, and the other side told."""
    workflow.require(actor, "decline", offer)
    offer = _locked(offer)
    workflow.check(actor, "decline", offer)
    side = permissions.offer_side(actor, offer)
    now = timezone.now()
    offer = transition(
        offer,
        "decline",
        actor=actor,
        comment=comment,
        by_system=True,
        data={"side": side},
        closed_at=now,
        **{f"{side}_answer": Offer.Answer.DECLINED, f"{side}_answered_by": actor, f"{side}_answered_at": now},
    )
    pilot_services.place_release(proposal_id=offer.proposal_id)
    other = "company" if side == "school" else "school"
    organisation = offer.need.organisation if side == "school" else offer.proposal.organisation
    notifications.event(
        "offer_declined",
        audience.side(other, need=offer.need, proposal=offer.proposal),
        data={**offer_facts(offer), "organisation": organisation.name, "comment": comment},
        path=offer_path(offer),
        actor=actor,
    )
    return offer


def _expire(offer: Offer, *, reason: str, actor: User | None = None) -> bool:
    """Close an open offer that nobody may accept any more and free its place; False if it was closed meanwhile."""
    updated = Offer.objects.filter(pk=offer.pk, status=Offer.Status.OFFERED).update(
        status=Offer.Status.EXPIRED, closed_at=timezone.now()
    )
    if not updated:
        return False
    audit.log(actor=actor, obj=offer, action="expire", frm=Offer.Status.OFFERED, to=Offer.Status.EXPIRED,
              data={"reason": reason})  # fmt: skip
    pilot_services.place_release(proposal_id=offer.proposal_id)
    return True


def offers_lapse(*, need_id: int, actor: User | None = None, keep: int | None = None) -> int:
    """The need has found its pilot: its other open offers expire and their places are freed."""
    count = 0
    for offer in Offer.objects.filter(need_id=need_id, status=Offer.Status.OFFERED).exclude(pk=keep):
        count += _expire(offer, reason="need_matched", actor=actor)
    return count


def offers_expire_due(today: date | None = None) -> int:
    """Expire the open offers whose answer time has passed or whose pair can no longer be accepted.

    Both sides hear of an offer that ran out of time. Safe to run at any time (``send_reminders`` does, hourly).
    """
    today = today or timezone.localdate()
    gone = Q(respond_by__lt=today) | ~Q(need__status="published") | ~Q(proposal__status="published")
    count = 0
    for offer in Offer.objects.filter(gone, status=Offer.Status.OFFERED).select_related(
        "need__organisation", "proposal__organisation"
    ):
        with transaction.atomic():
            reason = "time" if offer.respond_by < today else "closed"
            if not _expire(offer, reason=reason):
                continue
            if reason == "time":
                for side in ("school", "company"):
                    notifications.event(
                        "offer_expired",
                        audience.side(side, need=offer.need, proposal=offer.proposal),
                        data=offer_facts(offer),
                        path=offer_path(offer),
                    )
            count += 1
    return count
