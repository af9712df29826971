"""The co-created reference: "Co-created with the schools of <city>", public and verifiable by its code.

One reference per product (proposal), municipality and term: every completed pilot with an evaluation of
that product in that city's schools and day-care centres in that term counts in it. Its figures (groups,
pupils, average rating) are read from those pilots, so they stay right whatever happens to personal data.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kyky.core.workflow import Move

REASON_MAX = 2000


class Reference(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("valid")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Term(models.TextChoices):
        AUTUMN = "autumn", _("autumn term")
        SPRING = "spring", _("spring term")

    class Units(models.TextChoices):
        SCHOOLS = "schools", _("schools")
        DAYCARES = "daycares", _("day-care centres")
        BOTH = "both", _("schools and day-care centres")

    # Random and unguessable: a reference is public to whoever holds its code, and listed to no one else.
    code = models.CharField(_("code"), max_length=32, unique=True, editable=False)
    provider = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("provider"), on_delete=models.PROTECT, related_name="references"
    )
    proposal = models.ForeignKey(
        "pilots.Proposal", verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="references"
    )
    municipality = models.ForeignKey(
        "catalog.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    term = models.CharField(_("term"), max_length=10, choices=Term.choices)
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("The calendar year the term falls in."))
    product = models.CharField(_("product"), max_length=200, help_text=_("The product's name when it was earned."))
    units = models.CharField(_("units"), max_length=10, choices=Units.choices, default=Units.SCHOOLS)
    pilots = models.ManyToManyField("pilots.Pilot", verbose_name=_("pilots"), related_name="references")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.VALID)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    withdraw_reason = models.TextField(
        _("reason for withdrawal"), max_length=REASON_MAX, blank=True, validators=[MaxLengthValidator(REASON_MAX)]
    )

    TRANSITIONS = {
        "withdraw": Move(frm=(Status.VALID,), to=Status.WITHDRAWN, who="coordinator_of_municipality"),
    }

    class Meta:
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="reference_list_idx"),
            models.Index(fields=["provider", "-created_at"], name="reference_provider_idx"),
            models.Index(fields=["municipality", "-created_at"], name="reference_municipality_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "municipality", "term", "year"], name="reference_one_per_product_city_term"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} – {self.municipality_id} {self.term} {self.year}"

    @property
    def valid(self) -> bool:
        return self.status == self.Status.VALID

    @property
    def path(self) -> str:
        """The public page's path (a stable address, printed in e-mails and embed snippets)."""
        return f"/references/{self.code}/"
