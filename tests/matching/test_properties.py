"""Property-based tests of the engine: hard constraints, score range, determinism, monotonicity."""

from __future__ import annotations

import dataclasses
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kyky.matching.engine import NeedDoc, ProposalDoc, ProposalIndex, rank_proposal, score_all
from tests.matching.strategies import SUBJECTS, needs, proposals, worlds

FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def feasible(need: NeedDoc, proposal: ProposalDoc) -> bool:
    """DESIGN §4 written out independently of the engine."""
    if not proposal.published or proposal.capacity_left < 1:
        return False
    if need.levels.isdisjoint(proposal.levels) or need.language not in proposal.languages:
        return False
    days = (min(need.ends_on, proposal.ends_on) - max(need.starts_on, proposal.starts_on)).days + 1
    if days < 21:
        return False
    local = not proposal.municipalities or need.municipality in proposal.municipalities
    if proposal.delivery == "onsite":
        return local
    if proposal.delivery == "remote":
        return need.accepts_remote
    return proposal.delivery == "hybrid" and (need.accepts_remote or local)


@FAST
@given(worlds())
def test_exactly_the_feasible_proposals_are_returned_for_a_need(world):
    props, ns = world
    index = ProposalIndex.build(props)
    for need in ns:
        returned = {m.proposal_id for m in index.rank_need(need, limit=len(props) + 1)}
        assert returned == {p.id for p in props if feasible(need, p)}


@FAST
@given(worlds())
def test_exactly_the_feasible_needs_are_returned_for_a_proposal(world):
    props, ns = world
    index = ProposalIndex.build(props)
    for proposal in props:
        returned = {m.need_id for m in rank_proposal(proposal, ns, limit=len(ns) + 1, proposal_index=index)}
        assert returned == {n.id for n in ns if feasible(n, proposal)}


@FAST
@given(worlds(), st.integers(1, 4))
def test_score_all_returns_only_feasible_pairs_best_first_within_unit_range(world, top_k):
    props, ns = world
    by_id = {p.id: p for p in props}
    results = score_all(ns, ProposalIndex.build(props), top_k=top_k, block_size=2)
    for need in ns:
        matches = results[need.id]
        assert len(matches) == min(top_k, sum(feasible(need, p) for p in props))
        assert all(feasible(need, by_id[m.proposal_id]) for m in matches)
        assert all(0.0 <= m.score <= 1.0 for m in matches)
        keys = [(-m.score, m.proposal_id) for m in matches]
        assert keys == sorted(keys)


@FAST
@given(worlds(), st.randoms(use_true_random=False))
def test_results_are_deterministic_and_independent_of_input_order(world, rnd: random.Random):
    props, ns = world
    first = score_all(ns, ProposalIndex.build(props), top_k=5)
    shuffled = props[:]
    rnd.shuffle(shuffled)
    again = score_all(ns, ProposalIndex.build(shuffled), top_k=5)
    assert first == again
    index = ProposalIndex.build(props)
    for need in ns:
        assert index.rank_need(need, limit=5) == first[need.id]


@FAST
@given(worlds())
def test_a_pair_scores_the_same_from_both_sides(world):
    props, ns = world
    index = ProposalIndex.build(props)
    forward = {(m.need_id, m.proposal_id): m.score for n in ns for m in index.rank_need(n, limit=100)}
    backward = {
        (m.need_id, m.proposal_id): m.score
        for p in props
        for m in rank_proposal(p, ns, limit=100, proposal_index=index)
    }
    assert forward.keys() == backward.keys()
    for pair, score in forward.items():
        assert abs(score - backward[pair]) < 1e-6


@settings(max_examples=300, deadline=None)
@given(needs(nid=1), proposals(pid=1), st.lists(proposals(), max_size=3), st.sampled_from(SUBJECTS + ("history",)))
def test_adding_a_shared_subject_never_lowers_the_score(need, proposal, others, subject):
    others = [dataclasses.replace(p, id=p.id + 1) for p in others if p.id + 1 != proposal.id]
    others = list({p.id: p for p in others}.values())
    before = {m.proposal_id: m.score for m in ProposalIndex.build([proposal, *others]).rank_need(need, 100)}
    need2 = dataclasses.replace(need, subjects=need.subjects | {subject})
    proposal2 = dataclasses.replace(proposal, subjects=proposal.subjects | {subject})
    after = {m.proposal_id: m.score for m in ProposalIndex.build([proposal2, *others]).rank_need(need2, 100)}
    assert (proposal.id in before) == (proposal.id in after)
    if proposal.id in before:
        assert after[proposal.id] >= before[proposal.id]
