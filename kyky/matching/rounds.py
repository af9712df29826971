"""Matchmaking rounds: assign each need at most one proposal, within capacities, maximising total score.

The candidates are each need's best feasible proposals (``candidates_per_need`` of them). Every
proposal is expanded into as many identical slots as it can still take (its remaining capacity, or
fewer when fewer needs want it), and every need gets a private dummy slot meaning "unassigned".
A minimum-weight full matching of needs to slots (scipy's sparse LAPJV) with edge cost
``2 − score`` and dummy cost ``2`` then maximises the total score: each need pays 2 minus what it
gets, and scores are positive for feasible pairs, so a dummy is only taken when nothing better is
left. The result is optimal on the candidate graph.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from kyky.matching.engine import Match, NeedDoc, ProposalDoc, ProposalIndex, candidate_pairs

_UNASSIGNED_COST = 2.0


def assign(rows: np.ndarray, cols: np.ndarray, scores: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Optimal assignment on a candidate graph.

    ``rows``/``cols``/``scores`` list candidate edges (need position, proposal position, score in
    (0, 1]); ``capacity[j]`` is how many needs proposal ``j`` may take. Returns the positions of the
    chosen edges, sorted by need: each need appears at most once and no proposal more than its
    capacity.
    """
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    scores = np.asarray(scores, dtype=np.float64)
    capacity = np.asarray(capacity, dtype=np.int64)
    usable = np.flatnonzero((capacity[cols] > 0) & (scores > 0)) if len(cols) else np.zeros(0, dtype=np.int64)
    if len(usable) == 0:
        return np.empty(0, dtype=np.int64)
    # Keep the best-scoring copy of a repeated (need, proposal) edge; ties go to the first given.
    order = usable[np.lexsort((usable, -scores[usable], cols[usable], rows[usable]))]
    first = np.ones(len(order), dtype=bool)
    first[1:] = (rows[order][1:] != rows[order][:-1]) | (cols[order][1:] != cols[order][:-1])
    usable = order[first]  # sorted by (need, proposal)
    rows, cols, scores = rows[usable], cols[usable], scores[usable]

    # Compact the needs and proposals that have candidates.
    need_ids, need_pos = np.unique(rows, return_inverse=True)
    prop_ids, prop_pos = np.unique(cols, return_inverse=True)
    degree = np.bincount(prop_pos, minlength=len(prop_ids))
    slots = np.minimum(capacity[prop_ids], degree)  # more slots than wanting needs would never fill
    slot_start = np.concatenate(([0], np.cumsum(slots)))
    n_slots = int(slot_start[-1])

    # One edge per (candidate, slot of its proposal).
    per_edge = slots[prop_pos]
    edge_rows = np.repeat(need_pos, per_edge)
    offsets = np.arange(int(per_edge.sum())) - np.repeat(np.cumsum(per_edge) - per_edge, per_edge)
    edge_cols = np.repeat(slot_start[prop_pos], per_edge) + offsets
    edge_costs = np.repeat(_UNASSIGNED_COST - scores, per_edge)

    n_needs = len(need_ids)
    dummy = np.arange(n_needs)
    graph = sp.csr_matrix(
        (
            np.concatenate((edge_costs, np.full(n_needs, _UNASSIGNED_COST))),
            (np.concatenate((edge_rows, dummy)), np.concatenate((edge_cols, n_slots + dummy))),
        ),
        shape=(n_needs, n_slots + n_needs),
    )
    matched_rows, matched_cols = min_weight_full_bipartite_matching(graph)
    real = matched_cols < n_slots
    slot_owner = np.repeat(np.arange(len(prop_ids)), slots)
    # Edges are sorted by (need, proposal) and unique, so a key search finds each chosen one.
    keys = need_pos * len(prop_ids) + prop_pos
    chosen = np.searchsorted(keys, matched_rows[real] * len(prop_ids) + slot_owner[matched_cols[real]])
    return usable[chosen]


def plan_round(
    needs: Sequence[NeedDoc],
    proposals: Sequence[ProposalDoc],
    candidates_per_need: int = 50,
    *,
    index: ProposalIndex | None = None,
    with_reasons: bool = True,
    min_score: float = 0.0,
    skip_pairs: Collection[tuple[int, int]] = (),
    skip_proposals: Collection[int] = (),
) -> list[Match]:
    """Assign each need at most one proposal within capacities, maximising the total score.

    Candidates scoring below ``min_score``, the (need id, proposal id) pairs in ``skip_pairs`` and the
    proposals in ``skip_proposals`` are left out before the assignment, so a need whose best
    candidate is skipped can still get its next best. Pass a prebuilt ``index`` of these proposals
    to skip building one. Returns the matches sorted by need id.
    """
    if index is None:
        index = ProposalIndex.build(proposals)
    candidates = candidate_pairs(needs, index, candidates_per_need)
    capacity = np.array([max(0, p.capacity_left) for p in index.proposals], dtype=np.int64)
    scores = candidates.scores
    usable = scores >= np.float32(min_score) if min_score > 0 else np.ones(len(scores), dtype=bool)
    if skip_pairs or skip_proposals:
        need_ids = np.array([n.id for n in needs], dtype=np.int64)[candidates.rows]
        proposal_ids = np.array([p.id for p in index.proposals], dtype=np.int64)[candidates.cols]
        usable &= ~np.isin(proposal_ids, np.fromiter(skip_proposals, dtype=np.int64))
        if skip_pairs:
            skipped = np.array([(n << 32) | p for n, p in skip_pairs], dtype=np.int64)
            usable &= ~np.isin((need_ids << 32) | proposal_ids, skipped)
    scores = np.where(usable, scores, 0)  # assign() takes only positive edges
    chosen = assign(candidates.rows, candidates.cols, scores, capacity)
    matches = candidates.matches(chosen, with_reasons=with_reasons)
    return sorted(matches, key=lambda m: m.need_id)
