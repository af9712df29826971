"""Matchmaking rounds and their pairs."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kyky.core.workflow import Move
from kyky.matching.engine import MIN_FIT


class Round(models.Model):
    """A coordinator's matchmaking round over their municipality's needs in a date window."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        CONFIRMED = "confirmed", _("confirmed")
        CANCELLED = "cancelled", _("cancelled")

    municipality = models.ForeignKey(
        "catalog.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    needs_considered = models.PositiveIntegerField(
        _("needs considered"), default=0, help_text=_("Published needs of the municipality in the window.")
    )
    min_score = models.FloatField(
        _("minimum fit"),
        default=MIN_FIT,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Pairs that fit less than this (0–1) are not suggested."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    TRANSITIONS = {
        "remove_pairs": Move(frm=(Status.DRAFT,), who="coordinator_of_round"),
        "confirm": Move(frm=(Status.DRAFT,), to=Status.CONFIRMED, who="coordinator_of_round"),
        "cancel": Move(frm=(Status.DRAFT,), to=Status.CANCELLED, who="coordinator_of_round"),
    }

    class Meta:
        verbose_name = _("matchmaking round")
        verbose_name_plural = _("matchmaking rounds")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["municipality", "-created_at", "-id"], name="round_list_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="round_window_ordered"),
            models.CheckConstraint(condition=Q(min_score__gte=0, min_score__lte=1), name="round_min_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.starts_on}–{self.ends_on} ({self.status})"


class RoundPair(models.Model):
    """One need paired with one proposal by a round, with the score and reasons it had then.

    ``reasons`` holds the engine's reason dicts (``{"kind", "params"}``), turned into sentences in the
    reader's language when shown. Once the round is confirmed, a kept pair is a suggestion to both sides.
    """

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="pairs")
    need = models.ForeignKey("pilots.Need", verbose_name=_("need"), on_delete=models.PROTECT, related_name="+")
    proposal = models.ForeignKey(
        "pilots.Proposal", verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    removed = models.BooleanField(_("removed"), default=False)

    class Meta:
        verbose_name = _("round pair")
        verbose_name_plural = _("round pairs")
        ordering = ["round", "-score", "id"]
        indexes = [
            models.Index(fields=["round", "-score", "id"], name="round_pair_list_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["round", "need"], name="round_pair_one_per_need"),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=1), name="round_pair_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.need_id} ↔ {self.proposal_id} ({self.score:.2f})"


class HiddenMatch(models.Model):
    """ "Not a fit": a need and a proposal that one organisation does not want to be shown together again."""

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    need = models.ForeignKey("pilots.Need", verbose_name=_("need"), on_delete=models.CASCADE, related_name="+")
    proposal = models.ForeignKey(
        "pilots.Proposal", verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="+"
    )
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("hidden by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("hidden"), auto_now_add=True)

    class Meta:
        verbose_name = _("hidden match")
        verbose_name_plural = _("hidden matches")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "need", "proposal"], name="hidden_match_once_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.need_id} ↔ {self.proposal_id}"


class Offer(models.Model):
    """A confirmed round's pair offered to both sides (after Helsinki's Asti): each side accepts or declines.

    The offer holds one place of the proposal from the confirmation on (counted in the proposal's
    ``groups_accepted``); a declined or expired offer gives it back. When both sides have accepted, the pair
    becomes an accepted application with its pilot and draft agreement (kyky.process). Its id is the pair's.
    """

    class Status(models.TextChoices):
        OFFERED = "offered", _("offered")
        ACCEPTED = "accepted", _("accepted by both")
        DECLINED = "declined", _("declined")
        EXPIRED = "expired", _("expired")

    class Answer(models.TextChoices):
        NONE = "", _("not answered")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    OPEN = (Status.OFFERED,)
    DEFAULT_DAYS = 14

    pair = models.OneToOneField(
        RoundPair, verbose_name=_("pair"), on_delete=models.CASCADE, primary_key=True, related_name="offer"
    )
    need = models.ForeignKey("pilots.Need", verbose_name=_("need"), on_delete=models.PROTECT, related_name="+")
    proposal = models.ForeignKey(
        "pilots.Proposal", verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OFFERED)
    respond_by = models.DateField(_("respond by"))
    school_answer = models.CharField(_("school's answer"), max_length=10, choices=Answer.choices, blank=True)
    school_answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("answered for the school by"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    school_answered_at = models.DateTimeField(_("school answered"), null=True, blank=True)
    company_answer = models.CharField(_("company's answer"), max_length=10, choices=Answer.choices, blank=True)
    company_answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("answered for the company by"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    company_answered_at = models.DateTimeField(_("company answered"), null=True, blank=True)
    application = models.OneToOneField(
        "pilots.Application", verbose_name=_("application"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="offer",
    )  # fmt: skip
    created_at = models.DateTimeField(_("offered"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    TRANSITIONS = {
        # The first side's acceptance keeps the state; the second's moves it to accepted (kyky.process).
        "accept": Move(frm=(Status.OFFERED,), to=Status.ACCEPTED, who="answerer_who_accepts", when="open_for_side"),
        "decline": Move(frm=(Status.OFFERED,), to=Status.DECLINED, who="answerer", when="open_for_side"),
        "expire": Move(frm=(Status.OFFERED,), to=Status.EXPIRED, offered=False),
    }

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["respond_by", "pair_id"]
        indexes = [
            models.Index(fields=["status", "respond_by"], name="offer_open_idx"),
            models.Index(fields=["need", "status"], name="offer_need_idx"),
        ]

    def __str__(self) -> str:
        return f"offer {self.pk}: {self.need_id} ↔ {self.proposal_id} ({self.status})"

    def answer_of(self, side: str) -> str:
        return self.school_answer if side == "school" else self.company_answer


class LearnedWeights(models.Model):
    """Score weights learned from a municipality's "not a fit" answers (kyky/matching/learning.py).

    Needs of the municipality are ranked with them instead of the defaults. Written only by the
    ``learn_match_weights`` command; a municipality without enough answers has no row.
    """

    municipality = models.OneToOneField(
        "catalog.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    text = models.FloatField(_("text"))
    subjects = models.FloatField(_("subjects"))
    levels = models.FloatField(_("levels"))
    time = models.FloatField(_("time window"))
    purpose_mismatch = models.FloatField(_("purpose mismatch penalty"))
    hidden_pairs = models.PositiveIntegerField(_("hidden pairs"))
    comparisons = models.PositiveIntegerField(_("comparisons"))
    agreement_before = models.FloatField(_("agreement with the defaults"))
    agreement_after = models.FloatField(_("agreement with the learned weights"))
    learned_at = models.DateTimeField(_("learned"))

    class Meta:
        verbose_name = _("learned weights")
        verbose_name_plural = _("learned weights")
        ordering = ["municipality"]
        constraints = [
            models.CheckConstraint(
                condition=Q(text__gte=0, subjects__gte=0, levels__gte=0, time__gte=0)
                & Q(purpose_mismatch__gte=0, purpose_mismatch__lte=1),
                name="learned_weights_in_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.municipality_id)
