"""Pages. The landing page explains KYKY; the rest of the journeys build on the same services as the API."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.views.generic import TemplateView

from frontend.forms import LoginForm


class LandingView(TemplateView):
    template_name = "frontend/landing.html"


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "frontend/login.html"
    redirect_authenticated_user = True
