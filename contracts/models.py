"""Co-development agreements: a frozen snapshot of the terms, their states, signatures and the final PDF."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kyky.core.workflow import Move


class AgreementQuerySet(models.QuerySet):
    def visible_to(self, user) -> models.QuerySet:
        """The two parties see their agreements; a coordinator sees those of schools in their municipality."""
        if not user.is_authenticated:
            return self.none()
        member = user.member
        if member is None:
            return self.none()
        organisation = member.organisation
        if member.role == "coordinator":
            return self.filter(municipality_id=organisation.municipality_id)
        return self.filter(Q(unit_id=organisation.pk) | Q(company_id=organisation.pk))


class Agreement(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned")
        APPROVED = "approved", _("approved")
        SIGNED = "signed", _("signed")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    class Language(models.TextChoices):
        FI = "fi", _("Finnish")
        SV = "sv", _("Swedish")
        EN = "en", _("English")

    EDITABLE = (Status.DRAFT, Status.RETURNED)
    PARTIES = ("school", "company")
    TRANSITIONS = {
        "edit": Move(frm=EDITABLE, who="party"),
        # Each party marks its own part ready; the first mark keeps the state, the second submits the
        # agreement to the coordinator (see contracts.services). An edit clears both marks.
        "submit": Move(frm=EDITABLE, to=Status.SUBMITTED, who="party", when="own_part_not_ready"),
        # Ask the other party to complete its part: while it is not ready, at most once a day.
        "remind": Move(frm=EDITABLE, who="party", when="other_part_not_ready"),
        "approve": Move(frm=(Status.SUBMITTED,), to=Status.APPROVED, who="coordinator_of_unit"),
        "return": Move(frm=(Status.SUBMITTED,), to=Status.RETURNED, who="coordinator_of_unit"),
        # The first signature keeps the state; the second moves it to signed (see contracts.services).
        "sign": Move(frm=(Status.APPROVED,), to=Status.SIGNED, who="signatory", when="party_yet_to_sign"),
        "cancel": Move(
            frm=(Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.APPROVED), to=Status.CANCELLED, who="canceller"
        ),
        "complete": Move(frm=(Status.SIGNED,), to=Status.COMPLETED, offered=False),
    }

    pilot = models.OneToOneField(
        "pilots.Pilot", verbose_name=_("pilot"), on_delete=models.PROTECT, related_name="agreement"
    )
    number = models.CharField(_("agreement number"), max_length=30, unique=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.FI)
    template_version = models.CharField(_("template version"), max_length=20)
    verification_code = models.CharField(_("verification code"), max_length=20, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Copied from the pilot so that scoping queries need no joins.
    unit = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    company = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("company"), on_delete=models.PROTECT, related_name="+"
    )
    municipality = models.ForeignKey(
        "catalog.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    # The terms as the document states them (contracts.snapshot describes the keys). Frozen from approval on.
    snapshot = models.JSONField(_("terms"))
    return_comment = models.TextField(_("coordinator's comment"), blank=True)
    # The approved document's bytes, rendered once after approval; the signers download and sign exactly these.
    approved_pdf = models.FileField(_("approved PDF"), upload_to="agreements/", blank=True)
    approved_sha256 = models.CharField(_("SHA-256 of the approved document"), max_length=64, blank=True)
    final_pdf = models.FileField(_("signed PDF"), upload_to="agreements/", blank=True)
    final_sha256 = models.CharField(_("SHA-256 of the signed PDF"), max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Optimistic concurrency (kyky.core.concurrency): every change by a service makes a new version.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # Each party's mark that its part is complete; both set means the agreement is submitted.
    school_ready_at = models.DateTimeField(_("school's part ready"), null=True, blank=True)
    company_ready_at = models.DateTimeField(_("company's part ready"), null=True, blank=True)
    # When each party was last asked to complete its part (reminders are throttled per party).
    school_reminded_at = models.DateTimeField(_("school last reminded"), null=True, blank=True)
    company_reminded_at = models.DateTimeField(_("company last reminded"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="agreement_list_idx"),
            models.Index(fields=["municipality", "status"], name="agreement_municipality_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def ready(self) -> dict[str, bool]:
        """Which parties have marked their part ready: {"school": bool, "company": bool}."""
        return {party: self.ready_at(party) is not None for party in self.PARTIES}

    def ready_at(self, party: str):
        return getattr(self, f"{party}_ready_at")

    def reminded_at(self, party: str):
        return getattr(self, f"{party}_reminded_at")

    @staticmethod
    def other(party: str) -> str:
        return "company" if party == "school" else "school"

    @property
    def approved_document_ready(self) -> bool:
        """Whether the approved document's bytes are stored (they are rendered after the approval commits)."""
        return bool(self.approved_pdf and self.approved_sha256)


class Signature(models.Model):
    """One party's authenticated acceptance of the approved document, bound to that document's hash."""

    class Party(models.TextChoices):
        SCHOOL = "school", _("school")
        COMPANY = "company", _("company")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.PROTECT, related_name="signatures"
    )
    party = models.CharField(_("party"), max_length=10, choices=Party.choices)
    # The signer's account; empty once they deleted it: the signature stays as a name-only record.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=100)
    organisation = models.CharField(_("organisation"), max_length=200)
    document_sha256 = models.CharField(_("SHA-256 of the signed document"), max_length=64)
    signed_at = models.DateTimeField(_("signed"), auto_now_add=True)
    # How the signer had signed in: with a password or through the city's identity provider, and
    # the assurance level (acr or loa claim) the provider gave.
    method = models.CharField(_("sign-in method"), max_length=20, default="password")
    assurance = models.CharField(_("assurance level"), max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["signed_at", "id"]
        constraints = [models.UniqueConstraint(fields=["agreement", "party"], name="signature_one_per_party")]

    def __str__(self) -> str:
        return f"{self.agreement}: {self.name} ({self.get_party_display()})"
