"""Optimistic concurrency: proposals, needs and agreements carry a version, and an edit may name the one it saw.

Every service that changes such a row increments its `version` (`bump()` in conditional UPDATEs, `+= 1` on a
locked row before `save()`). The API sends the version as the ETag (`"<version>"`) and reads `If-Match` on
PATCH; the edit pages send it in a hidden field. The services check it with `check()` on the row they have
locked, so the check and the write are one step: of two edits made from the same version, one wins and the
other gets StaleEdit (HTTP 412) and changes nothing. An edit that names no version is not checked.
"""

from __future__ import annotations

from collections.abc import Collection

from django.db import models
from django.db.models import F

from kyky.errors import StaleEdit

Expected = int | Collection[int] | None


def versioned(model: type[models.Model] | models.Model) -> bool:
    return any(field.name == "version" for field in model._meta.concrete_fields)


def bump() -> dict[str, F]:
    """The UPDATE arguments that move a row to its next version."""
    return {"version": F("version") + 1}


def touch(obj: models.Model) -> None:
    """A change made outside the row's own fields (a signature, a closure) still makes a new version."""
    type(obj)._base_manager.filter(pk=obj.pk).update(**bump())
    obj.refresh_from_db(fields=["version"])


def check(obj: models.Model, expected: Expected) -> None:
    """Refuse the edit when the caller saw another version than the (locked) row has now."""
    if expected is None:
        return
    allowed = {expected} if isinstance(expected, int) else set(expected)
    if obj.version not in allowed:
        raise StaleEdit(current=obj.version)


def etag(obj: models.Model) -> str:
    return f'"{obj.version}"'


def parse_if_match(header: str | None) -> Expected:
    """The versions an `If-Match` header accepts: None for no header or `*` (no check), else a set, which is
    empty when no tag names a version of ours (then any edit is stale, as HTTP says)."""
    if header is None or not header.strip() or header.strip() == "*":
        return None
    versions: set[int] = set()
    for tag in header.split(","):
        tag = tag.strip()
        if tag.startswith("W/"):
            tag = tag[2:]
        tag = tag.strip('"')
        if tag.isdigit() and len(tag) < 19:
            versions.add(int(tag))
    return versions


def parse_form_version(value: str | None) -> int | None:
    """The version an edit page was rendered with (a hidden field); None when missing or garbled."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 19 else None
