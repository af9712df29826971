"""The pages of sign-in through the city's identity provider: start, callback, and the refusal page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView
from requests import RequestException

from kyky.accounts import oidc


class AuthenticateView(OIDCAuthenticationRequestView):
    """Send the browser to the provider's authorization endpoint (discovered) with state, nonce and PKCE."""

    def __init__(self, *args, **kwargs) -> None:
        View.__init__(self, *args, **kwargs)  # upstream reads the endpoint from settings here

    def get(self, request):
        if not oidc.enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc.provider_configuration()["authorization_endpoint"]
        except (RequestException, KeyError, ValueError):
            messages.error(request, _("The identity provider cannot be reached. Try again later."))
            return redirect("login")
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """Log the matched user in and record in the session that they signed in through the provider."""

    def get(self, request):
        if not oidc.enabled():
            raise Http404
        return super().get(request)

    def login_success(self):
        response = super().login_success()
        authentication = getattr(self.request, "kyky_authentication", {"method": "oidc", "assurance": ""})
        self.request.session[oidc.SESSION_KEY] = authentication
        return response


def refused(request):
    """Signed in at the provider, but no active KYKY account has that verified e-mail address."""
    return render(request, "frontend/oidc_refused.html", {"oidc_name": settings.OIDC_NAME}, status=403)
