"""Versions of the corpora matching reads, bumped in the transaction of every change that matters.

Kept in kyky.core, free of the domains' imports, so the pilots' services and the workflow can call
:func:`corpus_changed` without depending on matching. A version is a database counter, not a timestamp:
the bump is a row update inside the change's transaction, so it becomes visible exactly when the
change commits, and the commit order is the version order whatever the app servers' clocks say.

Lock order: a transaction that changes both corpora bumps "proposals" before "needs" (the services
do: an acceptance fills a proposal's place, then matches the need), so two writers never wait on
each other's counter. "weights" is bumped alone, by the command that learns them.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import NamedTuple

from django.db.models import F

from kyky.core.models import IndexVersion

CORPORA = (IndexVersion.PROPOSALS, IndexVersion.NEEDS, IndexVersion.WEIGHTS)
# By model label, so that this bottom layer needs no import of the domains above it.
_CORPUS_OF = {"pilots.proposal": IndexVersion.PROPOSALS, "pilots.need": IndexVersion.NEEDS}


class Version(NamedTuple):
    """A corpus's counter and the random stamp of its last bump."""

    number: int
    stamp: str


MISSING = Version(-1, "")


def corpus_changed(*corpora: str) -> None:
    """Mark these corpora ("proposals", "needs", "weights") changed; call after the change, inside its transaction."""
    unknown = set(corpora) - set(CORPORA)
    if unknown:
        raise ValueError(f"unknown corpora: {sorted(unknown)}")
    for corpus in (c for c in CORPORA if c in corpora):
        bumped = IndexVersion.objects.filter(key=corpus).update(version=F("version") + 1, stamp=uuid.uuid4())
        if not bumped:  # the data migration's row is gone (a flushed test database): start again
            IndexVersion.objects.get_or_create(key=corpus, defaults={"version": 1, "stamp": uuid.uuid4()})


def model_changed(obj) -> None:
    """Bump the corpus of a proposal or need (instance or class); other models are not matched."""
    model = obj if isinstance(obj, type) else type(obj)
    corpus = _CORPUS_OF.get(model._meta.concrete_model._meta.label_lower)
    if corpus:
        corpus_changed(corpus)


def read_versions() -> Mapping[str, Version]:
    """Every corpus's current version, in one query."""
    found = {
        key: Version(number, str(stamp))
        for key, number, stamp in IndexVersion.objects.values_list("key", "version", "stamp")
    }
    return {corpus: found.get(corpus, MISSING) for corpus in CORPORA}
