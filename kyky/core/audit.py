"""The audit trail: stable action codes and JSON data, translated only when shown (as pretix's log_action)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kyky.core.models import AuditEntry

#: Every action code the trail may hold, with the label a reader sees in their own language.
LABELS: Mapping[str, Any] = {
    "create": pgettext_lazy("audit", "created"),
    "edit": pgettext_lazy("audit", "edited"),
    "delete": pgettext_lazy("audit", "deleted"),
    "publish": pgettext_lazy("audit", "published"),
    "close": pgettext_lazy("audit", "closed"),
    "close_here": pgettext_lazy("audit", "closed in the municipality"),
    "reopen_here": pgettext_lazy("audit", "reopened in the municipality"),
    "request_changes": pgettext_lazy("audit", "changes requested"),
    "withdraw_request": pgettext_lazy("audit", "request for changes withdrawn"),
    "apply": pgettext_lazy("audit", "applied"),
    "accept": pgettext_lazy("audit", "accepted"),
    "decline": pgettext_lazy("audit", "declined"),
    "withdraw": pgettext_lazy("audit", "withdrawn"),
    "match": pgettext_lazy("audit", "matched"),
    "reopen": pgettext_lazy("audit", "reopened"),
    "ready": pgettext_lazy("audit", "part marked ready"),
    "remind": pgettext_lazy("audit", "asked the other party to complete its part"),
    "submit": pgettext_lazy("audit", "submitted"),
    "approve": pgettext_lazy("audit", "approved"),
    "return": pgettext_lazy("audit", "returned"),
    "sign": pgettext_lazy("audit", "signed"),
    "cancel": pgettext_lazy("audit", "cancelled"),
    "start": pgettext_lazy("audit", "started"),
    "feedback": pgettext_lazy("audit", "feedback given"),
    "complete": pgettext_lazy("audit", "completed"),
    "remove_pairs": pgettext_lazy("audit", "pairs removed"),
    "confirm": pgettext_lazy("audit", "confirmed"),
    "hide_match": pgettext_lazy("audit", "a match marked not a fit"),
    "expire": pgettext_lazy("audit", "expired"),
    "retention": pgettext_lazy("audit", "personal data removed after the retention period"),
    "account_delete": pgettext_lazy("audit", "account deleted"),
}

#: The same actions as verbs, for messages such as "Cannot approve: the agreement is signed."
VERBS: Mapping[str, Any] = {
    "create": _("create"),
    "edit": _("edit"),
    "delete": _("delete"),
    "publish": _("publish"),
    "close": _("close"),
    "close_here": _("close"),
    "reopen_here": _("reopen"),
    "request_changes": _("ask for changes"),
    "withdraw_request": _("withdraw the request"),
    "apply": _("apply"),
    "accept": _("accept"),
    "decline": _("decline"),
    "withdraw": _("withdraw"),
    "match": _("accept"),
    "reopen": _("reopen"),
    "ready": _("mark ready"),
    "remind": _("ask the other party"),
    "submit": _("submit"),
    "approve": _("approve"),
    "return": _("return"),
    "sign": _("sign"),
    "cancel": _("cancel"),
    "start": _("start"),
    "feedback": _("give feedback"),
    "complete": _("complete"),
    "remove_pairs": _("remove pairs"),
    "confirm": _("confirm"),
    "hide_match": _("hide"),
    "expire": _("expire"),
    "retention": _("remove personal data"),
    "account_delete": _("delete the account"),
}


def action_display(code: str) -> str:
    """The action's label in the active language; an unknown code reads as itself."""
    return str(LABELS.get(code, code))


def action_verb(code: str) -> str:
    return str(VERBS.get(code, code))


def log(
    *,
    actor,
    obj: models.Model,
    action: str,
    frm: str = "",
    to: str = "",
    comment: str = "",
    data: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Write one entry. `action` must be a code of LABELS: the trail never stores translated words."""
    if action not in LABELS:
        raise ValueError(f"unknown audit action code: {action!r}")
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk,
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        action=action,
        from_state=frm,
        to_state=to or frm,
        comment=comment,
        data=dict(data or {}),
    )


def history(obj: models.Model) -> models.QuerySet[AuditEntry]:
    """The audit trail of one object, oldest first."""
    return (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True), object_id=obj.pk
        )
        .select_related("actor")
        .order_by("created_at", "id")
    )


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """What an edit changed, as {field: [old, new]}, for the entry's data; equal values are left out."""
    return {key: [before.get(key), after.get(key)] for key in after if before.get(key) != after.get(key)}
