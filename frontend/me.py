"""The signed-in user's own pages: the start page (what waits for them), their settings, their calendar feed."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from frontend.workflow_forms import PlainForm
from kyky.accounts import services as account_services
from kyky.accounts.models import User
from kyky.process import calendar, selectors

#: The session remembers that this visit has been counted, so "new since your last visit" holds for a visit.
VISIT_KEY = "kyky_visit_counted"


def start(request):
    """What waits for the signed-in user now, most urgent first, and the new matches since their last visit."""
    user = account_services.user_visit(user=request.user, new_visit=not request.session.get(VISIT_KEY))
    request.session[VISIT_KEY] = True
    tasks = selectors.user_tasks(actor=user)
    steps = [t for t in tasks if t.kind != "match"]
    context = {
        "steps": steps,
        "task_count": len(steps),
        "matches": [t for t in tasks if t.kind == "match"],
        "since": user.previous_visit_at,
    }
    return render(request, "frontend/start.html", context)


class SettingsForm(PlainForm):
    language = forms.ChoiceField(
        label=gettext_lazy("Language of your e-mails"),
        choices=User.LANGUAGES,
        widget=forms.RadioSelect(attrs={"class": "choices stacked"}),
        help_text=gettext_lazy("The pages switch to it too."),
    )
    notifications = forms.ChoiceField(
        label=gettext_lazy("E-mail me"),
        choices=User.Notifications.choices,
        widget=forms.RadioSelect(attrs={"class": "choices stacked"}),
        help_text=gettext_lazy("What concerns you: applications, offers, agreements, pilots and reminders."),
    )


def _calendar_url(user: User) -> str:
    secret = account_services.calendar_secret(user=user)
    return f"{settings.SITE_URL}{reverse('calendar-feed', args=[secret])}"


@never_cache
@login_required
def settings_page(request):
    user = request.user
    initial = {"language": user.language or translation.get_language()[:2], "notifications": user.notifications}
    form = SettingsForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            account_services.user_settings_update(actor=user, data=form.cleaned_data)
            translation.activate(user.language)
            messages.success(request, _("Your settings are saved."))
            response = redirect("settings")
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
            return response
        status = 400
    context = {"form": form, "calendar_url": _calendar_url(user)}
    return render(request, "frontend/settings.html", context, status=status)


@login_required
@require_POST
def calendar_rotate(request):
    account_services.calendar_secret_rotate(actor=request.user)
    messages.success(request, _("Your calendar has a new address. The old one no longer works: subscribe again."))
    return redirect(f"{reverse('settings')}#calendar")


@require_GET
def calendar_feed(request, secret: str):
    """The private iCalendar feed: anyone with the address reads it, so the address is the secret."""
    user = calendar.user_by_calendar_secret(secret)
    if user is None:
        raise Http404
    response = HttpResponse(calendar.calendar_feed(user=user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kyky.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_GET
def task_badge(request):
    """The navigation's badge, loaded after the page (htmx) so that no page pays for counting its reader's tasks."""
    count = selectors.task_count(actor=request.user) if request.user.member is not None else 0
    response = render(request, "frontend/includes/task_badge.html", {"count": count})
    response["Cache-Control"] = "private, no-store"
    return response
