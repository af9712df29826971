"""One home for who may do what, in which state: the transition tables and the rules they name.

Each workflow model has a ``TRANSITIONS`` table of :class:`Move` rows (action → from states, next state,
who). Each domain's ``permissions.py`` registers the named rules for its models with :func:`register`.
:func:`transition` (the services' one way to change a state), :func:`check` and :func:`available_actions`
(the pages' buttons and the API's ``actions``) all read the same table and rules, so a button is never
offered for an action the service would refuse, and never missing for one it would allow.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models

from kyky.core import audit, concurrency
from kyky.core.versions import model_changed
from kyky.errors import ConflictError, TransitionError


@dataclass(frozen=True)
class Move:
    """One row of a transition table."""

    frm: tuple[str, ...]
    to: str | None = None  # None: the state stays (an edit, a first signature, feedback)
    who: str = ""  # a rule registered for the model; "" means no user may ask for it
    when: str = ""  # an optional guard: a condition beyond the state, refused with 409
    offered: bool = True  # False: a step taken only as part of another action (never a button)


@dataclass
class _Rules:
    who: dict[str, Callable[[Any, Any], bool]]
    when: dict[str, Callable[[Any, Any], str | None]]
    denied: dict[str, Any]


_REGISTRY: dict[type[models.Model], _Rules] = {}


def register(
    model: type[models.Model],
    *,
    who: Mapping[str, Callable[[Any, Any], bool]],
    when: Mapping[str, Callable[[Any, Any], str | None]] | None = None,
    denied: Mapping[str, Any] | None = None,
) -> None:
    """Give a model's table its rules: `who` (actor, obj) → bool, `when` (actor, obj) → refusal or None."""
    table = getattr(model, "TRANSITIONS", {})
    missing = {move.who for move in table.values() if move.who} - set(who)
    missing |= {move.when for move in table.values() if move.when} - set(when or {})
    if missing:
        raise LookupError(f"{model.__name__}: no rule for {sorted(missing)}")
    _REGISTRY[model] = _Rules(dict(who), dict(when or {}), dict(denied or {}))


def _rules(obj) -> _Rules:
    return _REGISTRY[type(obj)._meta.concrete_model]


def _move(obj, action: str) -> Move:
    return type(obj).TRANSITIONS[action]


def may(actor, action: str, obj) -> bool:
    """Whether the actor's role and organisation allow `action` on `obj`, whatever its state."""
    move = _move(obj, action)
    return bool(move.who) and _rules(obj).who[move.who](actor, obj)


def refusal(actor, action: str, obj) -> str | None:
    """Why the object's state or circumstances refuse `action` now (409), or None."""
    move = _move(obj, action)
    if getattr(obj, "status", None) not in move.frm:
        return str(_transition_error(obj, action, obj.status))
    if move.when:
        return _rules(obj).when[move.when](actor, obj)
    return None


def allowed(actor, action: str, obj) -> bool:
    return may(actor, action, obj) and refusal(actor, action, obj) is None


def available_actions(actor, obj) -> list[str]:
    """The actions `actor` may take on `obj` now, in the table's order."""
    table = getattr(type(obj), "TRANSITIONS", {})
    if type(obj)._meta.concrete_model not in _REGISTRY:
        return []
    return [action for action, move in table.items() if move.offered and allowed(actor, action, obj)]


def require(actor, action: str, obj) -> None:
    """403 unless the actor's role and organisation allow the action."""
    if not may(actor, action, obj):
        message = _rules(obj).denied.get(action) or _rules(obj).denied.get("*")
        raise PermissionDenied(str(message) if message else None)


def check(actor, action: str, obj) -> None:
    """Refuse with 403 (who) or 409 (state, circumstances) exactly as the buttons are decided."""
    require(actor, action, obj)
    move = _move(obj, action)
    if obj.status not in move.frm:
        raise _transition_error(obj, action, obj.status)
    if move.when:
        reason = _rules(obj).when[move.when](actor, obj)
        if reason:
            raise ConflictError(reason)


def _transition_error(obj, action: str, current: str | None) -> TransitionError:
    model = type(obj)
    field = model._meta.get_field("status")
    return TransitionError(
        action=audit.action_verb(action),
        current=current,
        label=str(model._meta.verbose_name),
        current_display=str(dict(field.flatchoices).get(current, current or "")),
    )


def transition(
    obj: models.Model,
    action: str,
    *,
    actor,
    comment: str = "",
    data: Mapping[str, Any] | None = None,
    by_system: bool = False,
    **changes: Any,
) -> models.Model:
    """Take `action` on `obj` as its table says, if the actor may and the row is still in a `frm` state.

    The conditional UPDATE and its row count make the check and the change one step on SQLite and
    PostgreSQL alike, so two concurrent requests can never both win; a miss raises TransitionError
    naming the state the row is really in. `by_system` marks a step taken as part of another action
    (accepting an application matches its need): the actor is recorded, the who-rule is not asked.
    """
    move = _move(obj, action)
    model = type(obj)
    obj.refresh_from_db(fields=["status"])  # rules read the state the row has now, not what a caller last saw
    if not by_system:
        check(actor, action, obj)
    if concurrency.versioned(model):  # proposals, needs, agreements: every step makes a new version
        changes = {**changes, **concurrency.bump()}
    if move.to is None:
        if concurrency.versioned(model):
            concurrency.touch(obj)
        audit.log(actor=actor, obj=obj, action=action, frm=obj.status, to=obj.status, comment=comment, data=data)
        return obj
    for state in move.frm:
        updated = model._base_manager.filter(pk=obj.pk, status=state).update(status=move.to, **changes)
        if updated == 1:
            audit.log(actor=actor, obj=obj, action=action, frm=state, to=move.to, comment=comment, data=data)
            model_changed(model)  # proposals and needs: every process's match index sees it on commit
            obj.refresh_from_db()
            return obj
    current = model._base_manager.filter(pk=obj.pk).values_list("status", flat=True).first()
    raise _transition_error(obj, action, current)


def require_state(obj, states: Iterable[str], action: str) -> None:
    """Refuse an action that the object's current state does not allow, naming that state (HTTP 409)."""
    if obj.status not in tuple(states):
        raise _transition_error(obj, action, obj.status)
