"""Users (who log in by e-mail), organisations and the memberships that give users a role."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fi import ytunnus


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        return (email or "").strip().lower()

    def get_by_natural_key(self, username: str) -> User:
        return self.get(email__iexact=username)

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        if not email:
            raise ValueError("Users must have an e-mail address.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    class Notifications(models.TextChoices):
        IMMEDIATELY = "immediately", _("immediately, one e-mail per event")
        DIGEST = "digest", _("a daily digest at 7:00")
        OFF = "off", _("off")

    LANGUAGES = (("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English")))

    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff status"), default=False, help_text=_("Platform administrators who may use the admin site.")
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Blank until the first login sets it from the browser's language or the unit's (accounts.services).
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=LANGUAGES,
        blank=True,
        help_text=_("The language of your e-mails."),
    )
    notifications = models.CharField(
        _("e-mail notifications"), max_length=12, choices=Notifications.choices, default=Notifications.IMMEDIATELY
    )
    # The private calendar feed's address is /calendar/<secret>.ics; made on first use, rotated on request.
    calendar_secret = models.CharField(_("calendar secret"), max_length=64, blank=True, editable=False)
    # The start page's "new since your last visit": the visit before the current one, and the current one's start.
    previous_visit_at = models.DateTimeField(_("previous visit"), null=True, blank=True, editable=False)
    visit_started_at = models.DateTimeField(_("visit started"), null=True, blank=True, editable=False)
    # Set when the user deleted their account: the row stays (the records name who did what) without
    # personal data, and can never sign in again (kyky.privacy.services.account_delete).
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.UniqueConstraint(
                fields=["calendar_secret"], condition=~models.Q(calendar_secret=""), name="user_calendar_secret_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    @cached_property
    def member(self) -> Membership | None:
        """The user's membership (one organisation, one role), or None for platform staff and newcomers."""
        return Membership.objects.select_related("organisation").filter(user=self).first()


class Organisation(models.Model):
    class Kind(models.TextChoices):
        SCHOOL = "school", _("school")
        DAYCARE = "daycare", _("day-care centre")
        COMPANY = "company", _("company")
        ASSOCIATION = "association", _("association")
        RESEARCH = "research", _("research organisation")
        CITY = "city", _("city")

    UNIT_KINDS = (Kind.SCHOOL, Kind.DAYCARE)
    # The provider side: companies, registered associations, universities and research institutes.
    PROVIDER_KINDS = (Kind.COMPANY, Kind.ASSOCIATION, Kind.RESEARCH)

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    municipality = models.ForeignKey(
        "catalog.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    business_id = models.CharField(
        _("business ID"),
        max_length=9,
        blank=True,
        help_text=_(
            "Finnish business ID (Y-tunnus), e.g. 1234567-1: required for companies, optional for associations "
            "and research organisations."
        ),
    )
    languages = models.ManyToManyField(
        "catalog.Language", verbose_name=_("languages of instruction"), blank=True, related_name="+"
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_demo = models.BooleanField(
        _("demo"), default=False, editable=False, help_text=_("Created by the demo loader (seed_demo).")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [models.Index(fields=["name"])]
        constraints = [
            models.UniqueConstraint(fields=["name", "municipality"], name="organisation_name_municipality_unique"),
            models.UniqueConstraint(
                fields=["business_id"], condition=~models.Q(business_id=""), name="organisation_business_id_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="company", business_id__gt="")
                | models.Q(kind__in=["association", "research"])
                | (~models.Q(kind__in=["company", "association", "research"]) & models.Q(business_id="")),
                name="organisation_business_id_for_providers",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_unit(self) -> bool:
        """Schools and day-care centres: the units that publish needs and run pilots."""
        return self.kind in self.UNIT_KINDS

    @property
    def is_provider(self) -> bool:
        """Companies, associations and research organisations: the side that offers pilots."""
        return self.kind in self.PROVIDER_KINDS

    def clean(self) -> None:
        self.business_id = (self.business_id or "").strip()
        if self.kind == self.Kind.COMPANY and not self.business_id:
            raise ValidationError({"business_id": _("A company needs its business ID.")})
        if not self.business_id:
            return
        if self.kind not in self.PROVIDER_KINDS:
            raise ValidationError(
                {"business_id": _("Only companies, associations and research organisations have a business ID here.")}
            )
        try:
            self.business_id = ytunnus.format(ytunnus.validate(self.business_id))
        except StdnumError:
            raise ValidationError(
                {"business_id": _("This is not a valid Finnish business ID (check the format 1234567-8).")}
            ) from None


class Membership(models.Model):
    class Role(models.TextChoices):
        TEACHER = "teacher", _("teacher")
        PRINCIPAL = "principal", _("principal")
        REPRESENTATIVE = "representative", _("representative")
        COORDINATOR = "coordinator", _("coordinator")

    # Which kinds of organisation each role exists in.
    ROLE_KINDS = {
        Role.TEACHER: Organisation.UNIT_KINDS,
        Role.PRINCIPAL: Organisation.UNIT_KINDS,
        Role.REPRESENTATIVE: Organisation.PROVIDER_KINDS,
        Role.COORDINATOR: (Organisation.Kind.CITY,),
    }

    user = models.OneToOneField(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="membership")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "user__email"]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}, {self.organisation}"

    def clean(self) -> None:
        organisation = getattr(self, "organisation", None)
        if organisation is not None and self.role and organisation.kind not in self.ROLE_KINDS[self.role]:
            raise ValidationError(
                {
                    "role": _("A %(role)s cannot belong to a %(kind)s.")
                    % {"role": self.get_role_display(), "kind": organisation.get_kind_display()}
                }
            )

    @property
    def is_unit_staff(self) -> bool:
        return self.role in (self.Role.TEACHER, self.Role.PRINCIPAL)


class ApiToken(models.Model):
    """An API token: only its SHA-256 digest is stored, and it expires (KYKY_TOKEN_TTL_HOURS after it was issued).

    The token itself is 32 random bytes shown once, at login; a stolen database gives no usable token.
    """

    digest = models.CharField(max_length=64, primary_key=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    created = models.DateTimeField(default=timezone.now)
    expiry = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} until {self.expiry:%Y-%m-%d %H:%M}"

    @property
    def expired(self) -> bool:
        return self.expiry <= timezone.now()
