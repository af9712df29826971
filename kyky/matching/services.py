"""Writes: matchmaking rounds (create, remove pairs, confirm, cancel), suggestions turned into
applications, and the hook that tells every process's index that a corpus changed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kyky.accounts.models import User
from kyky.core import audit, notifications, workflow
from kyky.core.versions import corpus_changed, model_changed
from kyky.core.workflow import transition
from kyky.matching import documents, indexes, permissions, selectors
from kyky.matching.engine import MIN_FIT
from kyky.matching.models import HiddenMatch, Round, RoundPair
from kyky.matching.rounds import plan_round
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


@transaction.atomic
def round_confirm(*, actor: User, round_: Round, comment: str = "") -> Round:
    """Confirm a draft round: its kept pairs become suggestions, and both sides of each hear of theirs."""
    confirmed = transition(round_, "confirm", actor=actor, comment=comment, confirmed_at=timezone.now())
    kept = RoundPair.objects.filter(round=confirmed, removed=False).select_related(
        "need__organisation", "proposal__organisation"
    )
    recipients: dict[tuple[int, str], list[str]] = {}  # one look-up per organisation, however many pairs

    def members(organisation_id: int, side: str) -> list[str]:
        if (organisation_id, side) not in recipients:
            roles = ["teacher", "principal"] if side == "school" else ["representative"]
            recipients[organisation_id, side] = notifications.members_of(organisation_id, roles)
        return recipients[organisation_id, side]

    for pair in kept:
        need, proposal = pair.need, pair.proposal
        body = _(
            "The matchmaking round of %(municipality)s suggests pairing “%(need)s” (%(unit)s) with the pilot "
            "“%(proposal)s” (%(company)s). Open your suggestions to apply or express interest in one step."
        ) % {
            "municipality": confirmed.municipality,
            "need": need,
            "unit": need.organisation,
            "proposal": proposal,
            "company": proposal.organisation,
        }
        notifications.notify(
            members(need.organisation_id, "school"),
            _("A suggested pilot for “%(need)s”: %(proposal)s") % {"need": need, "proposal": proposal},
            body,
        )
        notifications.notify(
            members(proposal.organisation_id, "company"),
            _("A suggested group for “%(proposal)s”: %(unit)s") % {"proposal": proposal, "unit": need.organisation},
            body,
        )
    return confirmed


@transaction.atomic
def round_cancel(*, actor: User, round_: Round, comment: str = "") -> Round:
    """Drop a draft round; nobody is told."""
    return transition(round_, "cancel", actor=actor, comment=comment)


def suggestion_apply(*, actor: User, pair: RoundPair, message: str = "") -> Application:
    """Turn a suggestion into an application from the actor's side: a company applies, a school expresses interest."""
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
