"""Example-based tests of the engine: ranking, reasons, both directions, the evaluation set."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from kyky.matching.engine import (
    NeedDoc,
    NeedIndex,
    ProposalDoc,
    ProposalIndex,
    Reason,
    Weights,
    is_feasible,
    rank_proposal,
    reasons_for,
    score_all,
)
from kyky.matching.text import words


def fraction_need() -> NeedDoc:
    """A Finnish grade 3–4 class in Espoo that wants a fractions game for twelve weeks."""
    return NeedDoc(
        id=10,
        title="Murtoluvut pelillisesti",
        description="Etsimme peliä, jolla kolmas- ja neljäsluokkalaiset harjoittelevat murtolukuja.",
        subjects=frozenset({"mathematics"}),
        levels=frozenset({"grade_3", "grade_4"}),
        language="fi",
        starts_on=date(2026, 9, 7),
        ends_on=date(2026, 11, 29),
        municipality="espoo",
        accepts_remote=True,
    )


def fraction_proposals() -> list[ProposalDoc]:
    """The right product, and decoys with the wrong language, ages, dates, place or status."""
    good = ProposalDoc(
        id=1,
        title="Murtolukumestari – matematiikkapeli",
        summary="Pelillinen murtolukujen harjoittelu.",
        description="Oppilaat vertailevat murtolukuja pelissä. Sopii 3.–6. luokille.",
        subjects=frozenset({"mathematics"}),
        levels=frozenset({"grade_3", "grade_4", "grade_5", "grade_6"}),
        languages=frozenset({"fi"}),
        starts_on=date(2026, 8, 17),
        ends_on=date(2026, 10, 30),
        delivery="remote",
        municipalities=frozenset(),
        capacity_left=2,
    )
    return [
        good,
        dataclasses.replace(good, id=2, languages=frozenset({"sv"}), title="Bråkspelet"),
        dataclasses.replace(good, id=3, levels=frozenset({"grade_8", "grade_9"})),
        dataclasses.replace(good, id=4, starts_on=date(2027, 1, 11), ends_on=date(2027, 5, 28)),
        dataclasses.replace(good, id=5, delivery="onsite", municipalities=frozenset({"tampere"})),
        dataclasses.replace(good, id=6, published=False),
        dataclasses.replace(good, id=7, capacity_left=0),
        dataclasses.replace(
            good,
            id=8,
            title="Rytmiraketti",
            summary="Rytmipeli musiikin tunneille.",
            description="Oppilaat taputtavat rytmejä.",
            subjects=frozenset({"music"}),
        ),
    ]


def test_decoys_breaking_a_hard_constraint_are_never_returned():
    matches = ProposalIndex.build(fraction_proposals()).rank_need(fraction_need())
    assert [m.proposal_id for m in matches] == [1, 8]
    assert matches[0].score > matches[1].score


def test_reasons_name_language_subjects_levels_text_weeks_and_delivery():
    match = ProposalIndex.build(fraction_proposals()).rank_need(fraction_need())[0]
    reasons = {r.kind: r for r in match.reasons}
    assert [r.kind for r in match.reasons] == ["language", "subjects", "levels", "text", "weeks", "delivery"]
    assert reasons["language"].get("language") == "fi"
    assert reasons["subjects"].get("subjects") == ("mathematics",)
    assert reasons["levels"].get("levels") == ("grade_3", "grade_4")
    # Both "murtoluvut" and "murtolukuja" are the lemma murtoluku: the need's most frequent form shows.
    assert "murtoluvut" in reasons["text"].get("terms")
    assert set(reasons["text"].get("terms")) <= set(words(f"{fraction_need().title} {fraction_need().description}"))
    # 7 Sep – 30 Oct is 54 days of the need's 84.
    assert reasons["weeks"].as_dict() == {"kind": "weeks", "params": {"covered": 8, "total": 12}}
    assert reasons["delivery"].get("delivery") == "remote"


def test_reasons_for_one_pair_equal_the_ranked_ones():
    proposals = fraction_proposals()
    index = ProposalIndex.build(proposals)
    match = index.rank_need(fraction_need())[0]
    assert reasons_for(fraction_need(), proposals[0], index) == match.reasons


def test_ranking_both_ways_and_in_bulk_agree():
    proposals = fraction_proposals()
    index = ProposalIndex.build(proposals)
    need = fraction_need()
    forward = index.rank_need(need)
    assert score_all([need], index)[need.id] == forward
    backward = rank_proposal(proposals[0], [need], proposal_index=index)
    assert backward[0].score == pytest.approx(forward[0].score)
    assert backward[0].reasons == forward[0].reasons


def test_limit_and_ties_by_id():
    base = fraction_proposals()[0]
    twins = [dataclasses.replace(base, id=i) for i in (30, 10, 20)]
    matches = ProposalIndex.build(twins).rank_need(fraction_need(), limit=2)
    assert [m.proposal_id for m in matches] == [10, 20]
    assert matches[0].score == matches[1].score


def test_a_narrower_level_range_and_longer_coverage_score_higher():
    base = fraction_proposals()[0]
    wide = dataclasses.replace(base, id=2, levels=frozenset({f"grade_{i}" for i in range(1, 10)}))
    long = dataclasses.replace(base, id=3, ends_on=date(2026, 12, 18))
    scores = {m.proposal_id: m.score for m in ProposalIndex.build([base, wide, long]).rank_need(fraction_need())}
    assert scores[1] > scores[2]
    assert scores[3] > scores[1]


def test_hybrid_proposals_reach_local_needs_that_refuse_remote():
    base = fraction_proposals()[0]
    hybrid = dataclasses.replace(base, delivery="hybrid", municipalities=frozenset({"espoo"}))
    need = dataclasses.replace(fraction_need(), accepts_remote=False)
    assert is_feasible(need, hybrid)
    assert not is_feasible(dataclasses.replace(need, municipality="vantaa"), hybrid)
    assert not is_feasible(need, base)
    match = ProposalIndex.build([hybrid]).rank_need(need)[0]
    assert match.reasons[-1] == Reason.of("delivery", delivery="hybrid", municipality="espoo")


def test_weights_must_sum_to_one():
    with pytest.raises(ValueError):
        Weights(text=0.5, subjects=0.5, levels=0.5, time=0.5)
    with pytest.raises(ValueError):
        Weights(subject_breadth=2)


def test_empty_index_returns_nothing():
    assert ProposalIndex.build([]).rank_need(fraction_need()) == []
    assert score_all([], ProposalIndex.build(fraction_proposals())) == {}


def test_evaluation_set_meets_its_targets():
    from benchmarks.matching_quality import TARGET_NDCG5, TARGET_P3, evaluate

    result = evaluate()
    assert result["infeasible"] == 0
    assert result["ndcg5"] >= TARGET_NDCG5
    assert result["p3"] >= TARGET_P3


def test_a_proposal_outside_the_index_is_ranked_and_explained_in_its_text_space():
    proposals = fraction_proposals()
    index = ProposalIndex.build(proposals[1:])
    needs = NeedIndex.build([fraction_need()], index)
    matches = needs.rank_proposal(proposals[0])
    assert [m.need_id for m in matches] == [10]
    assert matches[0].reasons == reasons_for(fraction_need(), proposals[0], index)
