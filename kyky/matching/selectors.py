"""Reads: ranked matches of a need or a proposal, matchmaking rounds, and the suggestions they made.

Every read starts from what the actor may see. Matches come from this process's cached index
(:mod:`kyky.matching.indexes`, never stale); the rows shown are then read from the database with the
same visibility and matchability filters, so what is shown is always current.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kyky.accounts.models import User
from kyky.catalog import codes
from kyky.catalog.models import Language, Level, Municipality, Subject
from kyky.matching import documents, indexes
from kyky.matching.engine import MIN_FIT, Match, Reason
from kyky.matching.models import HiddenMatch, Round, RoundPair
from kyky.matching.reasons import reason_text
from kyky.pilots import permissions as pilot_permissions
from kyky.pilots import selectors as pilot_selectors
from kyky.pilots.models import Need, Proposal

DEFAULT_LIMIT = 10
MAX_LIMIT = 50
# Ranked beyond the limit so that rows hidden from the actor or changed outside the services (and so
# filtered out below) do not leave the list short.
_SLACK = 10


@dataclass(frozen=True)
class ProposalMatch:
    """A proposal that fits a need, with its score in [0, 1] and reasons as sentences."""

    proposal: Proposal
    score: float
    reasons: list[str]


@dataclass(frozen=True)
class NeedMatch:
    """A need that a proposal fits, with its score in [0, 1] and reasons as sentences."""

    need: Need
    score: float
    reasons: list[str]


# Reasons as sentences


def reason_names() -> dict[str, str]:
    """Display names of codes in the active language, for the reasons' sentences (the process's code lists).

    Grades are left out: without names the sentences say "Grades 3–4 in common".
    """
    language = (get_language() or "fi")[:2]
    column = f"name_{language}" if language in ("fi", "sv", "en") else "name_fi"
    names = {}
    for model in (Subject, Language, Municipality, Level):
        for code, row in codes.table(model).items():
            if model is Level and code.startswith("grade_"):
                continue
            names[code] = getattr(row, column) or row.name_fi
    return names


def reason_sentences(reasons: Iterable[Reason | Mapping], names: Mapping[str, str]) -> list[str]:
    """Reasons (engine reasons, or their stored ``{"kind", "params"}`` dicts) as sentences."""
    out = []
    for reason in reasons:
        if not isinstance(reason, Reason):
            reason = Reason.of(reason["kind"], **reason.get("params", {}))
        out.append(reason_text(reason, names=names))
    return out


# Matches


def _limited(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationError({"limit": [_("Ask for 1–%(max)d matches.") % {"max": MAX_LIMIT}]})
    return limit


def _in_rank_order(matches: list[Match], rows: dict[int, object], key: str, limit: int, names) -> list:
    out = []
    for match in matches:
        row = rows.get(getattr(match, key))
        if row is not None:
            out.append((row, round(match.score, 4), reason_sentences(match.reasons, names)))
        if len(out) == limit:
            break
    return out


def _fits(ranked: list[Match]) -> list[Match]:
    """Only real fits: a pair below MIN_FIT shares little more than a level and a date window."""
    return [match for match in ranked if match.score >= MIN_FIT]


def _hidden(actor: User) -> QuerySet[HiddenMatch]:
    member = actor.member if actor.is_authenticated else None
    if member is None:
        return HiddenMatch.objects.none()
    return HiddenMatch.objects.filter(organisation_id=member.organisation_id)


def need_matches(*, actor: User, need: Need | int | str, limit: int = DEFAULT_LIMIT) -> list[ProposalMatch]:
    """The proposals that fit a need, best first; 404 unless the actor may see the need.

    Drafts get a preview for their unit; a matched or closed need has no matches.
    """
    limit = _limited(limit)
    need = pilot_selectors.need_get(actor=actor, pk=need.pk if isinstance(need, Need) else need)
    pilot_permissions.require(actor, "view_matches", need)
    if need.status not in (Need.Status.DRAFT, Need.Status.PUBLISHED):
        return []
    ranked = _fits(indexes.proposal_index().rank_need(documents.need_doc(need), limit + _SLACK))
    if not ranked:
        return []
    rows = (
        pilot_selectors.proposal_visible(actor=actor)
        .filter(documents.matchable_proposal(), pk__in=[m.proposal_id for m in ranked])
        .exclude(closures__municipality_id=need.municipality_id)  # a coordinator closed it for this need's city
        .exclude(pk__in=_hidden(actor).filter(need=need).values("proposal_id"))  # "not a fit" for this organisation
    )
    by_id = {p.pk: p for p in rows}
    return [ProposalMatch(*item) for item in _in_rank_order(ranked, by_id, "proposal_id", limit, reason_names())]


def proposal_matches(*, actor: User, proposal: Proposal | int | str, limit: int = DEFAULT_LIMIT) -> list[NeedMatch]:
    """The needs a proposal fits, best first: 404 unless the actor may see it, 403 unless its company or a
    coordinator it serves. Drafts get a preview for their company; a closed or full proposal has none."""
    limit = _limited(limit)
    proposal = pilot_selectors.proposal_get(actor=actor, pk=proposal.pk if isinstance(proposal, Proposal) else proposal)
    pilot_permissions.require(actor, "view_matches", proposal)
    ranked = _fits(indexes.need_index().rank_proposal(documents.proposal_doc(proposal, preview=True), limit + _SLACK))
    if not ranked:
        return []
    rows = (
        pilot_selectors.need_visible(actor=actor)
        .filter(documents.matchable_need(), pk__in=[m.need_id for m in ranked])
        .exclude(municipality_id__in=[closure.municipality_id for closure in proposal.closures.all()])
        .exclude(pk__in=_hidden(actor).filter(proposal=proposal).values("need_id"))
    )
    by_id = {n.pk: n for n in rows}
    return [NeedMatch(*item) for item in _in_rank_order(ranked, by_id, "need_id", limit, reason_names())]


# Rounds


def _coordinated_municipality(actor: User) -> str | None:
    member = actor.member if actor.is_authenticated else None
    if member is None or member.role != pilot_permissions.Role.COORDINATOR:
        return None
    return member.organisation.municipality_id


def round_visible(*, actor: User) -> QuerySet[Round]:
    """Rounds of the coordinator's municipality (nothing for anyone else)."""
    municipality = _coordinated_municipality(actor)
    if municipality is None:
        return Round.objects.none()
    return (
        Round.objects.filter(municipality_id=municipality)
        .select_related("created_by")
        .annotate(pairs_kept=Count("pairs", filter=Q(pairs__removed=False)))
        .order_by("-created_at", "-id")  # an aggregate drops the model's ordering
    )


def round_with_pairs(*, actor: User) -> QuerySet[Round]:
    """Visible rounds with their pairs (and each pair's need and proposal) prefetched."""
    return round_visible(actor=actor).prefetch_related(
        Prefetch(
            "pairs",
            queryset=RoundPair.objects.select_related("need__organisation", "proposal__organisation", "offer").order_by(
                "-score", "id"
            ),
        )
    )


def round_get(*, actor: User, pk: int) -> Round:
    try:
        return round_with_pairs(actor=actor).get(pk=pk)
    except (Round.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def round_needs(*, municipality: str, starts_on, ends_on) -> QuerySet[Need]:
    """The needs a round considers: the municipality's matchable needs whose window meets the round's."""
    return documents.matchable_needs(timezone.localdate()).filter(
        municipality_id=municipality, starts_on__lte=ends_on, ends_on__gte=starts_on
    )


# Suggestions: the kept pairs of confirmed rounds, seen by the two sides


def suggestion_visible(*, actor: User) -> QuerySet[RoundPair]:
    """Kept pairs of confirmed rounds that involve the actor's unit (teachers, principals) or company."""
    member = actor.member if actor.is_authenticated else None
    if member is None:
        return RoundPair.objects.none()
    if member.is_unit_staff:
        scope = Q(need__organisation_id=member.organisation_id)
    elif member.role == pilot_permissions.Role.REPRESENTATIVE:
        scope = Q(proposal__organisation_id=member.organisation_id)
    else:
        return RoundPair.objects.none()
    return (
        RoundPair.objects.filter(scope, round__status=Round.Status.CONFIRMED, removed=False)
        .select_related(
            "round",
            "need__organisation",
            "proposal__organisation",
            "offer__need",
            "offer__proposal",
            "offer__application__pilot__agreement",
        )
        .order_by("-round__confirmed_at", "-score", "id")
    )


def suggestion_get(*, actor: User, pk: int) -> RoundPair:
    try:
        return suggestion_visible(actor=actor).get(pk=pk)
    except (RoundPair.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
