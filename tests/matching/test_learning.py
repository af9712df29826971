"""Learning from "not a fit": a municipality whose teachers keep hiding one kind of decoy gets weights
under which those decoys rank lower, for its own needs only (a simulation, then the real path)."""

from __future__ import annotations

import io
from datetime import timedelta

import numpy as np
import pytest
from django.core.management import call_command

from kyky.core.versions import read_versions
from kyky.matching import indexes
from kyky.matching.engine import (
    DEFAULT_WEIGHTS,
    TUNED_FIELDS,
    NeedDoc,
    ProposalDoc,
    ProposalIndex,
    pair_parts,
    parts_vector,
    score_all,
)
from kyky.matching.learning import learn_weights
from kyky.matching.models import HiddenMatch, LearnedWeights
from kyky.matching.selectors import need_matches
from kyky.matching.tuning import MAX_SHIFT, MIN_HIDDEN, fit_weights
from kyky.pilots.models import Application
from tests.factories import CompanyFactory, NeedFactory, OrganisationFactory, ProposalFactory, spring

# Six topics, each with a subject code, the words a teacher uses, and an offer built for it.
TOPICS = {
    "fractions": ("mathematics", "murtoluvut murtolukujen vertailu piirakkamallit", "Murtolukupeli",
                  "Peli, jossa oppilaat vertailevat murtolukuja piirakkamallien avulla."),
    "reading": ("mother_tongue", "lukeminen lukusujuvuus tavut äänteet", "Lukusujuvuuden harjoitussovellus",
                "Sovellus harjoittaa tavuja, äänteitä ja lukusujuvuutta."),
    "coding": ("digital_competence", "ohjelmointi robotit algoritmit koodaus", "Robottiohjelmointi",
               "Oppilaat ohjelmoivat robotteja ja oppivat algoritmeja."),
    "climate": ("sustainability", "ilmastonmuutos kierrätys energia luonto", "Ilmastokasvatuksen tehtäväpaketti",
                "Tehtäviä ilmastonmuutoksesta, energiasta ja kierrätyksestä."),
    "music": ("music", "laulaminen rytmi soittaminen kuoro", "Rytmisovellus musiikkiin",
              "Sovellus harjoittaa rytmiä, soittamista ja laulamista."),
    "wellbeing": ("wellbeing", "tunnetaidot kiusaaminen kaveritaidot rentoutuminen", "Tunnetaitojen oppitunnit",
                  "Oppitunteja tunnetaidoista, kaveritaidoista ja kiusaamisen ehkäisystä."),
}  # fmt: skip
NAMES = list(TOPICS)


def _need_text(topic: str) -> dict:
    _, words, _, _ = TOPICS[topic]
    return {"title": f"Tarvitsemme apua: {words.split()[0]}", "description": f"Ryhmämme haluaa harjoitella: {words}."}


def _fit_text(topic: str) -> dict:
    """Built for the topic, but broad: two more subjects, grades 3–6 and ten weeks of the term."""
    subject, _, title, summary = TOPICS[topic]
    extra = {TOPICS[NAMES[(NAMES.index(topic) + k) % 6]][0] for k in (1, 2)}
    return {"title": title, "summary": summary, "description": f"{summary} Sopii alakouluun.",
            "subjects": {subject, *extra}, "levels": {"grade_3", "grade_4", "grade_5", "grade_6"}, "weeks": 10}  # fmt: skip


def _decoy_text(topic: str) -> dict:
    """The decoy the teachers hide: a general platform with exactly the need's codes and the whole
    term, whose text is about another topic and only name-drops two of the need's words."""
    subject, words, _, _ = TOPICS[topic]
    _, _, other_title, other_summary = TOPICS[NAMES[(NAMES.index(topic) + 3) % 6]]
    return {"title": f"Koulun yleisalusta: {other_title}", "summary": other_summary,
            "description": f"{other_summary} Alustalla on myös {words.split()[0]} ja {words.split()[1]}.",
            "subjects": {subject}, "levels": {"grade_4"}, "weeks": None}  # fmt: skip


def _docs(municipalities: list[str]) -> tuple[list[NeedDoc], list[ProposalDoc], dict[int, tuple[int, int]]]:
    """One need per (municipality, topic, copy), each with its own fit and decoy: need id → (fit, decoy)."""
    term = spring()
    start, end = term.first_monday, term.last_friday
    needs, proposals, own = [], [], {}
    for k in range(len(municipalities)):
        topic = NAMES[k % 6]
        text = _need_text(topic)
        needs.append(NeedDoc(k + 1, text["title"], text["description"], frozenset({TOPICS[topic][0]}),
                             frozenset({"grade_4"}), "fi", start, end, municipalities[k], True))  # fmt: skip
        for offset, spec in ((1000, _fit_text(topic)), (2000, _decoy_text(topic))):
            ends = start + timedelta(weeks=spec["weeks"]) if spec["weeks"] else end
            proposals.append(ProposalDoc(offset + k, spec["title"], spec["summary"], spec["description"],
                                         frozenset(spec["subjects"]), frozenset(spec["levels"]), frozenset({"fi"}),
                                         start, ends, "remote", frozenset(), 5))  # fmt: skip
        own[k + 1] = (1000 + k, 2000 + k)
    return needs, proposals, own


def _decoy_first(index: ProposalIndex, needs, own) -> list[int]:
    """Needs whose own decoy ranks above their own fit."""
    ranked = score_all(needs, index, top_k=len(index))
    out = []
    for need in needs:
        order = [m.proposal_id for m in ranked[need.id]]
        fit, decoy = own[need.id]
        if order.index(decoy) < order.index(fit):
            out.append(need.id)
    return out


def test_pair_parts_reproduce_the_engines_scores():
    needs, proposals, _ = _docs(["espoo"] * 12)
    index = ProposalIndex.build(proposals)
    ranked = score_all(needs, index, top_k=5)
    at = {p.id: i for i, p in enumerate(proposals)}
    pairs = [(n, at[m.proposal_id]) for n, need in enumerate(needs) for m in ranked[need.id]]
    scores = [m.score for need in needs for m in ranked[need.id]]
    predicted = np.clip(pair_parts(needs, proposals, pairs, index) @ parts_vector(index.weights), 1e-6, 1)
    assert np.allclose(predicted, scores, atol=1e-5)


def test_simulation_hidden_decoys_rank_lower_in_that_municipality_and_nowhere_else():
    # 30 Espoo needs and 30 Vantaa needs, alike; with the defaults a third of them see the decoy first.
    needs, proposals, own = _docs(["espoo"] * 30 + ["vantaa"] * 30)
    index = ProposalIndex.build(proposals)
    before = _decoy_first(index, needs, own)
    espoo_before = [n for n in before if n <= 30]
    assert len(espoo_before) >= 8 and len(before) - len(espoo_before) >= 8
    # Teachers of the first 20 Espoo needs hide their decoy and apply to their fit.
    at = {p.id: i for i, p in enumerate(proposals)}
    training = needs[:20]
    preferred = pair_parts(needs, proposals, [(n, at[own[need.id][0]]) for n, need in enumerate(training)], index)
    hidden = pair_parts(needs, proposals, [(n, at[own[need.id][1]]) for n, need in enumerate(training)], index)
    fit = fit_weights(preferred, hidden, index.weights)
    assert fit is not None and fit.agreement_after > fit.agreement_before
    assert fit.weights.text > DEFAULT_WEIGHTS.text  # the decoys win on codes and dates, the fits on text

    after = _decoy_first(index.with_local_weights({"espoo": fit.weights}), needs, own)
    # Espoo's other ten needs, never answered, now see their fit first; Vantaa's ranking is untouched.
    assert [n for n in espoo_before if n > 20] and not [n for n in after if 20 < n <= 30]
    assert [n for n in after if n > 30] == [n for n in before if n > 30]


def test_learned_weights_stay_near_the_defaults_however_one_sided_the_answers():
    rng = np.random.default_rng(7)
    preferred = np.c_[np.ones(200), np.zeros((200, 4))]  # only the text ever separates
    hidden = np.c_[np.zeros(200), rng.uniform(0.9, 1, (200, 3)), np.zeros(200)]
    learned = fit_weights(preferred, hidden, DEFAULT_WEIGHTS).weights
    for name in TUNED_FIELDS:
        assert abs(getattr(learned, name) - getattr(DEFAULT_WEIGHTS, name)) <= MAX_SHIFT + 1e-9
    assert learned.text == pytest.approx(DEFAULT_WEIGHTS.text + MAX_SHIFT)
    assert fit_weights(preferred[:5], hidden[:5], DEFAULT_WEIGHTS) is None  # too few answers: nothing learned


# The real path: answers in the database, the command, and the matches people see.


@pytest.fixture
def simulated(db):
    """Espoo and Vantaa schools with the simulation's needs, and every fit and decoy as a published offer."""
    espoo, vantaa = OrganisationFactory(name="Espoon koulu"), OrganisationFactory(name="Vantaan koulu")
    company = CompanyFactory(name="Oppimisyritys Oy")
    vantaa.municipality_id = "vantaa"
    vantaa.save()
    term = spring()
    rows: dict[str, list] = {"espoo": [], "vantaa": []}
    for municipality, school, count in (("espoo", espoo, MIN_HIDDEN + 4), ("vantaa", vantaa, 6)):
        for k in range(count):
            topic = NAMES[k % 6]
            need = NeedFactory(organisation=school, subjects=[TOPICS[topic][0]], levels=["grade_4"],
                               accepts_remote=True, **_need_text(topic))  # fmt: skip
            pair = []
            for spec in (_fit_text(topic), _decoy_text(topic)):
                ends = term.first_monday + timedelta(weeks=spec["weeks"]) if spec["weeks"] else term.last_friday
                pair.append(ProposalFactory(organisation=company, title=spec["title"], summary=spec["summary"],
                                            description=spec["description"], subjects=sorted(spec["subjects"]),
                                            levels=sorted(spec["levels"]), ends_on=ends, delivery="remote",
                                            municipalities=[]))  # fmt: skip
            rows[municipality].append((need, *pair))
    return rows


def _rank(teacher_school_need, fit, decoy):
    from kyky.accounts.models import User

    viewer = User.objects.filter(membership__organisation=teacher_school_need.organisation).first()
    ids = [m.proposal.pk for m in need_matches(actor=viewer, need=teacher_school_need, limit=50)]
    return ids.index(fit.pk), ids.index(decoy.pk)


def test_the_command_learns_espoos_weights_from_its_answers_and_every_process_uses_them(simulated):
    from tests.factories import MembershipFactory

    espoo, vantaa = simulated["espoo"], simulated["vantaa"]
    teacher = MembershipFactory(organisation=espoo[0][0].organisation, role="teacher").user
    MembershipFactory(organisation=vantaa[0][0].organisation, role="teacher")
    held_out = list(espoo[MIN_HIDDEN:])
    before = {row[0].pk: _rank(*row) for row in held_out + vantaa}
    assert any(d < f for f, d in before.values())  # the defaults put some decoys first
    for need, fit, decoy in espoo[:MIN_HIDDEN]:
        HiddenMatch.objects.create(organisation=need.organisation, need=need, proposal=decoy, hidden_by=teacher)
        Application.objects.create(proposal=fit, need=need, initiated_by="school", created_by=teacher)
    version = read_versions()["weights"]

    out = io.StringIO()
    call_command("learn_match_weights", stdout=out)
    assert out.getvalue().startswith("espoo: text 0.") and f"from {MIN_HIDDEN} hidden pairs" in out.getvalue()

    learned = LearnedWeights.objects.get(municipality_id="espoo")
    assert learned.hidden_pairs == MIN_HIDDEN and learned.text > DEFAULT_WEIGHTS.text
    assert learned.agreement_after > learned.agreement_before
    assert not LearnedWeights.objects.filter(municipality_id="vantaa").exists()
    assert read_versions()["weights"] != version  # every process swaps the weights in on its next request
    builds = indexes.process_cache().builds
    after = {row[0].pk: _rank(*row) for row in held_out + vantaa}
    assert indexes.process_cache().builds == builds  # the text index was kept, only the weights changed
    for need, _, _ in held_out:
        fit_rank, decoy_rank = after[need.pk]
        assert fit_rank < decoy_rank
    for need, _, _ in vantaa:
        assert after[need.pk] == before[need.pk]

    # Run again with nothing new: nothing is written and no process rebuilds anything.
    version = read_versions()["weights"]
    call_command("learn_match_weights")
    assert read_versions()["weights"] == version


def test_without_enough_answers_nothing_is_learned_and_old_weights_go(simulated):
    need, fit, decoy = simulated["espoo"][0]
    HiddenMatch.objects.create(organisation=need.organisation, need=need, proposal=decoy)
    LearnedWeights.objects.create(
        municipality_id="espoo", text=0.5, subjects=0.2, levels=0.15, time=0.15, purpose_mismatch=0.2,
        hidden_pairs=30, comparisons=30, agreement_before=0.5, agreement_after=0.9, learned_at=need.created_at,
    )  # fmt: skip
    outcomes = learn_weights()
    assert [(o.municipality, o.hidden_pairs, o.fit) for o in outcomes] == [("espoo", 1, None)]
    assert not LearnedWeights.objects.exists()
    assert indexes.proposal_index().local_weights == {}
