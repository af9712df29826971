"""Matchmaking rounds: capacities, one proposal per need, and optimality against brute force."""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kyky.matching.engine import ProposalIndex
from kyky.matching.rounds import assign, plan_round
from tests.matching.strategies import worlds

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def brute_force(edges: dict[tuple[int, int], float], n_needs: int, capacity: list[int]) -> float:
    """Best total over every way of giving each need one of its candidates or nothing."""
    options = [[None] + [c for (r, c) in edges if r == i] for i in range(n_needs)]
    best = 0.0
    for choice in itertools.product(*options):
        used = Counter(c for c in choice if c is not None)
        if all(used[c] <= capacity[c] for c in used):
            best = max(best, sum(edges[(i, c)] for i, c in enumerate(choice) if c is not None))
    return best


@st.composite
def graphs(draw: st.DrawFn) -> tuple[dict[tuple[int, int], float], int, list[int]]:
    n_needs = draw(st.integers(1, 5))
    n_props = draw(st.integers(1, 4))
    capacity = draw(st.lists(st.integers(0, 2), min_size=n_props, max_size=n_props))
    pairs = draw(st.sets(st.tuples(st.integers(0, n_needs - 1), st.integers(0, n_props - 1)), max_size=12))
    scores = st.floats(0.01, 1.0, allow_nan=False) | st.sampled_from((0.5, 0.25, 1.0))
    return {pair: draw(scores) for pair in sorted(pairs)}, n_needs, capacity


@FAST
@given(graphs())
def test_assignment_is_valid_and_optimal(graph):
    edges, n_needs, capacity = graph
    rows = np.array([r for r, _ in edges], dtype=np.int64)
    cols = np.array([c for _, c in edges], dtype=np.int64)
    scores = np.array(list(edges.values()))
    chosen = assign(rows, cols, scores, np.array(capacity))
    chosen_rows, chosen_cols = rows[chosen], cols[chosen]
    assert len(set(chosen_rows.tolist())) == len(chosen_rows)
    used = Counter(chosen_cols.tolist())
    assert all(used[c] <= capacity[c] for c in used)
    assert all((r, c) in edges for r, c in zip(chosen_rows.tolist(), chosen_cols.tolist(), strict=True))
    total = sum(edges[(r, c)] for r, c in zip(chosen_rows.tolist(), chosen_cols.tolist(), strict=True))
    assert abs(total - brute_force(edges, n_needs, capacity)) < 1e-9


@FAST
@given(worlds(max_proposals=4, max_needs=5))
def test_round_respects_capacity_and_matches_the_brute_force_optimum(world):
    props, ns = world
    index = ProposalIndex.build(props)
    matches = plan_round(ns, props, candidates_per_need=len(props), index=index)
    by_id = {p.id: p for p in props}
    assert len({m.need_id for m in matches}) == len(matches)
    used = Counter(m.proposal_id for m in matches)
    assert all(used[pid] <= by_id[pid].capacity_left for pid in used)

    position = {p.id: i for i, p in enumerate(index.proposals)}
    edges = {
        (i, position[m.proposal_id]): m.score for i, n in enumerate(ns) for m in index.rank_need(n, limit=len(props))
    }
    for m in matches:
        assert any(abs(m.score - s) < 1e-9 for (i, c), s in edges.items() if ns[i].id == m.need_id)
    capacity = [p.capacity_left for p in index.proposals]
    assert abs(sum(m.score for m in matches) - brute_force(edges, len(ns), capacity)) < 1e-6


def test_round_gives_the_scarce_proposal_to_the_need_that_gains_most():
    # Two needs both prefer proposal A (capacity 1); only the second has a good alternative.
    rows = np.array([0, 0, 1, 1])
    cols = np.array([0, 1, 0, 1])
    scores = np.array([0.9, 0.1, 0.8, 0.7])
    chosen = assign(rows, cols, scores, np.array([1, 1]))
    assert dict(zip(rows[chosen].tolist(), cols[chosen].tolist(), strict=True)) == {0: 0, 1: 1}


def test_needs_without_candidates_or_capacity_stay_unassigned():
    assert len(assign(np.array([0, 1]), np.array([0, 0]), np.array([0.5, 0.6]), np.array([0]))) == 0
    assert len(assign(np.array([], dtype=int), np.array([], dtype=int), np.array([]), np.array([1]))) == 0
    assert plan_round([], []) == []


def test_round_matches_carry_reasons():
    from tests.matching.test_engine import fraction_need, fraction_proposals

    proposals = fraction_proposals()
    matches = plan_round([fraction_need()], proposals)
    assert [m.proposal_id for m in matches] == [1]
    assert {r.kind for r in matches[0].reasons} >= {"language", "subjects", "levels", "weeks"}


def test_repeated_edges_count_once_with_their_best_score():
    rows, cols, scores = np.array([0, 0, 1]), np.array([0, 0, 0]), np.array([0.2, 0.9, 0.5])
    chosen = assign(rows, cols, scores, np.array([1]))
    assert chosen.tolist() == [1]
