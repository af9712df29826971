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


class Email(models.Model):
    """One message to one user: the e-mail of one event, or a day's digest of several.

    Written in the transaction of the change that caused it (so nothing is sent for a change that rolled
    back), rendered in the recipient's language and sent by a background task after the commit. A failed
    send is tried again later with a growing pause (``next_attempt_at``), up to a limit.
    """

    class Kind(models.TextChoices):
        EVENT = "event", _("event")
        DIGEST = "digest", _("daily digest")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.EVENT)
    digest_day = models.DateField(_("digest of"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=2, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="email_due_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "digest_day"], condition=models.Q(kind="digest"), name="email_one_digest_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient_id}: {self.status}"


class Notification(models.Model):
    """One event that concerns one user: a stable code and its facts, put in words only when sent or shown.

    ``delivery`` is the user's setting when it happened: an e-mail at once, the next daily digest, or none.
    """

    class Delivery(models.TextChoices):
        IMMEDIATELY = "immediately", _("immediately")
        DIGEST = "digest", _("daily digest")
        OFF = "off", _("not sent")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("event"), max_length=40)
    data = models.JSONField(_("data"), default=dict, blank=True)
    path = models.CharField(_("page"), max_length=300, blank=True)
    delivery = models.CharField(_("delivery"), max_length=12, choices=Delivery.choices)
    email = models.ForeignKey(
        Email, verbose_name=_("e-mail"), on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications"
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_idx"),
            models.Index(fields=["delivery", "email"], name="notification_digest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class Reminder(models.Model):
    """A reminder or a dated notice that went out: at most one per object, kind, side and occasion.

    The unique constraint makes ``send_reminders`` safe to run as often as anyone likes, even twice at once.
    """

    kind = models.CharField(_("kind"), max_length=40)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    side = models.CharField(_("side"), max_length=10, blank=True)
    occasion = models.PositiveSmallIntegerField(_("occasion"), default=1)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "side", "occasion"], name="reminder_once_per_occasion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.content_type_id}:{self.object_id} {self.side} #{self.occasion}"
