"""Onboarding organisations and users, and logging in with a limit on failed attempts."""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kyky.accounts.models import Membership, Organisation, User
from kyky.catalog.models import Language, Municipality
from kyky.core.cache import count_hit
from kyky.errors import LoginThrottled, PasswordResetThrottled


@dataclass(frozen=True)
class Onboarded:
    organisation: Organisation
    user: User
    membership: Membership
    organisation_created: bool
    user_created: bool
    password: str | None  # set when a password was generated here and must be handed over


@transaction.atomic
def organisation_get_or_create(
    *,
    name: str,
    kind: str,
    municipality: str,
    business_id: str = "",
    languages: Iterable[str] = (),
    address: str = "",
) -> tuple[Organisation, bool]:
    place = Municipality.objects.filter(pk=municipality).first()
    if place is None:
        raise ValidationError({"municipality": [_("Unknown municipality code: %(code)s.") % {"code": municipality}]})
    existing = Organisation.objects.filter(name=name, municipality=place).first()
    if existing is not None:
        if existing.kind != kind:
            raise ValidationError(
                {
                    "kind": [
                        _("%(name)s already exists as a %(kind)s.")
                        % {"name": name, "kind": existing.get_kind_display()}
                    ]
                }
            )
        return existing, False
    organisation = Organisation(name=name, kind=kind, municipality=place, business_id=business_id, address=address)
    organisation.full_clean()
    organisation.save()
    if organisation.is_unit:
        codes = list(languages) or ["fi"]
        found = list(Language.objects.filter(pk__in=codes))
        if len(found) != len(set(codes)):
            raise ValidationError({"languages": [_("Unknown language code.")]})
        organisation.languages.set(found)
    return organisation, True


@transaction.atomic
def user_onboard(
    *,
    organisation: Organisation,
    email: str,
    role: str,
    name: str = "",
    password: str | None = None,
) -> tuple[User, Membership, bool, str | None]:
    """Create the user (or reuse one with that e-mail) and give them their role in the organisation."""
    email = User.objects.normalize_email(email)
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    generated = None
    if created:
        user = User(email=email, name=name or email.split("@")[0])
        user.full_clean(exclude=["password"])
        if not password:
            generated = password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.save()
    else:
        if name:
            user.name = name
        if password:
            user.set_password(password)
        user.save()
    membership = Membership.objects.filter(user=user).first()
    if membership is not None and membership.organisation_id != organisation.pk:
        raise ValidationError(
            {"email": [_("%(email)s already belongs to %(org)s.") % {"email": email, "org": membership.organisation}]}
        )
    membership = membership or Membership(user=user, organisation=organisation)
    membership.role = role
    membership.full_clean(exclude=["user"])
    membership.save()
    return user, membership, created, generated


def onboard(
    *,
    org: str,
    kind: str,
    municipality: str,
    email: str,
    role: str,
    password: str | None = None,
    business_id: str = "",
    name: str = "",
    languages: Iterable[str] = (),
) -> Onboarded:
    """What `manage.py onboard` does: the organisation if needed, the user and the membership."""
    with transaction.atomic():
        organisation, org_created = organisation_get_or_create(
            name=org, kind=kind, municipality=municipality, business_id=business_id, languages=languages
        )
        user, membership, user_created, generated = user_onboard(
            organisation=organisation, email=email, role=role, name=name, password=password
        )
    return Onboarded(organisation, user, membership, org_created, user_created, generated)


def _failure_keys(email: str, client: str) -> tuple[str, str, str]:
    account = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    pair = hashlib.sha256(f"{email.strip().lower()}|{client}".encode()).hexdigest()[:32]
    return f"login-fail:pair:{pair}", f"login-fail:account:{account}", f"login-fail:client:{client}"


def _uncount(key: str) -> None:
    with contextlib.suppress(ValueError):  # expired meanwhile
        cache.decr(key)


def login(*, email: str, password: str, client: str, request=None) -> User | None:
    """Authenticate within the limits on failed attempts; the user, None for wrong credentials, or LoginThrottled.

    Every attempt takes a place in the counters of its e-mail and address (the pair) and of its e-mail
    alone before the password is checked, so that concurrent attempts cannot pass a limit together; an
    attempt that is refused or succeeds gives its place back. The address's own counter only turns wrong
    passwords into 429: a correct password from a busy address (a school's NAT) still gets in.
    """
    window = settings.LOGIN_FAILURE_WINDOW
    pair_key, account_key, client_key = _failure_keys(email, client)
    if count_hit(pair_key, window) > settings.LOGIN_FAILURE_LIMIT:
        _uncount(pair_key)
        raise LoginThrottled(window)
    if count_hit(account_key, window) > settings.LOGIN_ACCOUNT_FAILURE_LIMIT:
        _uncount(account_key)
        _uncount(pair_key)
        raise LoginThrottled(window)
    user = authenticate(request, email=email.strip(), password=password)
    if user is None:
        if count_hit(client_key, window) > settings.LOGIN_CLIENT_FAILURE_LIMIT:
            raise LoginThrottled(window)
        return None
    cache.delete(pair_key)
    _uncount(account_key)
    return user


# The user's own settings: language, notifications, the calendar feed's secret, visits


def language_from_header(accept_language: str) -> str:
    """The first of fi, sv, en that an Accept-Language header asks for, or "" when it names none of them."""
    from django.utils.translation.trans_real import parse_accept_lang_header

    for code, _quality in parse_accept_lang_header(accept_language or ""):
        short = code.split("-")[0].lower()
        if short in ("fi", "sv", "en"):
            return short
    return ""


def user_first_login(*, user: User, accept_language: str = "") -> User:
    """At the first login the user's language starts from the browser's, or else their unit's language.

    Only fills a language not yet set; a user's own choice is never overwritten.
    """
    if user.language:
        return user
    language = language_from_header(accept_language)
    if not language:
        member = user.member
        codes = set(member.organisation.languages.values_list("code", flat=True)) if member else set()
        language = next((code for code in ("fi", "sv", "en") if code in codes), "fi")
    User.objects.filter(pk=user.pk, language="").update(language=language)
    user.language = language
    return user


@transaction.atomic
def user_settings_update(*, actor: User, data: dict) -> User:
    """Change the actor's own language and notification setting; unknown values are field errors (400)."""
    user = User.objects.select_for_update().get(pk=actor.pk)
    errors = {}
    if "language" in data:
        if data["language"] not in dict(User.LANGUAGES):
            errors["language"] = [_("Choose fi, sv or en.")]
        else:
            user.language = data["language"]
    if "notifications" in data:
        if data["notifications"] not in User.Notifications.values:
            errors["notifications"] = [_("Choose immediately, digest or off.")]
        else:
            user.notifications = data["notifications"]
    if errors:
        raise ValidationError(errors)
    user.save(update_fields=["language", "notifications"])
    actor.language, actor.notifications = user.language, user.notifications
    return user


def calendar_secret(*, user: User) -> str:
    """The secret of the user's calendar feed, made on first use."""
    if not user.calendar_secret:
        secret = secrets.token_urlsafe(32)
        User.objects.filter(pk=user.pk, calendar_secret="").update(calendar_secret=secret)
        user.calendar_secret = User.objects.filter(pk=user.pk).values_list("calendar_secret", flat=True).get()
    return user.calendar_secret


def calendar_secret_rotate(*, actor: User) -> str:
    """A new secret for the actor's calendar feed: the old address stops working at once."""
    actor.calendar_secret = secrets.token_urlsafe(32)
    User.objects.filter(pk=actor.pk).update(calendar_secret=actor.calendar_secret)
    return actor.calendar_secret


def user_visit(*, user: User, new_visit: bool) -> User:
    """Mark the start of a visit to the start page; the previous visit is what "new since" compares with."""
    if new_visit or user.visit_started_at is None:
        now = timezone.now()
        User.objects.filter(pk=user.pk).update(previous_visit_at=user.visit_started_at, visit_started_at=now)
        user.previous_visit_at, user.visit_started_at = user.visit_started_at, now
    return user


def password_reset_allowed(*, email: str, client: str) -> bool:
    """Count a request for a password-reset e-mail; whether an e-mail may be sent to this address now.

    Every request counts, whether or not an account uses the address, so the answers tell nothing about
    accounts. A client over its limit gets PasswordResetThrottled (429); an address over its limit gets
    no more e-mails in the window, and the asker is answered as always.
    """
    window = settings.PASSWORD_RESET_WINDOW
    if count_hit(f"reset:client:{client}", window) > settings.PASSWORD_RESET_CLIENT_LIMIT:
        raise PasswordResetThrottled(window)
    account = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return count_hit(f"reset:account:{account}", window) <= settings.PASSWORD_RESET_EMAIL_LIMIT
