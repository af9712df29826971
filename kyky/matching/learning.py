"""Learning each municipality's score weights from "not a fit", off the request path.

How it works:

1. **Answers.** A hidden pair (:class:`~kyky.matching.models.HiddenMatch`: a school or company said
   "not a fit") is a pair that should have ranked lower. A pair someone applied to or accepted (an
   application not declined or withdrawn) is one that should have ranked higher. A pair belongs to
   the municipality of its need: that is where the group is, and where its matches are shown.
2. **Comparisons.** Within a municipality each hidden pair is compared with each preferred pair
   seen on the same page: the same need (a teacher hid one offer and applied to another) or the same
   proposal (a company hid one group and applied to another).
3. **Fit.** Each pair's score parts are computed unweighted in the current index's text space
   (:func:`kyky.matching.engine.pair_parts`), and :func:`kyky.matching.tuning.fit_weights` finds the
   weights of text, subjects, levels, time window and the purpose penalty that rank the preferred
   pairs above the hidden ones, regularised towards the defaults and never more than 0.15 away from
   them. A municipality with fewer than 20 hidden pairs or 20 comparisons keeps the defaults.
4. **Use.** The weights are stored (:class:`~kyky.matching.models.LearnedWeights`) and the "weights"
   version is bumped, so every process swaps them into its index on its next request (no text
   rebuild). The engine scores a need of that municipality with them, from either side and in
   matchmaking rounds; other municipalities are untouched.

``manage.py learn_match_weights`` runs it; schedule it daily, like ``send_reminders``.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from kyky.core.models import IndexVersion
from kyky.core.versions import corpus_changed
from kyky.matching import documents, indexes
from kyky.matching.engine import TUNED_FIELDS, pair_parts
from kyky.matching.models import HiddenMatch, LearnedWeights
from kyky.matching.tuning import MIN_HIDDEN, Fit, fit_weights
from kyky.pilots.models import Application, Need, Proposal

logger = logging.getLogger(__name__)

# Applications that say "this pair fits": still open, accepted, or accepted and later cancelled.
PREFERRED = (Application.Status.PENDING, Application.Status.ACCEPTED, Application.Status.CANCELLED)

Pair = tuple[int, int]  # (need id, proposal id)


@dataclass(frozen=True)
class Outcome:
    """What learning did for one municipality."""

    municipality: str
    hidden_pairs: int
    comparisons: int
    fit: Fit | None  # None: not enough answers, the defaults stay


def _answers() -> tuple[dict[str, set[Pair]], dict[str, set[Pair]]]:
    """Hidden and preferred pairs by the municipality of their need (a pair both hidden and applied
    to counts as neither: two organisations disagree on it)."""
    hidden: dict[str, set[Pair]] = defaultdict(set)
    for need, proposal, municipality in HiddenMatch.objects.values_list(
        "need_id", "proposal_id", "need__municipality_id"
    ).iterator():
        hidden[municipality].add((need, proposal))
    preferred: dict[str, set[Pair]] = defaultdict(set)
    for need, proposal, municipality in (
        Application.objects.filter(status__in=PREFERRED)
        .values_list("need_id", "proposal_id", "need__municipality_id")
        .iterator()
    ):
        preferred[municipality].add((need, proposal))
    for municipality, pairs in hidden.items():
        both = pairs & preferred.get(municipality, set())
        pairs -= both
        preferred.get(municipality, set()).difference_update(both)
    return hidden, preferred


def comparisons(hidden: set[Pair], preferred: set[Pair]) -> list[tuple[Pair, Pair]]:
    """(preferred, hidden) pairs seen on one page: sharing the need or the proposal, in a fixed order."""
    by_need: dict[int, list[Pair]] = defaultdict(list)
    by_proposal: dict[int, list[Pair]] = defaultdict(list)
    for pair in sorted(preferred):
        by_need[pair[0]].append(pair)
        by_proposal[pair[1]].append(pair)
    out = []
    for h in sorted(hidden):
        seen = dict.fromkeys([*by_need.get(h[0], []), *by_proposal.get(h[1], [])])
        out.extend((p, h) for p in seen)
    return out


def learn_municipality(municipality: str, hidden: set[Pair], preferred: set[Pair]) -> Outcome:
    """Fit one municipality's weights from its answers (nothing stored)."""
    compared = comparisons(hidden, preferred)
    if len(hidden) < MIN_HIDDEN or not compared:
        return Outcome(municipality, len(hidden), len(compared), None)
    need_ids = sorted({n for pair in compared for n, _ in pair})
    proposal_ids = sorted({p for pair in compared for _, p in pair})
    needs = documents.need_docs(Need.objects.filter(pk__in=need_ids))
    proposals = documents.proposal_docs(Proposal.objects.filter(pk__in=proposal_ids))
    need_at = {n.id: i for i, n in enumerate(needs)}
    proposal_at = {p.id: i for i, p in enumerate(proposals)}
    compared = [(p, h) for p, h in compared if all(n in need_at and q in proposal_at for n, q in (p, h))]
    index = indexes.proposal_index()
    parts = pair_parts(
        needs,
        proposals,
        [(need_at[n], proposal_at[q]) for pair in compared for n, q in pair],
        index,
    )
    fit = fit_weights(parts[0::2], parts[1::2], index.weights)
    return Outcome(municipality, len(hidden), len(compared), fit)


@transaction.atomic
def learn_weights() -> list[Outcome]:
    """Learn every municipality's weights from its answers, store them and tell every process.

    Municipalities without enough answers lose any weights learned before (their answers may have
    been deleted with their needs). Writes nothing, and bumps nothing, when nothing changed.
    """
    hidden, preferred = _answers()
    outcomes = [learn_municipality(m, hidden[m], preferred.get(m, set())) for m in sorted(hidden)]
    stored = {row.municipality_id: row for row in LearnedWeights.objects.select_for_update()}
    changed = False
    now = timezone.now()
    for outcome in outcomes:
        if outcome.fit is None:
            continue
        w = outcome.fit.weights
        values = {name: getattr(w, name) for name in TUNED_FIELDS}
        old = stored.pop(outcome.municipality, None)
        if old is not None and all(abs(getattr(old, k) - v) < 1e-9 for k, v in values.items()):
            continue
        LearnedWeights.objects.update_or_create(
            municipality_id=outcome.municipality,
            defaults={
                **values,
                "hidden_pairs": outcome.hidden_pairs,
                "comparisons": outcome.comparisons,
                "agreement_before": outcome.fit.agreement_before,
                "agreement_after": outcome.fit.agreement_after,
                "learned_at": now,
            },
        )
        changed = True
    learned = {o.municipality for o in outcomes if o.fit is not None}
    stale = [m for m in stored if m not in learned]
    if stale:
        LearnedWeights.objects.filter(municipality_id__in=stale).delete()
        changed = True
    if changed:
        corpus_changed(IndexVersion.WEIGHTS)
    for outcome in outcomes:
        logger.info("learned weights for %s: %s", outcome.municipality, outcome)
    return outcomes
