"""What the engine understands of a teacher's need: word forms, other languages, and what an offer is for."""

from __future__ import annotations

import dataclasses

from kyky.matching.engine import DEFAULT_WEIGHTS, ProposalIndex, purpose_text
from kyky.matching.text import words
from tests.matching.test_engine import fraction_need, fraction_proposals

GAME = fraction_proposals()[0]


def offer(id: int, title: str, summary: str, description: str, **changes):
    return dataclasses.replace(GAME, id=id, title=title, summary=summary, description=description, **changes)


def terms(match) -> tuple[str, ...]:
    return next(r.get("terms") for r in match.reasons if r.kind == "text")


def ranked(proposals, need=None, **build) -> list[int]:
    return [m.proposal_id for m in ProposalIndex.build(proposals, **build).rank_need(need or fraction_need())]


def test_reasons_show_the_needs_own_words_not_stems():
    need = dataclasses.replace(
        fraction_need(), description="Oppilaat harjoittelevat äänteiden yhdistämistä ja murtolukujen vertailua."
    )
    match = ProposalIndex.build([GAME]).rank_need(need)[0]
    shown = terms(match)
    assert "murtoluvut" in shown  # the need's most frequent form of murtoluku, not "murtoluku" or "murtolu"
    assert set(shown) <= set(words(f"{need.title} {need.description}"))


def test_an_offer_in_another_language_connects_through_the_needs_words():
    swedish = offer(
        2,
        "Bråkverkstaden",
        "Eleverna jämför bråktal och övar bråk med spel.",
        "Materialet leder från delar av en helhet till räkning med bråk.",
        languages=frozenset({"sv", "fi"}),
    )
    music = offer(
        3, "Rytmiraketti", "Rytmipeli musiikin tunneille.", "Oppilaat taputtavat rytmejä.", subjects=GAME.subjects
    )
    matches = ProposalIndex.build([swedish, music]).rank_need(fraction_need())
    assert [m.proposal_id for m in matches] == [2, 3]
    assert "murtoluvut" in terms(matches[0])  # shown in the teacher's Finnish, though the offer is Swedish


def test_the_offers_purpose_counts_more_than_words_deep_in_its_description():
    # Same words overall; only one says in its title and summary that it is a fractions game.
    built_for_it = offer(
        2,
        "Murtolukupeli",
        "Peli, jossa oppilaat harjoittelevat murtolukuja.",
        "Tehtäväpankki sisältää myös kertolaskuja ja geometriaa. Koko alakoulun matematiikka.",
    )
    mentions_it = offer(
        3,
        "Matematiikan tehtäväpankki",
        "Tehtäväpankki sisältää kertolaskuja ja geometriaa.",
        "Koko alakoulun matematiikka. Mukana myös peli, jossa oppilaat harjoittelevat murtolukuja.",
    )
    assert ranked([built_for_it, mentions_it]) == [2, 3]
    index = ProposalIndex.build([built_for_it, mentions_it])
    scores = {m.proposal_id: m.score for m in index.rank_need(fraction_need())}
    flat = ProposalIndex.build(
        [built_for_it, mentions_it], weights=dataclasses.replace(DEFAULT_WEIGHTS, text_purpose=0.0)
    )
    flat_scores = {m.proposal_id: m.score for m in flat.rank_need(fraction_need())}
    assert scores[2] - scores[3] > flat_scores[2] - flat_scores[3]


def test_purpose_is_title_summary_and_first_sentence():
    text = purpose_text(offer(2, "Peli", "Lyhyesti.", "Ensimmäinen lause. Toinen lause."))
    assert text == "Peli\nLyhyesti.\nEnsimmäinen lause."


def test_an_offer_for_another_purpose_ranks_below_one_for_the_problem():
    timetable = offer(
        2,
        "Lukkari – lukujärjestykset matematiikan opettajille",
        "Suunnittele murtolukujen jakson tunnit ja tilat lukujärjestykseen.",
        "Myös pelillinen murtolukujen harjoittelu näkyy lukujärjestyksessä.",
    )
    parents = offer(
        3,
        "Kotiviesti huoltajille",
        "Kerro huoltajille, miten murtolukujen peli etenee.",
        "Viestit kotiin murtoluvuista.",
    )
    scores = {
        m.proposal_id: m.score for m in ProposalIndex.build([timetable, parents, GAME]).rank_need(fraction_need())
    }
    lenient = ProposalIndex.build(
        [timetable, parents, GAME], weights=dataclasses.replace(DEFAULT_WEIGHTS, purpose_mismatch=0.0)
    )
    lenient_scores = {m.proposal_id: m.score for m in lenient.rank_need(fraction_need())}
    assert max(scores, key=scores.__getitem__) == 1
    # Both decoys lose the mismatch penalty's worth; the game loses nothing.
    for decoy in (2, 3):
        assert lenient_scores[decoy] - scores[decoy] > 0.15
    assert lenient_scores[1] == scores[1]
    # A need that asks for it gets it first.
    need = dataclasses.replace(
        fraction_need(),
        title="Lukujärjestys murtolukujen jaksolle",
        description="Etsimme työkalua, jolla suunnittelemme murtolukujen jakson lukujärjestyksen.",
    )
    assert ranked([timetable, parents, GAME], need)[0] == 2


def test_without_morphology_or_concepts_the_engine_still_ranks():
    assert ranked(fraction_proposals(), morphology=False) == [1, 8]
    assert ranked(fraction_proposals(), concept_weight=0.0) == [1, 8]
