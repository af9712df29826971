"""The code lists, kept in each process's memory: filters validate codes and lists name them without a query.

Code lists change a few times a year (new subjects, a merged municipality) through the admin. Each process
keeps a list for at most ``CODE_CACHE_SECONDS`` seconds, and forgets it at once when it saves or deletes a
code itself; another process sees a change at most that long later. Until then a new code is refused by the
filters ("select a valid choice") and a renamed one keeps its old name in lists: nothing is stored from it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable

from django.conf import settings
from django.db.models.signals import post_delete, post_save

from kyky.catalog.models import Code, Language, Level, Municipality, Subject

MODELS = (Subject, Level, Language, Municipality)
_lock = threading.Lock()
_tables: dict[type[Code], tuple[float, dict[str, Code]]] = {}
_ranks: dict[type[Code], tuple[dict[str, Code], dict[str, int]]] = {}


def _seconds() -> float:
    return getattr(settings, "CODE_CACHE_SECONDS", 60)


def table(model: type[Code]) -> dict[str, Code]:
    """Every code of the list by its code, in the list's order (position, code). Do not change the rows."""
    now = time.monotonic()
    cached = _tables.get(model)
    if cached is not None and cached[0] > now:
        return cached[1]
    rows = {row.code: row for row in model.objects.order_by("position", "code")}
    with _lock:
        _tables[model] = (now + _seconds(), rows)
    return rows


def rank(model: type[Code]) -> dict[str, int]:
    """Each code's place in the list's order."""
    rows = table(model)
    cached = _ranks.get(model)
    if cached is None or cached[0] is not rows:
        cached = (rows, {code: i for i, code in enumerate(rows)})
        _ranks[model] = cached
    return cached[1]


def lookup(model: type[Code], codes: Iterable[str]) -> tuple[list[Code], list[str]]:
    """The rows of these codes (in the order given) and the codes that are not in the list."""
    rows = table(model)
    found, missing = [], []
    for code in codes:
        row = rows.get(str(code))
        if row is None:
            missing.append(code)
        else:
            found.append(row)
    return found, missing


def clear(**kwargs) -> None:
    """Forget every list (this process's next read loads them again)."""
    with _lock:
        _tables.clear()
        _ranks.clear()


for _model in MODELS:
    post_save.connect(clear, sender=_model, dispatch_uid=f"codes-clear-save-{_model.__name__}")
    post_delete.connect(clear, sender=_model, dispatch_uid=f"codes-clear-delete-{_model.__name__}")
