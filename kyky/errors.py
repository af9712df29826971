"""Domain errors that every face (API, pages, commands) maps to its own way of saying no."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """Base of the errors raised by services."""


class TransitionError(DomainError):
    """An action that the object's current state does not allow (HTTP 409)."""

    def __init__(self, *, action: str, current: str | None, label: str = "", current_display: str = "") -> None:
        self.action = action
        self.current = current
        self.label = label
        if current is None:
            message = _("This item no longer exists.")
        else:
            message = _("Cannot %(action)s: the %(label)s is %(state)s.") % {
                "action": action,
                "label": label or _("item"),
                "state": current_display or current,
            }
        super().__init__(str(message))


class StaleEdit(DomainError):
    """An edit made from an old version: someone else saved in between (HTTP 412). Nothing was changed."""

    def __init__(self, *, current: int) -> None:
        self.current = current
        super().__init__(
            str(
                _(
                    "Someone else saved this in the meantime, so your changes were not saved. "
                    "Reload to see the current version, then make your changes again."
                )
            )
        )


class ConflictError(DomainError):
    """A request that conflicts with what already exists (a duplicate, no capacity left): HTTP 409."""


class Throttled(ConflictError):
    """The same request came again too soon (HTTP 429 with Retry-After): e.g. a second reminder in a day."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        self.retry_after = max(1, int(retry_after))
        super().__init__(message)


class LoginThrottled(DomainError):
    """Too many failed logins (HTTP 429)."""

    def __init__(self, wait: int) -> None:
        self.wait = wait
        super().__init__(
            str(_("Too many failed attempts. Try again in %(minutes)s minutes.") % {"minutes": max(1, wait // 60)})
        )


class PasswordResetThrottled(DomainError):
    """Too many password-reset requests from one address (HTTP 429)."""

    def __init__(self, wait: int) -> None:
        self.wait = wait
        super().__init__(
            str(
                _("Too many requests from your address. Try again in %(minutes)s minutes.")
                % {"minutes": max(1, wait // 60)}
            )
        )


class DocumentNotReady(ConflictError):
    """A stored document (the approved or the signed PDF) is still being produced: HTTP 409 with Retry-After."""

    retry_after = 5  # seconds; rendering one agreement takes well under that

    def __init__(self, message: str = "") -> None:
        super().__init__(message or str(_("The approved document is being prepared, try again in a moment.")))
