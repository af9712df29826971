"""The proposal and need indexes, cached per server process and never used stale.

Building an index takes seconds for thousands of proposals, so each process (gunicorn worker) keeps
the last one in memory. Before every use it reads the corpora's versions (one small query, see
:mod:`kyky.core.versions`) and compares them with the versions the cached index was built at;
any difference, whichever process made the change, means a rebuild. The versions are read *before*
the rows, so an index may hold rows newer than its label (rebuilt once more next time) but never
older ones. The calendar day is part of the key too, since "not ended" moves with it.

The weights learned per municipality (kyky/matching/learning.py) have a version of their own: when
only they change, the cached text index is kept and the new weights are put into a copy of it.

Rebuilds hold a lock, so concurrent requests of one process build once and share the result.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils import timezone

from kyky.core.models import IndexVersion
from kyky.core.versions import MISSING, Version, read_versions
from kyky.matching import documents
from kyky.matching.engine import TUNED_FIELDS, NeedIndex, ProposalIndex, Weights
from kyky.matching.models import LearnedWeights

logger = logging.getLogger(__name__)


def learned_weights(base: Weights) -> dict[str, Weights]:
    """The stored learned weights by municipality, as the engine takes them (one query).

    A row that does not make valid weights (edited by hand) is skipped: its municipality keeps the
    defaults rather than breaking everyone's matches.
    """
    out = {}
    for municipality, *values in LearnedWeights.objects.values_list("municipality_id", *TUNED_FIELDS):
        try:
            out[municipality] = dataclasses.replace(base, **dict(zip(TUNED_FIELDS, values, strict=True)))
        except ValueError:
            logger.warning("learned weights of %s are not valid weights; the defaults are used", municipality)
    return out


class IndexCache:
    """One process's indexes, each with the versions (and day) it was built at."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # (key, index with the learned weights, the same index without them)
        self._proposals: tuple[Any, ProposalIndex, ProposalIndex] | None = None
        self._needs: tuple[Any, NeedIndex] | None = None
        self.builds = 0  # how many indexes this cache has built (for tests and logs)

    @staticmethod
    def _proposal_key(versions: Mapping[str, Version], today: date) -> tuple[Any, ...]:
        return (versions[IndexVersion.PROPOSALS], today)

    @staticmethod
    def _need_key(versions: Mapping[str, Version], today: date) -> tuple[Any, ...]:
        return (versions[IndexVersion.PROPOSALS], versions[IndexVersion.NEEDS], today)

    @staticmethod
    def _weights_key(versions: Mapping[str, Version]) -> Version:
        return versions.get(IndexVersion.WEIGHTS, MISSING)

    def proposal_index(self) -> ProposalIndex:
        """Matchable proposals, as of the latest committed change."""
        today = timezone.localdate()
        cached = self._proposals
        if cached is not None:
            versions = read_versions()
            if cached[0] == (self._proposal_key(versions, today), self._weights_key(versions)):
                return cached[1]
        with self._lock:
            return self._build_proposals(read_versions(), today)

    def need_index(self) -> NeedIndex:
        """Matchable needs in the current proposal index's text space, as of the latest committed change."""
        today = timezone.localdate()
        cached = self._needs
        if cached is not None:
            versions = read_versions()
            if cached[0] == (self._need_key(versions, today), self._weights_key(versions)):
                return cached[1]
        with self._lock:
            # Versions re-read under the lock: another thread may have just built the newest ones.
            versions = read_versions()
            cached = self._needs
            key = (self._need_key(versions, today), self._weights_key(versions))
            if cached is not None and cached[0] == key:
                return cached[1]
            proposals = self._build_proposals(versions, today)
            if cached is not None and cached[0][0] == key[0]:
                # Only the learned weights changed: the needs' vectors stand.
                index = dataclasses.replace(cached[1], proposal_index=proposals)
            else:
                started = time.perf_counter()
                index = NeedIndex.build(documents.need_docs(documents.matchable_needs(today)), proposals)
                self.builds += 1
                logger.info("need index: %d needs in %.2f s", len(index), time.perf_counter() - started)
            self._needs = (key, index)
            return index

    def _build_proposals(self, versions: Mapping[str, Version], today: date) -> ProposalIndex:
        """The proposal index for these versions, built unless cached; the caller holds the lock."""
        key = (self._proposal_key(versions, today), self._weights_key(versions))
        cached = self._proposals
        if cached is not None and cached[0] == key:
            return cached[1]
        if cached is not None and cached[0][0] == key[0]:
            base = cached[2]  # only the learned weights changed
        else:
            started = time.perf_counter()
            base = ProposalIndex.build(documents.proposal_docs(documents.matchable_proposals(today)))
            self.builds += 1
            logger.info("proposal index: %d proposals in %.2f s", len(base), time.perf_counter() - started)
        # Weights are only ever stored with a bump of their version: none yet means none stored.
        local = learned_weights(base.weights) if key[1] != MISSING else {}
        index = base.with_local_weights(local) if local else base
        self._proposals = (key, index, base)
        return index

    def clear(self) -> None:
        """Forget both indexes (the next use rebuilds)."""
        with self._lock:
            self._proposals = self._needs = None


_process_cache = IndexCache()


def proposal_index() -> ProposalIndex:
    """This process's current proposal index."""
    return _process_cache.proposal_index()


def need_index() -> NeedIndex:
    """This process's current need index (its ``proposal_index`` is consistent with it)."""
    return _process_cache.need_index()


def process_cache() -> IndexCache:
    """The cache this process uses (tests clear it, or compare it with a second one)."""
    return _process_cache
