"""Matching engine: hard constraints, scores and reasons over plain dataclasses and numpy arrays.

No Django and no querysets here: callers turn rows into :class:`ProposalDoc` / :class:`NeedDoc` and
get :class:`Match` objects back. DESIGN §4 has the rules. Every feasible pair gets

    score = w_text·text + w_subjects·subjects + w_levels·levels + w_time·time      (weights sum to 1)

with each part in [0, 1]. The text part blends two cosines of the need's whole text (its problem:
title and description) with the proposal's: against its whole text, and against its purpose
(title, summary and the first sentence of the description, where a proposal says what it is for),
weighted ``w_text_full : w_text_purpose``. Decoys that share the need's words and subject codes but
serve another purpose (a timetable tool "also for the fractions unit") mention those words in the
body; a fit says them in its title and summary. The blend is linear in the need's vector, so one
sparse product against a precomputed blended matrix gives it.

One penalty is taken off: ``purpose_mismatch`` when the proposal's purpose text names a
non-teaching purpose (kyky/matching/glossary.py NON_TEACHING: timetabling, parents, staff workload,
leasing, assessment paperwork, platforms) that the need's text does not. It is folded into the
subject table, keyed by (subject mask, purpose mask), so it costs no extra pass. Scores are clipped
to [0, 1] on the way out.

Pairs that break a hard constraint get -inf inside and are never returned.
Scoring is vectorised: a need against all proposals (or a block of needs) is one sparse product for
the text and a few array operations; the other parts come from small tables over the distinct
level/language, subject, delivery and date-window combinations of the two sides, gathered by index.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from itertools import islice
from typing import Any, NamedTuple

import numpy as np
import scipy.sparse as sp

from kyky.matching.glossary import NON_TEACHING
from kyky.matching.text import CONCEPT_MARK, TextModel, TextQuery, gc_paused

# Codes (DESIGN §7). Levels are listed in rank order (ages ascending; upper secondary and vocational
# are parallel tracks after grade 9). The level part compares the sets: with overlap required, the
# shared share of the need's levels and the proposal's extra levels measure how close the ranges are.
LEVELS: tuple[str, ...] = (
    "ece",
    "pre_primary",
    "grade_1",
    "grade_2",
    "grade_3",
    "grade_4",
    "grade_5",
    "grade_6",
    "grade_7",
    "grade_8",
    "grade_9",
    "upper_secondary",
    "vocational",
)
SUBJECTS: tuple[str, ...] = (
    "mother_tongue",
    "second_national_language",
    "foreign_languages",
    "mathematics",
    "environmental_studies",
    "biology",
    "geography",
    "physics",
    "chemistry",
    "health_education",
    "history",
    "social_studies",
    "religion_ethics",
    "music",
    "visual_arts",
    "crafts",
    "physical_education",
    "home_economics",
    "guidance",
    "digital_competence",
    "wellbeing",
    "sustainability",
    "entrepreneurship",
    "multiliteracy",
    "special_support",
)
LANGUAGES: tuple[str, ...] = ("fi", "sv", "en")
DELIVERIES: tuple[str, ...] = ("onsite", "remote", "hybrid")
MIN_OVERLAP_DAYS = 21

_LEVEL_BIT = {code: 1 << i for i, code in enumerate(LEVELS)}
_LANGUAGE_BIT = {code: 1 << i for i, code in enumerate(LANGUAGES)}
_MAX_SUBJECT_CODES = 64


@dataclass(frozen=True)
class ProposalDoc:
    """A company's pilot proposal, as the engine sees it."""

    id: int
    title: str
    summary: str
    description: str
    subjects: frozenset[str]  # subject codes, DESIGN §7
    levels: frozenset[str]  # level codes
    languages: frozenset[str]  # fi, sv, en
    starts_on: date
    ends_on: date
    delivery: str  # "onsite" | "remote" | "hybrid"
    municipalities: frozenset[str]  # empty = anywhere
    capacity_left: int
    published: bool = True


@dataclass(frozen=True)
class NeedDoc:
    """A school's or day-care centre's learning need, as the engine sees it."""

    id: int
    title: str
    description: str
    subjects: frozenset[str]
    levels: frozenset[str]
    language: str
    starts_on: date
    ends_on: date
    municipality: str
    accepts_remote: bool


class Reason(NamedTuple):
    """Why a pair matches: a kind ("language", "subjects", "levels", "text", "weeks", "delivery") and its values.

    ``params`` is a tuple of (name, value) pairs with sequences stored as tuples, so reasons hash and
    compare by value; :meth:`get` and :meth:`as_dict` read it like a mapping. A named tuple, not a
    dataclass: score_all makes hundreds of thousands of them, and a tuple is made in C.
    """

    kind: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, kind: str, **params: Any) -> Reason:
        """Build a reason from keyword parameters."""
        frozen = tuple((k, tuple(v) if isinstance(v, list | tuple | set | frozenset) else v) for k, v in params.items())
        return cls(kind, frozen)

    def get(self, name: str, default: Any = None) -> Any:
        """One parameter by name."""
        return dict(self.params).get(name, default)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``{"kind": ..., "params": {...}}`` with lists for sequences."""
        return {"kind": self.kind, "params": {k: list(v) if isinstance(v, tuple) else v for k, v in self.params}}


class Match(NamedTuple):
    """A feasible need–proposal pair with its score in [0, 1] and its reasons (a named tuple, as Reason)."""

    need_id: int
    proposal_id: int
    score: float
    reasons: tuple[Reason, ...] = ()


# Build many from ready tuples without a Python call each: map(_new_match, zip(ids, ids, scores, reasons)).
_new_reason = partial(tuple.__new__, Reason)
_new_match = partial(tuple.__new__, Match)


@dataclass(frozen=True)
class Weights:
    """Weights of the score's parts (they sum to 1) and the shape of each part."""

    text: float = 0.40
    subjects: float = 0.30
    levels: float = 0.15
    time: float = 0.15
    # Cosine at which the text part is full: real pairs rarely exceed ~0.5 with TF-IDF.
    text_saturation: float = 0.5
    # Shares of the text part: the need against the proposal's whole text and against its purpose.
    text_full: float = 0.5
    text_purpose: float = 0.5
    # Taken off when the proposal's title or summary names a non-teaching purpose the need does not.
    purpose_mismatch: float = 0.2
    # How much each code the proposal has beyond the need's dilutes the subject / level part.
    subject_breadth: float = 0.25
    level_breadth: float = 0.25

    def __post_init__(self) -> None:
        total = self.text + self.subjects + self.levels + self.time
        if not math.isclose(total, 1.0, abs_tol=1e-9) or min(self.text, self.subjects, self.levels, self.time) < 0:
            raise ValueError("score weights must be non-negative and sum to 1")
        if not 0 <= self.subject_breadth <= 1 or not 0 <= self.level_breadth <= 1:
            # Above 1, adding a shared subject could lower the subject part.
            raise ValueError("breadth penalties must lie in [0, 1]")
        if self.text_saturation <= 0:
            raise ValueError("text_saturation must be positive")
        if not 0 <= self.purpose_mismatch <= 1:
            raise ValueError("purpose_mismatch must lie in [0, 1]")
        if min(self.text_full, self.text_purpose) < 0 or self.text_full + self.text_purpose <= 0:
            raise ValueError("text_full and text_purpose must be non-negative, not both zero")


DEFAULT_WEIGHTS = Weights()

#: The lowest score worth showing as a match or suggesting in a round. Levels and dates alone give a
#: pair up to 0.30, and a few common words some more: a stress-management need and an entrepreneurship
#: offer for the same grade score 0.32-0.37. On the labelled sets 0.40 keeps every excellent fit, 94 %
#: and 100 % of all fits, and drops 96 % and 90 % of the non-fits (benchmarks/matching_threshold.py).
MIN_FIT = 0.40
# What learning from "not a fit" may change (kyky/matching/tuning.py): the parts' weights and the penalty.
TUNED_FIELDS: tuple[str, ...] = ("text", "subjects", "levels", "time", "purpose_mismatch")


def tuned_weights(base: Weights, other: Weights) -> Weights:
    """``base`` with the tuned fields of ``other``: the rest (text blend, shapes) stays the base's."""
    return dataclasses.replace(base, **{name: getattr(other, name) for name in TUNED_FIELDS})


# --- Feasibility, one pair at a time (the reference the vectorised masks implement) -----------------


def overlap_days(a_start: date, a_end: date, b_start: date, b_end: date) -> int:
    """Days two inclusive date windows share (0 if none)."""
    return max(0, (min(a_end, b_end) - max(a_start, b_start)).days + 1)


def delivery_feasible(delivery: str, municipalities: Iterable[str], municipality: str, accepts_remote: bool) -> bool:
    """Whether a proposal delivered this way can serve a need in ``municipality`` (DESIGN §4)."""
    munis = frozenset(municipalities)
    served = not munis or municipality in munis
    if delivery == "onsite":
        return served
    if delivery == "remote":
        return accepts_remote
    if delivery == "hybrid":
        return accepts_remote or served
    return False


def is_feasible(need: NeedDoc, proposal: ProposalDoc) -> bool:
    """All hard constraints of DESIGN §4 for one pair."""
    return (
        proposal.published
        and proposal.capacity_left > 0
        and bool(need.levels & proposal.levels)
        and need.language in proposal.languages
        and overlap_days(need.starts_on, need.ends_on, proposal.starts_on, proposal.ends_on) >= MIN_OVERLAP_DAYS
        and delivery_feasible(proposal.delivery, proposal.municipalities, need.municipality, need.accepts_remote)
    )


# --- Array form of one side -------------------------------------------------------------------------


def _level_mask(levels: Iterable[str]) -> int:
    return sum(_LEVEL_BIT[c] for c in set(levels) if c in _LEVEL_BIT)


def _language_mask(languages: Iterable[str]) -> int:
    return sum(_LANGUAGE_BIT[c] for c in set(languages) if c in _LANGUAGE_BIT)


def _subject_registry(extra: Iterable[Iterable[str]], base: Mapping[str, int] | None = None) -> dict[str, int]:
    registry = dict(base) if base is not None else {code: i for i, code in enumerate(SUBJECTS)}
    for codes in extra:
        for code in sorted(codes):
            if code not in registry:
                registry[code] = len(registry)
    if len(registry) > _MAX_SUBJECT_CODES:
        raise ValueError(f"at most {_MAX_SUBJECT_CODES} distinct subject codes are supported")
    return registry


def _unique_inverse(keys: list[Any]) -> tuple[list[Any], np.ndarray]:
    """Distinct keys in first-seen order and each item's position among them."""
    position: dict[Any, int] = {}
    inverse = np.fromiter((position.setdefault(k, len(position)) for k in keys), dtype=np.int32, count=len(keys))
    return list(position), inverse


@dataclass(frozen=True)
class _Side:
    """One side's arrays, aligned with ``ids``, plus distinct keys for the categorical tables."""

    ids: np.ndarray  # int64
    window_starts: np.ndarray  # distinct (start, end) windows as ordinals, int64
    window_ends: np.ndarray
    window_inv: np.ndarray
    ll_keys: np.ndarray  # distinct (level mask | language mask << 16), int64
    ll_inv: np.ndarray
    subject_masks: np.ndarray  # distinct (subject mask, purpose mask) keys: subject masks, uint64
    subject_counts: np.ndarray  # and their set sizes (unknown codes count too), float64
    purpose_masks: np.ndarray  # and the non-teaching purposes the text names, int64
    subject_inv: np.ndarray
    delivery_keys: list[tuple[Any, ...]]  # distinct delivery keys; a proposal's carries whether it is active
    delivery_inv: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)


def _side(
    ids: Sequence[int],
    levels: Sequence[frozenset[str]],
    languages: Sequence[Iterable[str]],
    subjects: Sequence[frozenset[str]],
    starts: Sequence[date],
    ends: Sequence[date],
    delivery_keys: list[tuple[Any, ...]],
    registry: Mapping[str, int],
    purposes: Sequence[int] | None = None,
) -> _Side:
    ll_keys, ll_inv = _unique_inverse(
        [_level_mask(lv) | _language_mask(lg) << 16 for lv, lg in zip(levels, languages, strict=True)]
    )
    purposes = purposes if purposes is not None else [0] * len(subjects)
    subject_keys, subject_inv = _unique_inverse(
        [
            (sum(1 << registry[c] for c in s if c in registry), len(s), int(m))
            for s, m in zip(subjects, purposes, strict=True)
        ]
    )
    dkeys, dinv = _unique_inverse(delivery_keys)
    windows, window_inv = _unique_inverse([(s.toordinal(), e.toordinal()) for s, e in zip(starts, ends, strict=True)])
    return _Side(
        ids=np.asarray(ids, dtype=np.int64),
        window_starts=np.asarray([w[0] for w in windows], dtype=np.int64),
        window_ends=np.asarray([w[1] for w in windows], dtype=np.int64),
        window_inv=window_inv,
        ll_keys=np.asarray(ll_keys, dtype=np.int64),
        ll_inv=ll_inv,
        subject_masks=np.asarray([k[0] for k in subject_keys], dtype=np.uint64),
        subject_counts=np.asarray([k[1] for k in subject_keys], dtype=np.float64),
        purpose_masks=np.asarray([k[2] for k in subject_keys], dtype=np.int64),
        subject_inv=subject_inv,
        delivery_keys=dkeys,
        delivery_inv=dinv,
    )


def _proposal_side(
    proposals: Sequence[ProposalDoc], registry: Mapping[str, int], purposes: Sequence[int] | None = None
) -> _Side:
    return _side(
        [p.id for p in proposals],
        [p.levels for p in proposals],
        [p.languages for p in proposals],
        [p.subjects for p in proposals],
        [p.starts_on for p in proposals],
        [p.ends_on for p in proposals],
        [(p.delivery, p.municipalities, p.published and p.capacity_left > 0) for p in proposals],
        registry,
        purposes,
    )


def _need_side(needs: Sequence[NeedDoc], registry: Mapping[str, int], purposes: Sequence[int] | None = None) -> _Side:
    return _side(
        [n.id for n in needs],
        [n.levels for n in needs],
        [(n.language,) for n in needs],
        [n.subjects for n in needs],
        [n.starts_on for n in needs],
        [n.ends_on for n in needs],
        [(n.municipality, n.accepts_remote) for n in needs],
        registry,
        purposes,
    )


def _popcount(a: np.ndarray) -> np.ndarray:
    return np.bitwise_count(a).astype(np.float64)


def _part(shared: np.ndarray, own: np.ndarray, other: np.ndarray, breadth: float) -> np.ndarray:
    """shared / (own + breadth·(other − shared)): full when the other side covers exactly ``own``.

    With breadth ≤ 1, adding a code to both sides never lowers it: the numerator grows by one and the
    denominator by at most one, and shared ≤ denominator.
    """
    denominator = own + breadth * (other - shared)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, shared / np.where(denominator > 0, denominator, 1), 0.0)


@dataclass(frozen=True)
class _Tables:
    """Weighted parts over distinct key combinations: rows are need keys, columns proposal keys."""

    levels: np.ndarray  # w_levels·fit, or -inf without shared level or language
    subjects: np.ndarray  # w_subjects·fit
    delivery: np.ndarray  # 0, or -inf when the delivery is infeasible or the proposal inactive


def _tables(needs: _Side, proposals: _Side, w: Weights) -> _Tables:
    nk, pk = needs.ll_keys[:, None], proposals.ll_keys[None, :]
    nl, pl = nk & 0xFFFF, pk & 0xFFFF
    shared = _popcount(nl & pl)
    fit = _part(shared, _popcount(nl), _popcount(pl), w.level_breadth)
    ok = (shared > 0) & (((nk >> 16) & (pk >> 16)) != 0)
    levels = np.where(ok, w.levels * fit, -np.inf).astype(np.float32)

    ns, ps = needs.subject_masks[:, None], proposals.subject_masks[None, :]
    s_shared = _popcount(ns & ps)
    subjects = w.subjects * _part(
        s_shared, needs.subject_counts[:, None], proposals.subject_counts[None, :], w.subject_breadth
    )
    # A proposal for a purpose the need does not name (a timetable tool, messages to parents) loses this.
    unasked = (proposals.purpose_masks[None, :] & ~needs.purpose_masks[:, None]) != 0
    subjects = (subjects - w.purpose_mismatch * unasked).astype(np.float32)

    return _Tables(levels, subjects, _delivery_table(needs.delivery_keys, proposals.delivery_keys))


def _delivery_table(need_keys: list[tuple[Any, ...]], proposal_keys: list[tuple[Any, ...]]) -> np.ndarray:
    """0 where a (municipality, accepts remote) need key can take a proposal key, else -inf.

    The array form of :func:`delivery_feasible` (the property tests hold the two together), plus the
    proposal's own state: published with capacity left.
    """
    munis = sorted({m for m, _ in need_keys})
    modes = _delivery_modes(tuple(proposal_keys))
    served = np.zeros((len(munis), len(proposal_keys)), dtype=bool)
    for i, m in enumerate(munis):
        served[i] = [m in pm for pm in modes.municipalities]
    at = {m: i for i, m in enumerate(munis)}
    need_muni = np.array([at[m] for m, _ in need_keys], dtype=np.int64)
    need_remote = np.array([r for _, r in need_keys], dtype=bool)[:, None]

    local = modes.anywhere[None, :] | served[need_muni]
    onsite, remote, hybrid = modes.onsite[None, :], modes.remote[None, :], modes.hybrid[None, :]
    ok = modes.active[None, :] & ((onsite & local) | (remote & need_remote) | (hybrid & (local | need_remote)))
    return np.where(ok, 0.0, -np.inf).astype(np.float32).reshape(len(need_keys), len(proposal_keys))


@dataclass(frozen=True)
class _DeliveryModes:
    """The proposal side of :func:`_delivery_table`, per distinct proposal delivery key."""

    municipalities: tuple[frozenset[str], ...]
    anywhere: np.ndarray
    onsite: np.ndarray
    remote: np.ndarray
    hybrid: np.ndarray
    active: np.ndarray


@functools.lru_cache(maxsize=8)
def _delivery_modes(proposal_keys: tuple[tuple[Any, ...], ...]) -> _DeliveryModes:
    """Cached per index (its keys are hashable): ranking one need should not redo it."""
    mode = np.array([d for d, _, _ in proposal_keys], dtype=object)
    return _DeliveryModes(
        municipalities=tuple(frozenset(m) for _, m, _ in proposal_keys),
        anywhere=np.array([not m for _, m, _ in proposal_keys], dtype=bool),
        onsite=mode == "onsite",
        remote=mode == "remote",
        hybrid=mode == "hybrid",
        active=np.array([a for _, _, a in proposal_keys], dtype=bool),
    )


def _time_part(needs: _Side, rows: np.ndarray | slice, proposals: _Side, w: Weights) -> np.ndarray:
    """w_time·coverage of each need's window over its distinct proposal windows, -inf under 21 days.

    Built per block from the block's distinct need windows, so its size stays bounded however many
    distinct windows the two sides have.
    """
    keys, inverse = np.unique(needs.window_inv[rows], return_inverse=True)
    n_start, n_end = needs.window_starts[keys][:, None], needs.window_ends[keys][:, None]
    overlap = (
        np.minimum(n_end, proposals.window_ends[None, :]) - np.maximum(n_start, proposals.window_starts[None, :]) + 1
    )
    coverage = overlap / np.maximum(n_end - n_start + 1, 1)
    table = np.where(overlap >= MIN_OVERLAP_DAYS, w.time * coverage, -np.inf).astype(np.float32)
    return table[inverse.ravel()]


def _scores(
    tables: _Tables,
    needs: _Side,
    rows: np.ndarray | slice,
    proposals: _Side,
    cols: np.ndarray | slice,
    cosine: np.ndarray,
    w: Weights,
) -> np.ndarray:
    """Scores of needs[rows] × proposals[cols] (float32, -inf where infeasible); ``cosine`` is reused."""
    s = cosine
    s *= np.float32(w.text / w.text_saturation)
    np.minimum(s, np.float32(w.text), out=s)
    for table, need_keys, proposal_keys in (
        (tables.levels, needs.ll_inv, proposals.ll_inv),
        (tables.subjects, needs.subject_inv, proposals.subject_inv),
        (tables.delivery, needs.delivery_inv, proposals.delivery_inv),
    ):
        # np.take keeps C order; fancy indexing along axis 1 returns Fortran order, and adding that to
        # a C-ordered block is ten times slower.
        s += np.take(table[need_keys[rows]], proposal_keys[cols], axis=1)
    s += np.take(_time_part(needs, rows, proposals, w), proposals.window_inv[cols], axis=1)
    # Rounding can push a perfect pair a hair above 1.
    np.minimum(s, np.float32(1.0), out=s)
    return s


def _top_k(scores: np.ndarray, col_ids: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the columns of the k best finite scores, best first, ties by ascending id.

    Returns (row, col) index arrays in that order. The k-th largest of the maxima of column groups is
    a lower bound of each row's k-th best score, so only the few entries at or above it are sorted;
    every tie with the k-th value is among them, so ties are broken exactly.
    """
    n_rows, n_cols = scores.shape
    if n_rows == 0 or n_cols == 0 or k <= 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    group = 64
    n_groups = -(-n_cols // group)
    if n_groups > k:
        padded = scores
        if n_cols % group:
            padded = np.full((n_rows, n_groups * group), -np.inf, dtype=scores.dtype)
            padded[:, :n_cols] = scores
        maxima = padded.reshape(n_rows, n_groups, group).max(axis=2)
        bound = np.partition(maxima, n_groups - k, axis=1)[:, n_groups - k]
        candidate = (scores >= bound[:, None]) & np.isfinite(scores)
    else:
        candidate = np.isfinite(scores)
    rows, cols = np.nonzero(candidate)
    values = scores[rows, cols]
    order = np.lexsort((col_ids[cols], -values, rows))
    rows, cols = rows[order], cols[order]
    starts = np.searchsorted(rows, np.arange(n_rows))
    rank = np.arange(len(rows)) - starts[rows]
    keep = rank < k
    return rows[keep], cols[keep]


# --- Reasons ----------------------------------------------------------------------------------------


def _text_terms(
    need_vectors: sp.csr_matrix,
    need_rows: np.ndarray,
    proposal_vectors: sp.csr_matrix,
    proposal_rows: np.ndarray,
    need_surfaces: Sequence[Mapping[str, str]],
    model: TextModel,
    limit: int = 3,
) -> list[tuple[str, ...]]:
    """For each pair, the stems contributing most to its text cosine, as the need's own words."""
    if len(need_rows) == 0:
        return []
    width = model.n_stem_features
    # Slice the stem block before picking rows: the n-gram block is most of the non-zeros.
    need_words = need_vectors[:, :width] if need_vectors.shape[1] > width else need_vectors
    proposal_words = proposal_vectors[:, :width] if proposal_vectors.shape[1] > width else proposal_vectors
    product = need_words[need_rows].multiply(proposal_words[proposal_rows]).tocsr()
    product.eliminate_zeros()
    product.sort_indices()
    pair = np.repeat(np.arange(product.shape[0], dtype=np.int64), np.diff(product.indptr))
    # Within each pair, largest contribution first, ties by feature column: one stable sort of
    # (pair, inverted value bits). The products are positive float32, whose bit patterns as
    # integers order like the values; the sort keeps each row's ascending columns for ties.
    bits = product.data.astype(np.float32, copy=False).view(np.int32).astype(np.int64)
    order = np.argsort((pair << 31) | (np.int64(0x7FFFFFFF) - bits), kind="stable")
    pair, cols = pair[order], product.indices[order]
    rank = np.arange(len(pair)) - product.indptr[pair]
    # A compound and its part can both carry one word of the need ("matematiikkapeli" for
    # matematiikka and peli): take a few more and keep distinct words.
    keep = rank < 2 * limit
    pair, cols = pair[keep], cols[keep]
    stems = model.stem_list
    owner = need_rows[pair].tolist()
    flat = [need_surfaces[n].get(stems[c], stems[c]) for n, c in zip(owner, cols.tolist(), strict=True)]
    # Terms come grouped by pair, best first: cut the flat list by each pair's count.
    words = iter(flat)
    return [
        tuple(islice(dict.fromkeys(islice(words, k)), limit))
        for k in np.bincount(pair, minlength=len(need_rows)).tolist()
    ]


def _per_key(
    need_keys: np.ndarray, proposal_keys: np.ndarray, n_proposal_keys: int, make: Callable[[int], Any]
) -> np.ndarray:
    """One value per pair, computed once per distinct (need key, proposal key) by ``make(first pair)``."""
    combined = need_keys.astype(np.int64) * max(1, n_proposal_keys) + proposal_keys
    distinct, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
    values = np.empty(len(distinct), dtype=object)
    values[:] = [make(i) for i in first.tolist()]
    return values[inverse.ravel()]


def _reasons(
    needs: Sequence[NeedDoc],
    need_side: _Side,
    rows: np.ndarray,
    proposals: Sequence[ProposalDoc],
    proposal_side: _Side,
    cols: np.ndarray,
    terms: Sequence[tuple[str, ...]],
) -> list[tuple[Reason, ...]]:
    """Reasons for many pairs, in a fixed order: language, subjects, levels, text, weeks, delivery.

    Apart from the text, a reason depends only on the pair's level/language, subject, delivery and
    window keys, so each is built once per distinct key pair and shared (reasons are immutable):
    score_all returns hundreds of thousands of them.
    """
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    if len(rows) == 0:
        return []
    row_list, col_list = rows.tolist(), cols.tolist()

    def language(i: int) -> Reason:
        return Reason("language", (("language", needs[row_list[i]].language),))

    def subjects(i: int) -> Reason | None:
        common = needs[row_list[i]].subjects & proposals[col_list[i]].subjects
        return Reason("subjects", (("subjects", tuple(sorted(common))),)) if common else None

    def levels(i: int) -> Reason:
        common = needs[row_list[i]].levels & proposals[col_list[i]].levels
        return Reason("levels", (("levels", tuple(code for code in LEVELS if code in common)),))

    def delivery(i: int) -> Reason:
        need, proposal = needs[row_list[i]], proposals[col_list[i]]
        local = not proposal.municipalities or need.municipality in proposal.municipalities
        if proposal.delivery == "remote" or (proposal.delivery == "hybrid" and not local):
            return Reason("delivery", (("delivery", "remote"),))
        return Reason("delivery", (("delivery", proposal.delivery), ("municipality", need.municipality)))

    n_window, p_window = need_side.window_inv[rows], proposal_side.window_inv[cols]
    n_start, n_end = need_side.window_starts[n_window], need_side.window_ends[n_window]
    p_start, p_end = proposal_side.window_starts[p_window], proposal_side.window_ends[p_window]
    # np.round rounds half to even, like Python's round.
    covered = np.maximum(1, np.round((np.minimum(n_end, p_end) - np.maximum(n_start, p_start) + 1) / 7))
    total = np.maximum(1, np.round((n_end - n_start + 1) / 7))
    covered, total = covered.astype(np.int64), total.astype(np.int64)

    def weeks(i: int) -> Reason:
        return Reason("weeks", (("covered", int(covered[i])), ("total", int(total[i]))))

    n_ll, p_ll = need_side.ll_inv[rows], proposal_side.ll_inv[cols]
    columns = [
        _per_key(need_side.ll_keys[n_ll] >> 16, np.zeros_like(rows), 1, language),
        _per_key(
            need_side.subject_inv[rows], proposal_side.subject_inv[cols], len(proposal_side.subject_masks), subjects
        ),
        _per_key(n_ll, p_ll, len(proposal_side.ll_keys), levels),
        [_new_reason(("text", (("terms", t),))) if t else None for t in terms],
        _per_key(covered, total, int(total.max()) + 1, weeks),
        _per_key(
            need_side.delivery_inv[rows],
            proposal_side.delivery_inv[cols],
            len(proposal_side.delivery_keys),
            delivery,
        ),
    ]
    # Only the subjects and the text can be missing: zip every pair in C, then drop the gaps of the
    # pairs that have one (reasons are always truthy, so filter(None, ...) drops exactly those).
    no_text = ~np.fromiter(map(bool, terms), dtype=bool, count=len(terms))
    gaps = np.flatnonzero(np.equal(columns[1], None) | no_text)
    out = list(zip(*(c.tolist() if isinstance(c, np.ndarray) else c for c in columns), strict=True))
    for i in gaps.tolist():
        out[i] = tuple(filter(None, out[i]))
    return out


# --- Indexes ----------------------------------------------------------------------------------------


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")
_PURPOSE_CHARS = 300


def _purpose_and_rest(p: ProposalDoc) -> tuple[str, str]:
    first, *rest = _SENTENCE_END.split(p.description.strip(), maxsplit=1)
    if len(first) > _PURPOSE_CHARS:
        cut = first.rfind(" ", 0, _PURPOSE_CHARS) + 1 or _PURPOSE_CHARS
        first, rest = first[:cut], [first[cut:], *rest]
    return f"{p.title}\n{p.summary}\n{first}", " ".join(rest)


def purpose_text(p: ProposalDoc) -> str:
    """What the proposal is for: its title, summary and the first sentence of its description."""
    return _purpose_and_rest(p)[0]


def _proposal_text(p: ProposalDoc) -> str:
    """The purpose first (so its vector comes out of the same analysis), then the title again and the rest.

    The title says what the product is; counting it twice lifts it above the long description.
    """
    purpose, rest = _purpose_and_rest(p)
    return f"{purpose}\n{p.title}\n{rest}"


def _proposal_texts(proposals: Sequence[ProposalDoc]) -> dict[str, Any]:
    """Texts, languages and purpose lengths of proposals, as TextModel.fit and transform take them."""
    split = [_purpose_and_rest(p) for p in proposals]  # once: the sentence split is not free
    return {
        "texts": [f"{purpose}\n{p.title}\n{rest}" for p, (purpose, rest) in zip(proposals, split, strict=True)],
        "languages": [sorted(p.languages) for p in proposals],
        "head_chars": [len(purpose) + 1 for purpose, _ in split],
    }


def _purpose_masks(model: TextModel, matrix: sp.csr_matrix) -> list[int]:
    """Per row, a bit for each non-teaching purpose (glossary.NON_TEACHING) its text names."""
    found = [(1 << bit, model.vocabulary.get(CONCEPT_MARK + name)) for bit, name in enumerate(NON_TEACHING)]
    found = [(bit, col) for bit, col in found if col is not None]
    if not found or matrix.shape[0] == 0:
        return [0] * matrix.shape[0]
    present = matrix[:, [col for _, col in found]].toarray() > 0
    return (present @ np.array([bit for bit, _ in found], dtype=np.int64)).tolist()


def _proposal_vectors(
    model: TextModel, proposals: Sequence[ProposalDoc], w: Weights, full: TextQuery | None = None
) -> tuple[sp.csr_matrix, TextQuery, list[int]]:
    """The blended text vectors the score uses, the whole texts' vectors (for the reasons' terms),
    and the non-teaching purposes each proposal's purpose text names."""
    if full is None:
        full = model.transform(**_proposal_texts(proposals), surfaces=False)
    if full.matrix.shape[1] == 0 or full.heads is None:
        return full.matrix, full, [0] * len(proposals)
    purpose = full.heads
    masks = _purpose_masks(model, purpose)
    share = w.text_purpose / (w.text_full + w.text_purpose)
    if share == 0:
        return full.matrix, full, masks
    blended = (full.matrix * np.float32(1 - share) + purpose * np.float32(share)).tocsr()
    return blended.astype(np.float32), full, masks


def _need_text(n: NeedDoc) -> str:
    return f"{n.title}\n{n.title}\n{n.description}"


@dataclass
class ProposalIndex:
    """Proposals as arrays and TF-IDF vectors, ready to rank needs against all of them at once."""

    proposals: tuple[ProposalDoc, ...]  # sorted by id: ties are broken by position
    text: TextModel
    vectors: sp.csr_matrix  # whole texts and purposes blended (see the module docstring)
    vectors_t: sp.csr_matrix  # features × proposals, for fast one-need products
    word_vectors: sp.csr_matrix  # the whole texts' word-feature block alone, for the reasons' terms
    surfaces: tuple[dict[str, str], ...]
    side: _Side
    subject_registry: dict[str, int]
    purposes: tuple[int, ...] = ()  # per proposal, the non-teaching purposes it names
    weights: Weights = DEFAULT_WEIGHTS
    # Municipality → weights learned from its "not a fit" answers (kyky/matching/learning.py); a need
    # of that municipality is scored with them, every other need with ``weights``.
    local_weights: Mapping[str, Weights] = field(default_factory=dict)
    _position: dict[int, int] = field(default_factory=dict, repr=False)

    @classmethod
    @gc_paused()
    def build(
        cls, proposals: Sequence[ProposalDoc], *, weights: Weights = DEFAULT_WEIGHTS, **text_options: Any
    ) -> ProposalIndex:
        """Index proposals (any status: unpublished or full ones are kept but never matched).

        ``text_options`` go to :meth:`TextModel.fit` (the benchmark's ablation turns morphology or
        the glossary concepts off with them).
        """
        ordered = tuple(sorted(proposals, key=lambda p: p.id))
        model, query = TextModel.fit(**_proposal_texts(ordered), **text_options)
        vectors, _, purposes = _proposal_vectors(model, ordered, weights, query)
        registry = _subject_registry(p.subjects for p in ordered)
        return cls(
            proposals=ordered,
            text=model,
            vectors=vectors,
            vectors_t=vectors.T.tocsr(),
            word_vectors=query.matrix[:, : model.n_stem_features].tocsr(),
            surfaces=query.surfaces,
            side=_proposal_side(ordered, registry, purposes),
            purposes=tuple(purposes),
            subject_registry=registry,
            weights=weights,
            _position={p.id: i for i, p in enumerate(ordered)},
        )

    def __len__(self) -> int:
        return len(self.proposals)

    @gc_paused()
    def encode_needs(self, needs: Sequence[NeedDoc]) -> tuple[_Side, TextQuery]:
        """Needs as arrays and vectors in this index's feature space."""
        query = self.text.transform([_need_text(n) for n in needs], [[n.language] for n in needs])
        return _need_side(needs, self.subject_registry, _purpose_masks(self.text, query.matrix)), query

    def rank_need(self, need: NeedDoc, limit: int = 10) -> list[Match]:
        """The best feasible proposals for one need, best first (ties by proposal id)."""
        side, query = self.encode_needs([need])
        return _score_needs([need], side, query, self, limit, with_reasons=True, block_size=1, workers=1)[need.id]

    def position(self, proposal_id: int) -> int | None:
        """Row of a proposal in this index, or None."""
        return self._position.get(proposal_id)

    def with_local_weights(self, local: Mapping[str, Weights]) -> ProposalIndex:
        """This index (sharing its arrays) with these per-municipality weights instead of its own.

        Only the parts' weights and the purpose penalty may differ from the index's weights: the text
        blend and the shapes of the parts are baked into the vectors and the tables' arithmetic.
        """
        for municipality, w in local.items():
            if tuned_weights(self.weights, w) != w:
                raise ValueError(f"weights for {municipality} change more than the tuned fields {TUNED_FIELDS}")
        return dataclasses.replace(self, local_weights=dict(local))

    def weights_for(self, municipality: str) -> Weights:
        """The weights a need of this municipality is scored with."""
        return self.local_weights.get(municipality, self.weights)

    def _weight_groups(self, side: _Side) -> tuple[list[Weights], np.ndarray]:
        """Distinct weights of these needs (the index's own first) and each need's position among them."""
        groups = [self.weights]
        if not self.local_weights:
            return groups, np.zeros(len(side), dtype=np.int64)
        position = {self.weights: 0}
        by_key = [
            position.setdefault(self.weights_for(municipality), len(position))
            for municipality, _ in side.delivery_keys  # a need's delivery key starts with its municipality
        ]
        groups = list(position)
        return groups, np.asarray(by_key, dtype=np.int64)[side.delivery_inv]


@dataclass
class NeedIndex:
    """Needs as arrays and vectors in a proposal index's feature space, for ranking needs for a proposal."""

    needs: tuple[NeedDoc, ...]
    proposal_index: ProposalIndex
    vectors: sp.csr_matrix
    vectors_t: sp.csr_matrix
    surfaces: tuple[dict[str, str], ...]
    side: _Side
    subject_registry: dict[str, int]

    @classmethod
    @gc_paused()
    def build(cls, needs: Sequence[NeedDoc], proposal_index: ProposalIndex) -> NeedIndex:
        """Index needs in ``proposal_index``'s text space, so a pair scores the same from either side."""
        ordered = tuple(sorted(needs, key=lambda n: n.id))
        registry = _subject_registry((n.subjects for n in ordered), base=proposal_index.subject_registry)
        query = proposal_index.text.transform([_need_text(n) for n in ordered], [[n.language] for n in ordered])
        return cls(
            needs=ordered,
            proposal_index=proposal_index,
            vectors=query.matrix,
            vectors_t=query.matrix.T.tocsr(),
            surfaces=query.surfaces,
            side=_need_side(ordered, registry, _purpose_masks(proposal_index.text, query.matrix)),
            subject_registry=registry,
        )

    def __len__(self) -> int:
        return len(self.needs)

    def rank_proposal(self, proposal: ProposalDoc, limit: int = 10) -> list[Match]:
        """The best feasible needs for one proposal, best first (ties by need id)."""
        pindex = self.proposal_index
        w = pindex.weights
        position = pindex.position(proposal.id)
        if position is not None and pindex.proposals[position] == proposal:
            vector, words = pindex.vectors[position], pindex.word_vectors[position]
            purposes = [pindex.purposes[position]]
        else:
            vector, full, purposes = _proposal_vectors(pindex.text, [proposal], w)
            words = full.matrix
        pside = _proposal_side([proposal], self.subject_registry, purposes)
        cosine = (vector @ self.vectors_t).toarray().astype(np.float32).T  # needs × 1
        groups, group_of = pindex._weight_groups(self.side)
        if len(groups) == 1:
            scores = _scores(_tables(self.side, pside, w), self.side, slice(None), pside, slice(None), cosine, w)
        else:  # needs of municipalities with learned weights are scored with theirs
            scores = np.empty_like(cosine)
            for g, wg in enumerate(groups):
                rows = np.flatnonzero(group_of == g)
                scores[rows] = _scores(
                    _tables(self.side, pside, wg), self.side, rows, pside, slice(None), cosine[rows], wg
                )
        _, rows = _top_k(np.ascontiguousarray(scores.T), self.side.ids, limit)
        zeros = np.zeros(len(rows), dtype=np.int64)
        terms = _text_terms(self.vectors, rows, words, zeros, self.surfaces, pindex.text)
        reasons = _reasons(self.needs, self.side, rows, [proposal], pside, zeros, terms)
        return [
            Match(self.needs[r].id, proposal.id, _clip(scores[r, 0]), why)
            for r, why in zip(rows.tolist(), reasons, strict=True)
        ]


_MIN_SCORE = 1e-6


def _clip(value: float) -> float:
    return float(min(1.0, max(0.0, value)))


def _score_needs(
    needs: Sequence[NeedDoc],
    side: _Side,
    query: TextQuery,
    index: ProposalIndex,
    top_k: int,
    *,
    with_reasons: bool,
    block_size: int,
    workers: int,
) -> dict[int, list[Match]]:
    rows, cols, values = _top_pairs(side, query, index, top_k, block_size=block_size, workers=workers)
    candidates = Candidates(needs, index, rows, cols, values, side, query)
    out: dict[int, list[Match]] = {n.id: [] for n in needs}
    for match in candidates.matches(np.arange(len(rows)), with_reasons=with_reasons):
        out[match.need_id].append(match)
    return out


def _top_pairs(
    side: _Side, query: TextQuery, index: ProposalIndex, top_k: int, *, block_size: int = 1024, workers: int = 2
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Top-k proposals per need as (need row, proposal row, score) arrays, need by need, best first.

    Needs are taken in blocks of alike needs (sorted by levels, language and delivery), and each
    block is scored only against the proposals that at least one of its needs could take on those
    three hard constraints: most pairs fail one of them (on the speed benchmark 84% fail levels or
    language alone), so the text product, the score arrays and the top-k shrink with them. The other
    columns would only have held -inf, so the result is the same as scoring every column.
    """
    proposals = index.side
    n_needs = len(side)
    # Needs of a municipality with learned weights form their own group, scored with its tables.
    groups, group_of = index._weight_groups(side)
    tables = [_tables(side, proposals, w) for w in groups]
    # Stable: alike needs keep their order, so each block's rows stay sorted as given.
    order = np.lexsort((side.delivery_inv, side.ll_inv, group_of))
    static_ok = np.isfinite(tables[0].levels)[:, proposals.ll_inv]  # need ll key × proposal
    ends = np.searchsorted(group_of[order], np.arange(1, len(groups) + 1))
    starts = [
        (s, min(s + block_size, end), g)
        for g, end in enumerate(ends.tolist())
        for s in range(int(ends[g - 1]) if g else 0, end, block_size)
    ]

    def block(task: tuple[int, int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        start, stop, g = task
        w = groups[g]
        rows = order[start:stop]
        combos = np.unique(side.ll_inv[rows].astype(np.int64) * len(side.delivery_keys) + side.delivery_inv[rows])
        ll, dl = np.divmod(combos, len(side.delivery_keys))
        wanted = (static_ok[ll] & np.isfinite(tables[g].delivery[dl][:, proposals.delivery_inv])).any(axis=0)
        cols = np.flatnonzero(wanted)
        if len(rows) == n_needs and bool(np.all(rows[1:] > rows[:-1])):
            block_matrix = query.matrix  # one block of all the needs, in order (one need, say): no copy
        else:
            block_matrix = query.matrix[rows]
        if len(rows) >= _SUBSET_PRODUCT_ROWS:
            # Product against the wanted proposals only (their rows, transposed for the product).
            cosine = (block_matrix @ index.vectors[cols].T).toarray()
        else:  # one need or a few: the whole product is cheaper than cutting the matrix
            cosine = (block_matrix @ index.vectors_t).toarray()[:, cols]
        if cosine.dtype != np.float32:
            cosine = cosine.astype(np.float32)
        scores = _scores(tables[g], side, rows, proposals, cols, cosine, w)
        r, c = _top_k(scores, proposals.ids[cols], top_k)
        # The purpose penalty can take a feasible pair below zero; rounds take only positive edges,
        # and any feasible pair is better than none, so candidates keep a token positive score.
        return rows[r], cols[c], np.maximum(scores[r, c], np.float32(_MIN_SCORE))

    if workers > 1 and len(starts) > 1:
        # numpy and scipy's sparse products release the GIL, so threads use both cores.
        with ThreadPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(block, starts))
    else:
        parts = [block(s) for s in starts]
    if not parts:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
    rows, cols, values = (np.concatenate(x) for x in zip(*parts, strict=True))
    back = np.argsort(rows, kind="stable")  # need by need again; each need's best-first order is kept
    return rows[back], cols[back], values[back]


_SUBSET_PRODUCT_ROWS = 16


# --- Public functions -------------------------------------------------------------------------------


def rank_need(need: NeedDoc, index: ProposalIndex, limit: int = 10) -> list[Match]:
    """The best feasible proposals for ``need``, best first."""
    return index.rank_need(need, limit)


def rank_proposal(
    proposal: ProposalDoc,
    needs: NeedIndex | Sequence[NeedDoc],
    limit: int = 10,
    *,
    proposal_index: ProposalIndex | None = None,
) -> list[Match]:
    """The best feasible needs for ``proposal``, best first.

    Give a prebuilt :class:`NeedIndex`, or needs and (ideally) the proposal index whose text space
    to use; without one, an index of this proposal alone is built.
    """
    if not isinstance(needs, NeedIndex):
        needs = NeedIndex.build(needs, proposal_index or ProposalIndex.build([proposal]))
    return needs.rank_proposal(proposal, limit)


@gc_paused()
def score_all(
    needs: Sequence[NeedDoc],
    index: ProposalIndex,
    top_k: int = 10,
    *,
    with_reasons: bool = True,
    block_size: int = 512,
    workers: int = 2,
) -> dict[int, list[Match]]:
    """Top-k proposals for every need (need id → matches, best first), scored in blocks of needs."""
    side, query = index.encode_needs(needs)
    return _score_needs(
        needs, side, query, index, top_k, with_reasons=with_reasons, block_size=block_size, workers=workers
    )


@dataclass(frozen=True)
class Candidates:
    """Each need's best feasible proposals as parallel arrays, need by need, best first."""

    needs: Sequence[NeedDoc]
    index: ProposalIndex
    rows: np.ndarray  # position in ``needs``
    cols: np.ndarray  # position in ``index.proposals``
    scores: np.ndarray  # float32 in [0, 1]
    side: _Side = field(repr=False)  # the needs' arrays and vectors, kept for the reasons
    query: TextQuery = field(repr=False)

    def __len__(self) -> int:
        return len(self.rows)

    @gc_paused()
    def reasons(self, edges: np.ndarray | Sequence[int]) -> list[tuple[Reason, ...]]:
        """Reasons of the candidate edges at these positions."""
        edges = np.asarray(edges, dtype=np.int64)
        rows, cols = self.rows[edges], self.cols[edges]
        terms = _text_terms(
            self.query.matrix, rows, self.index.word_vectors, cols, self.query.surfaces, self.index.text
        )
        return _reasons(self.needs, self.side, rows, self.index.proposals, self.index.side, cols, terms)

    @gc_paused()
    def matches(self, edges: np.ndarray | Sequence[int], *, with_reasons: bool = True) -> list[Match]:
        """The candidate edges at these positions as matches."""
        edges = np.asarray(edges, dtype=np.int64)
        reasons = self.reasons(edges) if with_reasons else [()] * len(edges)
        need_ids = self.side.ids[self.rows[edges]].tolist()
        proposal_ids = self.index.side.ids[self.cols[edges]].tolist()
        scores = np.clip(self.scores[edges], 0.0, 1.0).tolist()
        return list(map(_new_match, zip(need_ids, proposal_ids, scores, reasons, strict=True)))


@gc_paused()
def candidate_pairs(
    needs: Sequence[NeedDoc], index: ProposalIndex, top_k: int, *, block_size: int = 512, workers: int = 2
) -> Candidates:
    """Top-k feasible candidates per need, as arrays (for rounds and other bulk work)."""
    side, query = index.encode_needs(needs)
    rows, cols, scores = _top_pairs(side, query, index, top_k, block_size=block_size, workers=workers)
    return Candidates(needs, index, rows, cols, scores, side, query)


@gc_paused()
def pair_reasons(
    needs: Sequence[NeedDoc], index: ProposalIndex, pairs: Sequence[tuple[int, int]]
) -> list[tuple[Reason, ...]]:
    """Reasons for chosen pairs given as (position in ``needs``, position in ``index``)."""
    if not pairs:
        return []
    involved = sorted({r for r, _ in pairs})
    local = {r: i for i, r in enumerate(involved)}
    subset = [needs[r] for r in involved]
    side, query = index.encode_needs(subset)
    rows = np.array([local[r] for r, _ in pairs], dtype=np.int64)
    cols = np.array([c for _, c in pairs], dtype=np.int64)
    return Candidates(subset, index, rows, cols, np.zeros(len(rows), dtype=np.float32), side, query).reasons(
        np.arange(len(rows))
    )


def reasons_for(need: NeedDoc, proposal: ProposalDoc, index: ProposalIndex) -> tuple[Reason, ...]:
    """Reasons for one pair; the proposal should be in ``index`` (else its text is vectorised here)."""
    position = index.position(proposal.id)
    if position is not None and index.proposals[position] == proposal:
        return pair_reasons([need], index, [(0, position)])[0]
    side, query = index.encode_needs([need])
    vector = index.text.transform([_proposal_text(proposal)], [sorted(proposal.languages)]).matrix
    zero = np.zeros(1, dtype=np.int64)
    terms = _text_terms(query.matrix, zero, vector, zero, query.surfaces, index.text)
    pside = _proposal_side([proposal], index.subject_registry)
    return _reasons([need], side, zero, [proposal], pside, zero, terms)[0]


def pair_parts(
    needs: Sequence[NeedDoc], proposals: Sequence[ProposalDoc], pairs: Sequence[tuple[int, int]], index: ProposalIndex
) -> np.ndarray:
    """The score's parts, unweighted, for (position in ``needs``, position in ``proposals``) pairs.

    Columns follow :data:`TUNED_FIELDS`: text, subjects, levels, time in [0, 1], and 1.0 where the
    purpose penalty applies. ``parts @ (w.text, w.subjects, w.levels, w.time, -w.purpose_mismatch)``
    is the pair's score (before clipping to [0, 1]) under weights ``w`` for any tuned fields, the text
    read in ``index``'s space; the proposals need not be in the index (ended or closed ones too).
    """
    out = np.zeros((len(pairs), len(TUNED_FIELDS)), dtype=np.float64)
    if not pairs:
        return out
    w = index.weights
    rows = np.array([r for r, _ in pairs], dtype=np.int64)
    cols = np.array([c for _, c in pairs], dtype=np.int64)
    _, query = index.encode_needs(needs)
    vectors, _, purposes = _proposal_vectors(index.text, proposals, w)
    registry = _subject_registry((n.subjects for n in needs), base=_subject_registry(p.subjects for p in proposals))
    nside = _need_side(needs, registry, _purpose_masks(index.text, query.matrix))
    pside = _proposal_side(proposals, registry, purposes)
    if vectors.shape[1]:
        cosine = np.asarray(query.matrix[rows].multiply(vectors[cols]).sum(axis=1), dtype=np.float64).ravel()
        out[:, 0] = np.minimum(cosine / w.text_saturation, 1.0)
    ns, ps = nside.subject_inv[rows], pside.subject_inv[cols]
    n_mask, p_mask = nside.subject_masks[ns], pside.subject_masks[ps]
    shared = _popcount(n_mask & p_mask)
    out[:, 1] = _part(shared, nside.subject_counts[ns], pside.subject_counts[ps], w.subject_breadth)
    out[:, 4] = (pside.purpose_masks[ps] & ~nside.purpose_masks[ns]) != 0
    n_lv, p_lv = nside.ll_keys[nside.ll_inv[rows]] & 0xFFFF, pside.ll_keys[pside.ll_inv[cols]] & 0xFFFF
    out[:, 2] = _part(_popcount(n_lv & p_lv), _popcount(n_lv), _popcount(p_lv), w.level_breadth)
    nw, pw = nside.window_inv[rows], pside.window_inv[cols]
    n_start, n_end = nside.window_starts[nw], nside.window_ends[nw]
    overlap = np.minimum(n_end, pside.window_ends[pw]) - np.maximum(n_start, pside.window_starts[pw]) + 1
    out[:, 3] = np.maximum(overlap, 0) / np.maximum(n_end - n_start + 1, 1)
    return out


def parts_vector(w: Weights) -> np.ndarray:
    """The weights that turn :func:`pair_parts` into scores (the penalty with its minus sign)."""
    return np.array([w.text, w.subjects, w.levels, w.time, -w.purpose_mismatch], dtype=np.float64)
