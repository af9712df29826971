"""What every domain shares: the audit trail and the corpus versions that the match indexes compare against."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One change of a workflow object, like pretix's log entries: a stable action code and JSON data.

    Nothing here is translated: `action` is a code (``publish``, ``approve``...), the states are codes,
    and `data` records what changed (``{"changes": {field: [old, new]}}``) and other facts of the action.
    Readers see it in their own language through :func:`kyky.core.audit.action_display`.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(_("from"), max_length=20, blank=True)
    to_state = models.CharField(_("to"), max_length=20)
    comment = models.TextField(_("comment"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        db_table = "pilots_auditentry"  # the table predates this app
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id}: {self.action} {self.from_state or '–'} → {self.to_state}"

    @property
    def action_display(self) -> str:
        from kyky.core.audit import action_display

        return action_display(self.action)


class IndexVersion(models.Model):
    """One counter per corpus that matching reads ("proposals", "needs", "weights").

    Every change to what matching reads bumps its corpus's row in the same transaction as the change,
    so a version is visible exactly when the change is. The random ``stamp`` changes with every bump:
    a bump that was rolled back can never be mistaken for the committed bump that later reuses its number.
    """

    PROPOSALS = "proposals"
    NEEDS = "needs"
    WEIGHTS = "weights"  # the score weights learned per municipality (kyky/matching/learning.py)

    key = models.CharField(_("corpus"), max_length=20, primary_key=True)
    version = models.BigIntegerField(_("version"), default=0)
    stamp = models.UUIDField(_("stamp"), default=uuid.uuid4)

    class Meta:
        db_table = "matching_indexversion"  # the table predates this app
        verbose_name = _("index version")
        verbose_name_plural = _("index versions")

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"
