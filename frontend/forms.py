"""Forms of the pages."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from kyky.accounts import services
from kyky.errors import LoginThrottled


class LoginForm(AuthenticationForm):
    """E-mail and password, with the same limit on failed attempts as the API."""

    username = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )

    def clean(self):
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email and password:
            client = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
            try:
                self.user_cache = services.login(email=email, password=password, client=client, request=self.request)
            except LoginThrottled as exc:
                raise forms.ValidationError(str(exc), code="throttled") from None
            if self.user_cache is None:
                raise forms.ValidationError(_("Wrong e-mail or password."), code="invalid_login")
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data
