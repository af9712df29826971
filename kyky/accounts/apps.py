from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _first_login(sender, request, user, **kwargs):
    """Every sign-in to a session (password, the city's provider, the admin) starts a new user's language."""
    from kyky.accounts.services import user_first_login

    user_first_login(user=user, accept_language=request.META.get("HTTP_ACCEPT_LANGUAGE", "") if request else "")


class AccountsConfig(AppConfig):
    name = "kyky.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_first_login, dispatch_uid="kyky-first-login-language")
