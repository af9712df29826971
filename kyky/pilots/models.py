"""Pilot proposals (companies), learning needs (schools and day-care centres), applications, pilots, feedback."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kyky.core.workflow import Move

TITLE_MAX = 200
SUMMARY_MAX = 300
DESCRIPTION_MAX = 5000
REQUIREMENTS_MAX = 2000
FEEDBACK_TEXT_MAX = 5000
#: At most this many codes in one list (levels, subjects, languages, municipalities), each at most CODE_MAX long.
CODES_MAX = 100
CODE_MAX = 50
# The teacher may record the group's three-face rating for the youngest: early childhood, pre-primary, grades 1–2.
FACES_LEVELS = ("ece", "pre_primary", "grade_1", "grade_2")
# The coordinator may complete a pilot once both sides have evaluated it, or this many days after its end.
COMPLETION_GRACE_DAYS = 30


def single_line(value: str) -> None:
    """A title is one line: a line break would also break the subject of every e-mail that names it."""
    if value and value.splitlines() != [value]:
        raise ValidationError(_("Write the title on one line, without line breaks."), code="single_line")


class VisibleQuerySet(models.QuerySet):
    """Drafts are private to their organisation; everything else is readable by every signed-in user."""

    def visible_to(self, user) -> models.QuerySet:
        if not user.is_authenticated:
            return self.none()
        visible = ~Q(status="draft")
        member = user.member
        if member is not None:
            visible |= Q(organisation_id=member.organisation_id)
        return self.filter(visible)


class ProposalQuerySet(VisibleQuerySet):
    def visible_to(self, user) -> models.QuerySet:
        """As for every workflow row, and an offer a coordinator closed in the viewer's municipality is gone there.

        Its own company still sees it (with the reason), and the coordinators, who may reopen it.
        """
        qs = super().visible_to(user)
        member = user.member if user.is_authenticated else None
        if member is None or member.role == "coordinator":
            return qs
        return qs.exclude(
            Q(closures__municipality_id=member.organisation.municipality_id)
            & ~Q(organisation_id=member.organisation_id)
        )


def _check_window(starts_on: date | None, ends_on: date | None) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date cannot be before the start date.")})


class Proposal(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CLOSED = "closed", _("closed")

    class Delivery(models.TextChoices):
        ONSITE = "onsite", _("on site")
        REMOTE = "remote", _("remote")
        HYBRID = "hybrid", _("hybrid")

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("company"), on_delete=models.PROTECT, related_name="proposals"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX, validators=[single_line])
    summary = models.CharField(_("summary"), max_length=SUMMARY_MAX, blank=True)
    description = models.TextField(
        _("description"), max_length=DESCRIPTION_MAX, validators=[MaxLengthValidator(DESCRIPTION_MAX)]
    )
    subjects = models.ManyToManyField("catalog.Subject", verbose_name=_("subjects"), blank=True, related_name="+")
    levels = models.ManyToManyField("catalog.Level", verbose_name=_("levels"), related_name="+")
    languages = models.ManyToManyField("catalog.Language", verbose_name=_("languages"), related_name="+")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    capacity = models.PositiveSmallIntegerField(
        _("capacity (groups)"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("How many groups can take part, 1–100."),
    )
    groups_accepted = models.PositiveSmallIntegerField(_("groups accepted"), default=0, editable=False)
    teacher_hours = models.PositiveSmallIntegerField(
        _("teacher hours"),
        default=0,
        validators=[MaxValueValidator(500)],
        help_text=_("How many hours of a teacher's time the pilot asks for, 0–500."),
    )
    requirements = models.TextField(
        _("requirements"),
        max_length=REQUIREMENTS_MAX,
        blank=True,
        validators=[MaxLengthValidator(REQUIREMENTS_MAX)],
        help_text=_("Devices, network and space the pilot needs."),
    )
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.ONSITE)
    municipalities = models.ManyToManyField(
        "catalog.Municipality",
        verbose_name=_("municipalities served"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty to serve every municipality."),
    )
    processes_personal_data = models.BooleanField(_("processes pupils' personal data"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Optimistic concurrency (kyky.core.concurrency): every change by a service makes a new version.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    TRANSITIONS = {
        "edit": Move(frm=(Status.DRAFT, Status.PUBLISHED), who="owner"),
        "delete": Move(frm=(Status.DRAFT,), who="owner"),
        "publish": Move(frm=(Status.DRAFT,), to=Status.PUBLISHED, who="owner", when="not_ended"),
        "close": Move(frm=(Status.PUBLISHED,), to=Status.CLOSED, who="owner_or_staff"),
        # A coordinator's moderation stops at their municipality's border: the offer stays open elsewhere.
        "close_here": Move(frm=(Status.PUBLISHED,), who="coordinator_served", when="open_here"),
        "reopen_here": Move(frm=(Status.PUBLISHED,), who="coordinator_served", when="closed_here"),
        # Or ask the company for changes: the offer stays published; the request clears when the company
        # edits the offer, or when the coordinator withdraws it.
        "request_changes": Move(frm=(Status.PUBLISHED,), who="coordinator_served", when="open_without_request_here"),
        "withdraw_request": Move(frm=(Status.PUBLISHED,), who="coordinator_served", when="requested_here"),
    }

    # Its words in all their forms, and its company's name, for free-text search (kyky.pilots.search).
    search_document = models.TextField(editable=False, blank=True, default="")

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("pilot proposal")
        verbose_name_plural = _("pilot proposals")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="proposal_list_idx"),
            models.Index(fields=["status", "starts_on", "ends_on"], name="proposal_status_window_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="proposal_window_ordered"),
            models.CheckConstraint(condition=Q(capacity__gte=1, capacity__lte=100), name="proposal_capacity_range"),
            models.CheckConstraint(
                condition=Q(groups_accepted__lte=models.F("capacity")), name="proposal_accepted_within_capacity"
            ),
            models.CheckConstraint(condition=Q(teacher_hours__lte=500), name="proposal_teacher_hours_range"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def capacity_left(self) -> int:
        return max(self.capacity - self.groups_accepted, 0)

    def clean(self) -> None:
        _check_window(self.starts_on, self.ends_on)
        if self.capacity is not None and self.capacity < self.groups_accepted:
            raise ValidationError(
                {
                    "capacity": _("%(count)s groups have already been accepted; capacity cannot be lower.")
                    % {"count": self.groups_accepted}
                }
            )


class Need(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        MATCHED = "matched", _("matched")
        CLOSED = "closed", _("closed")

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="needs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX, validators=[single_line])
    description = models.TextField(
        _("description"),
        max_length=DESCRIPTION_MAX,
        validators=[MaxLengthValidator(DESCRIPTION_MAX)],
        help_text=_("Describe the group, what you would like to solve and any practical limits."),
    )
    subjects = models.ManyToManyField("catalog.Subject", verbose_name=_("subjects"), blank=True, related_name="+")
    levels = models.ManyToManyField("catalog.Level", verbose_name=_("levels"), related_name="+")
    language = models.ForeignKey(
        "catalog.Language", verbose_name=_("language"), on_delete=models.PROTECT, related_name="+"
    )
    group_size = models.PositiveSmallIntegerField(
        _("group size"), validators=[MinValueValidator(1), MaxValueValidator(500)], help_text=_("Pupils, 1–500.")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    municipality = models.ForeignKey(
        "catalog.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    accepts_remote = models.BooleanField(_("remote work is fine"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Optimistic concurrency (kyky.core.concurrency): every change by a service makes a new version.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    TRANSITIONS = {
        "edit": Move(frm=(Status.DRAFT, Status.PUBLISHED), who="owner"),
        "delete": Move(frm=(Status.DRAFT,), who="owner"),
        "publish": Move(frm=(Status.DRAFT,), to=Status.PUBLISHED, who="owner", when="not_ended"),
        "close": Move(frm=(Status.PUBLISHED, Status.MATCHED), to=Status.CLOSED, who="owner"),
        "match": Move(frm=(Status.PUBLISHED,), to=Status.MATCHED, offered=False),
        "reopen": Move(frm=(Status.MATCHED,), to=Status.PUBLISHED, offered=False),
        "complete": Move(frm=(Status.MATCHED,), to=Status.CLOSED, offered=False),
    }

    # Its words in all their forms, and its unit's name, for free-text search (kyky.pilots.search).
    search_document = models.TextField(editable=False, blank=True, default="")

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("learning need")
        verbose_name_plural = _("learning needs")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="need_list_idx"),
            models.Index(fields=["status", "starts_on", "ends_on"], name="need_status_window_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="need_window_ordered"),
            models.CheckConstraint(condition=Q(group_size__gte=1, group_size__lte=500), name="need_group_size_range"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        _check_window(self.starts_on, self.ends_on)


class Application(models.Model):
    """A company applying to a need, or a school expressing interest in a proposal; the other side answers."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")
        CANCELLED = "cancelled", _("cancelled")  # accepted, then its agreement was cancelled

    class Side(models.TextChoices):
        SCHOOL = "school", _("school")
        COMPANY = "company", _("company")

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="applications"
    )
    need = models.ForeignKey(Need, verbose_name=_("need"), on_delete=models.PROTECT, related_name="applications")
    initiated_by = models.CharField(_("initiated by"), max_length=10, choices=Side.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    message = models.TextField(_("message"), max_length=2000, blank=True, validators=[MaxLengthValidator(2000)])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    TRANSITIONS = {
        "accept": Move(frm=(Status.PENDING,), to=Status.ACCEPTED, who="answerer_who_accepts", when="open_pair"),
        "decline": Move(frm=(Status.PENDING,), to=Status.DECLINED, who="answerer"),
        "withdraw": Move(frm=(Status.PENDING,), to=Status.WITHDRAWN, who="sender"),
        "cancel": Move(frm=(Status.ACCEPTED,), to=Status.CANCELLED, offered=False),
    }

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["-created_at", "-id"], name="application_list_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "need"], condition=Q(status="pending"), name="application_one_pending_per_pair"
            ),
            models.UniqueConstraint(
                fields=["proposal", "need"], condition=Q(status="accepted"), name="application_one_accepted_per_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} ↔ {self.need}"

    @property
    def answering_side(self) -> str:
        return self.Side.COMPANY if self.initiated_by == self.Side.SCHOOL else self.Side.SCHOOL


class Pilot(models.Model):
    """An accepted pairing: the need's group tries the proposal's product under an agreement."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        RUNNING = "running", _("running")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    application = models.OneToOneField(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="pilot"
    )
    proposal = models.ForeignKey(Proposal, verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="pilots")
    need = models.ForeignKey(Need, verbose_name=_("need"), on_delete=models.PROTECT, related_name="pilots")
    unit = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="pilots_hosted"
    )
    company = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("company"), on_delete=models.PROTECT, related_name="pilots_run"
    )
    municipality = models.ForeignKey(
        "catalog.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    # When the retention period had passed and the contact details and free-text feedback were removed.
    personal_data_removed_at = models.DateTimeField(_("personal data removed"), null=True, blank=True)

    TRANSITIONS = {
        "start": Move(frm=(Status.PLANNED,), to=Status.RUNNING, who="party", when="agreement_signed"),
        # Each side's evaluation, which it may correct until the pilot is completed.
        "feedback": Move(frm=(Status.RUNNING,), who="party"),
        "complete": Move(
            frm=(Status.RUNNING,), to=Status.COMPLETED, who="coordinator_of_unit", when="evaluated_or_overdue"
        ),
        "cancel": Move(frm=(Status.PLANNED, Status.RUNNING), to=Status.CANCELLED, offered=False),
    }

    class Meta:
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["-created_at", "-id"], name="pilot_list_idx")]

    def __str__(self) -> str:
        return f"{self.proposal.title} – {self.unit.name}"

    def _dates(self) -> tuple[date, date]:
        """The agreed schedule (the agreement's terms), or before there are terms the pair's common window."""
        agreement = getattr(self, "agreement", None)
        if agreement is not None:
            terms = agreement.snapshot["pilot"]
            return date.fromisoformat(terms["starts_on"]), date.fromisoformat(terms["ends_on"])
        return max(self.need.starts_on, self.proposal.starts_on), min(self.need.ends_on, self.proposal.ends_on)

    @property
    def starts_on(self) -> date:
        return self._dates()[0]

    @property
    def ends_on(self) -> date:
        return self._dates()[1]

    @property
    def completable_on(self) -> date:
        """From this day the coordinator may complete the pilot even if a side has not evaluated it."""
        return self.ends_on + timedelta(days=COMPLETION_GRACE_DAYS)


class Feedback(models.Model):
    """Each side's evaluation at the end of a pilot; the side may correct it until the pilot is completed."""

    class Goals(models.TextChoices):
        YES = "yes", _("yes")
        PARTLY = "partly", _("partly")
        NO = "no", _("no")

    class Faces(models.TextChoices):
        HAPPY = "happy", _("happy")
        NEUTRAL = "neutral", _("neutral")
        SAD = "sad", _("sad")

    pilot = models.ForeignKey(Pilot, verbose_name=_("pilot"), on_delete=models.CASCADE, related_name="feedback")
    side = models.CharField(_("side"), max_length=10, choices=Application.Side.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)], help_text=_("1 (poor) to 5 (excellent)")
    )
    # Blank only on answers given before the question was asked (migrated from the one-text feedback).
    goals = models.CharField(
        _("supported the learning goals"), max_length=10, choices=Goals.choices, blank=True, default=""
    )
    again = models.BooleanField(_("would take part again"), null=True, blank=True)
    worked = models.TextField(
        _("what worked"), max_length=FEEDBACK_TEXT_MAX, blank=True, validators=[MaxLengthValidator(FEEDBACK_TEXT_MAX)]
    )
    change = models.TextField(
        _("what should change"),
        max_length=FEEDBACK_TEXT_MAX,
        blank=True,
        validators=[MaxLengthValidator(FEEDBACK_TEXT_MAX)],
    )
    faces = models.CharField(
        _("the group's faces"),
        max_length=10,
        choices=Faces.choices,
        blank=True,
        default="",
        help_text=_("Early childhood, pre-primary and grades 1–2: the teacher records the group's rating."),
    )
    created_at = models.DateTimeField(_("given"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "side"], name="feedback_one_per_side"),
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_range"),
            models.CheckConstraint(condition=Q(goals__in=["", "yes", "partly", "no"]), name="feedback_goals_codes"),
            models.CheckConstraint(
                condition=Q(faces="") | Q(faces__in=["happy", "neutral", "sad"], side="school"),
                name="feedback_faces_from_the_school",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pilot}: {self.get_side_display()} {self.rating}/5"


class ProposalClosure(models.Model):
    """A coordinator closed an offer for their municipality: not listed, matched or applied to there."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="closures"
    )
    municipality = models.ForeignKey(
        "catalog.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("reason"), max_length=2000, validators=[MaxLengthValidator(2000)])
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("closed by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("closed"), auto_now_add=True)

    class Meta:
        verbose_name = _("closure in a municipality")
        verbose_name_plural = _("closures in municipalities")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "municipality"], name="proposal_closure_once_per_municipality")
        ]

    def __str__(self) -> str:
        return f"{self.proposal} – {self.municipality_id}"


class ProposalChangeRequest(models.Model):
    """A coordinator asks the company to change a published offer for their municipality; the offer stays
    published. The request stands until the company edits the offer or the coordinator withdraws it."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="change_requests"
    )
    municipality = models.ForeignKey(
        "catalog.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("what to change"), max_length=2000, validators=[MaxLengthValidator(2000)])
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)

    class Meta:
        verbose_name = _("request for changes")
        verbose_name_plural = _("requests for changes")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "municipality"], name="proposal_change_request_once_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal} – {self.municipality_id}"
