"""Reads: how well offers fit the actor's own group, for the list pages and the interest box.

A teacher's "my group" is their own published needs, or, if they have none, their unit's (a principal
always sees the unit's). All of them are ranked against the cached proposal index in one call per
page, never per card; pairs the organisation marked "not a fit", and offers a coordinator closed in
the need's municipality, do not count, as on the need's own page.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, IntegerField, QuerySet, Value, When

from kyky.accounts.models import User
from kyky.matching import documents, engine, indexes
from kyky.matching.models import HiddenMatch
from kyky.pilots.models import Need, Proposal, ProposalClosure

#: At least this score earns an offer the "fits your group" badge (a feasible pair can score near 0).
GOOD_FIT = 0.5
#: How many offers per need are ranked for the badges and the "best fit" order; the rest follow by date.
FIT_LIMIT = 200
#: How many of the group's needs are considered.
MAX_NEEDS = 10


@dataclass(frozen=True)
class Fit:
    """An offer's best fit with one of the actor's group's needs."""

    score: float
    need_id: int
    need_title: str

    @property
    def good(self) -> bool:
        return self.score >= GOOD_FIT

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def group_needs(*, actor: User) -> list[Need]:
    """The actor's group's matchable needs: their own, else their unit's; none for anyone but unit staff."""
    member = actor.member if actor.is_authenticated else None
    if member is None or not member.is_unit_staff:
        return []
    needs = list(
        documents.matchable_needs()
        .filter(organisation_id=member.organisation_id)
        .only("pk", "title", "municipality_id", "created_by_id", "updated_at")
        .order_by("-created_at", "-id")[:MAX_NEEDS]
    )
    own = [need for need in needs if need.created_by_id == actor.pk]
    return own or needs


def _excluded(actor: User, needs: Iterable[Need]) -> tuple[set[tuple[int, int]], set[tuple[int, str]]]:
    """(need, proposal) pairs hidden by the actor's organisation; (proposal, municipality) closures."""
    needs = list(needs)
    hidden = set(
        HiddenMatch.objects.filter(
            organisation_id=actor.member.organisation_id, need_id__in=[n.pk for n in needs]
        ).values_list("need_id", "proposal_id")
    )
    closed = set(
        ProposalClosure.objects.filter(municipality_id__in={n.municipality_id for n in needs}).values_list(
            "proposal_id", "municipality_id"
        )
    )
    return hidden, closed


class _Memo:
    """The last rankings of groups' needs against this process's proposal index.

    A list page ranks the viewer's group's needs against every offer; the same group asks again with every
    page, filter and sort. The ranking depends only on the index and the needs' contents, so it is kept,
    keyed by the needs and the time each was last saved (an edit changes it), for as long as the index is
    the same object (any change to the offers makes a new one). What the organisation hid and where offers
    are closed is applied afresh to each request, never kept.
    """

    SIZE = 256

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._index: weakref.ref | None = None
        self._rankings: OrderedDict[tuple, dict] = OrderedDict()

    def get(self, index, key: tuple):
        with self._lock:
            if self._index is None or self._index() is not index:
                return None
            ranked = self._rankings.get(key)
            if ranked is not None:
                self._rankings.move_to_end(key)
            return ranked

    def put(self, index, key: tuple, ranked: dict) -> None:
        with self._lock:
            if self._index is None or self._index() is not index:
                self._index = weakref.ref(index)
                self._rankings.clear()
            self._rankings[key] = ranked
            while len(self._rankings) > self.SIZE:
                self._rankings.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._index = None
            self._rankings.clear()


_memo = _Memo()


def _needs_key(needs: list[Need]) -> tuple:
    # The title too: a fit names its need.
    return tuple(sorted((need.pk, need.updated_at, need.title) for need in needs))


def _ranked(needs: list[Need], index, key: tuple) -> dict:
    ranked = _memo.get(index, key)
    if ranked is None:
        docs = documents.need_docs(Need.objects.filter(pk__in=[need.pk for need in needs]))
        ranked = engine.score_all(docs, index, top_k=FIT_LIMIT, with_reasons=False, workers=1)
        _memo.put(index, key, ranked)
    return ranked


def proposal_fits(*, actor: User) -> dict[int, Fit]:
    """Each offer that fits one of the actor's group's needs (proposal id → its best fit), in one ranking."""
    needs = group_needs(actor=actor)
    if not needs:
        return {}
    by_id = {need.pk: need for need in needs}
    index = indexes.proposal_index()
    if not len(index):
        return {}
    key = _needs_key(needs)
    ranked = _ranked(needs, index, key)
    hidden, closed = _excluded(actor, needs)
    # The same ranking with the same exclusions gives the same fits: kept with the ranking.
    fits_key = (key, frozenset(hidden), frozenset(closed))
    fits = _memo.get(index, fits_key)
    if fits is not None:
        return dict(fits)
    fits = {}
    for need_id, matches in ranked.items():
        need = by_id[need_id]
        for match in matches:
            if (need_id, match.proposal_id) in hidden or (match.proposal_id, need.municipality_id) in closed:
                continue
            best = fits.get(match.proposal_id)
            if best is None or match.score > best.score:
                fits[match.proposal_id] = Fit(round(match.score, 4), need_id, need.title)
    _memo.put(index, fits_key, fits)
    return dict(fits)


def order_by_fit(queryset: QuerySet[Proposal], fits: dict[int, Fit]) -> QuerySet[Proposal]:
    """Best fit first; offers that fit none of the group's needs follow, newest first."""
    ranked = sorted(fits.items(), key=lambda item: (-item[1].score, item[0]))
    if not ranked:
        return queryset.order_by("-created_at", "-id")
    rank = Case(
        *(When(pk=pk, then=Value(position)) for position, (pk, _) in enumerate(ranked)),
        default=Value(len(ranked)),
        output_field=IntegerField(),
    )
    return queryset.alias(fit_rank=rank).order_by("fit_rank", "-created_at", "-id")


def order_needs_by_fit(queryset: QuerySet[Need], fits: dict[int, float]) -> QuerySet[Need]:
    """The needs the offer fits first, best first; then the others by title."""
    ranked = sorted(fits.items(), key=lambda item: (-item[1], item[0]))
    if not ranked:
        return queryset.order_by("title", "pk")
    rank = Case(
        *(When(pk=pk, then=Value(position)) for position, (pk, _) in enumerate(ranked)),
        default=Value(len(ranked)),
        output_field=IntegerField(),
    )
    return queryset.alias(fit_rank=rank).order_by("fit_rank", "title", "pk")


def need_fits_for_proposal(*, actor: User, proposal: Proposal, needs: Iterable[Need]) -> dict[int, float]:
    """Which of these needs (the actor's unit's) the offer fits, need id → score; infeasible ones are absent."""
    needs = list(needs)
    if not needs:
        return {}
    index = indexes.proposal_index()
    position = index.position(proposal.pk)
    if position is None:  # not matchable: unpublished, full, ended
        return {}
    docs = documents.need_docs(Need.objects.filter(pk__in=[need.pk for need in needs]))
    matches = engine.rank_proposal(index.proposals[position], docs, len(docs), proposal_index=index)
    hidden, closed = _excluded(actor, needs)
    municipality = {need.pk: need.municipality_id for need in needs}
    return {
        match.need_id: round(match.score, 4)
        for match in matches
        if (match.need_id, proposal.pk) not in hidden and (proposal.pk, municipality[match.need_id]) not in closed
    }
