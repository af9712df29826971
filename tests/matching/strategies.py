"""Hypothesis strategies for the matching engine: small worlds where constraints bite often."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from kyky.matching.engine import LEVELS, NeedDoc, ProposalDoc

SUBJECTS = ("mathematics", "music", "crafts", "wellbeing", "sustainability", "special_support")
MUNICIPALITIES = ("espoo", "vantaa", "helsinki")
WORDS = tuple(
    str.split(
        "murtoluvut murtolukujen matematiikkapeli peli pelit lukeminen lukemisen robotti robotit ohjelmointi "
        "bråk spelet läsning robotar programmering fractions game games reading robots coding music laulu"
    )
)
BASE = date(2026, 8, 11)

texts = st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join)
level_sets = st.frozensets(st.sampled_from(LEVELS[:6]), min_size=1, max_size=3)


@st.composite
def windows(draw: st.DrawFn) -> tuple[date, date]:
    """Short windows in a small range, so overlaps fall on both sides of 21 days."""
    start = BASE + timedelta(days=draw(st.integers(0, 60)))
    return start, start + timedelta(days=draw(st.integers(0, 60)))


@st.composite
def proposals(draw: st.DrawFn, pid: int | None = None) -> ProposalDoc:
    """One proposal; ``pid`` fixes its id."""
    start, end = draw(windows())
    return ProposalDoc(
        id=pid if pid is not None else draw(st.integers(1, 10_000)),
        title=draw(texts),
        summary=draw(texts),
        description=draw(texts),
        subjects=draw(st.frozensets(st.sampled_from(SUBJECTS), max_size=3)),
        levels=draw(level_sets),
        languages=draw(st.frozensets(st.sampled_from(("fi", "sv", "en")), min_size=1, max_size=2)),
        starts_on=start,
        ends_on=end,
        delivery=draw(st.sampled_from(("onsite", "remote", "hybrid"))),
        municipalities=draw(st.frozensets(st.sampled_from(MUNICIPALITIES), max_size=2)),
        capacity_left=draw(st.integers(0, 3)),
        published=draw(st.booleans()),
    )


@st.composite
def needs(draw: st.DrawFn, nid: int | None = None) -> NeedDoc:
    """One need; ``nid`` fixes its id."""
    start, end = draw(windows())
    return NeedDoc(
        id=nid if nid is not None else draw(st.integers(1, 10_000)),
        title=draw(texts),
        description=draw(texts),
        subjects=draw(st.frozensets(st.sampled_from(SUBJECTS), max_size=3)),
        levels=draw(level_sets),
        language=draw(st.sampled_from(("fi", "sv", "en"))),
        starts_on=start,
        ends_on=end,
        municipality=draw(st.sampled_from(MUNICIPALITIES)),
        accepts_remote=draw(st.booleans()),
    )


@st.composite
def worlds(draw: st.DrawFn, max_proposals: int = 8, max_needs: int = 4) -> tuple[list[ProposalDoc], list[NeedDoc]]:
    """Proposals and needs with distinct ids."""
    n_p = draw(st.integers(1, max_proposals))
    n_n = draw(st.integers(1, max_needs))
    pids = draw(st.lists(st.integers(1, 500), min_size=n_p, max_size=n_p, unique=True))
    nids = draw(st.lists(st.integers(1, 500), min_size=n_n, max_size=n_n, unique=True))
    return [draw(proposals(pid=i)) for i in pids], [draw(needs(nid=i)) for i in nids]
