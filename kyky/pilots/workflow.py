"""State transitions guarded in the database, each written to the audit trail."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from kyky.errors import TransitionError
from kyky.matching.versions import model_changed
from kyky.pilots.models import AuditEntry


def audit(*, actor, target: models.Model, action: str, frm: str, to: str, comment: str = "") -> AuditEntry:
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
        object_id=target.pk,
        actor=actor,
        action=action,
        from_state=frm,
        to_state=to,
        comment=comment,
    )


def transition(
    obj: models.Model,
    *,
    actor,
    action: str,
    frm: Iterable[str],
    to: str,
    comment: str = "",
    field: str = "status",
    **changes: Any,
) -> models.Model:
    """Move `obj` from one of `frm` to `to`, only if the row is still in that state.

    The conditional UPDATE and its row count make the check and the change one step on SQLite and
    PostgreSQL alike, so two concurrent requests can never both win. A miss raises TransitionError
    naming the state the row is really in.
    """
    model = type(obj)
    for state in frm:
        updated = model._base_manager.filter(pk=obj.pk, **{field: state}).update(**{field: to}, **changes)
        if updated == 1:
            setattr(obj, field, to)
            for name, value in changes.items():
                setattr(obj, name, value)
            audit(actor=actor, target=obj, action=action, frm=state, to=to, comment=comment)
            model_changed(model)  # proposals and needs: every process's match index sees it on commit
            obj.refresh_from_db()
            return obj
    current = model._base_manager.filter(pk=obj.pk).values_list(field, flat=True).first()
    label = str(model._meta.verbose_name)
    display = str(dict(model._meta.get_field(field).flatchoices).get(current, current or ""))
    raise TransitionError(action=action, current=current, label=label, current_display=display)


def require_state(obj: models.Model, allowed: Iterable[str], action: str, *, field: str = "status") -> None:
    """Refuse an action that the object's current state does not allow, naming that state (HTTP 409)."""
    current = getattr(obj, field)
    if current not in allowed:
        raise TransitionError(
            action=action,
            current=current,
            label=str(obj._meta.verbose_name),
            current_display=getattr(obj, f"get_{field}_display")(),
        )


def history(target: models.Model) -> models.QuerySet[AuditEntry]:
    """The audit trail of one object, oldest first."""
    return (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(target, for_concrete_model=True), object_id=target.pk
        )
        .select_related("actor")
        .order_by("created_at", "id")
    )
