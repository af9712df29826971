"""/applications/: what the user's organisation sent and received, and the answers they may give."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from frontend import suggestions
from frontend.pages import CONFLICTS, go, paginate
from frontend.workflow_forms import CommentForm
from kyky.core import workflow
from kyky.matching import selectors as matching_selectors
from kyky.matching import services as matching_services
from kyky.pilots import permissions, selectors, services
from kyky.pilots.models import Application
from kyky.process import services as process

#: Per section; messages can be long, so the page stays within its weight budget.
PAGE_SIZE = 6

ANSWERS = {
    "accept": (process.application_accept, gettext_lazy("Accepted. The pilot and its draft agreement were created.")),
    "decline": (services.application_decline, gettext_lazy("The application was declined.")),
    "withdraw": (services.application_withdraw, gettext_lazy("The application was withdrawn.")),
}


def _with_buttons(user, applications, forms: dict | None = None):
    """Mark each application with what the user may do to it (the services check again)."""
    forms = forms or {}
    for application in applications:
        application.may = dict.fromkeys(workflow.available_actions(user, application), True)
        application.form = forms.get(application.pk) or CommentForm(auto_id=f"id_%s_{application.pk}")


def _page(request, *, error: str = "", status: int = 200):
    """The sections: received and sent for a party, everything in the municipality for a coordinator."""
    visible = selectors.application_visible(actor=request.user).select_related("pilot__agreement")
    side = permissions.pairing_side(request.user)
    if side is None:
        sections = [("all", _("Applications in your municipality"), visible)]
    else:
        sections = [
            ("received", _("Received"), visible.exclude(initiated_by=side)),
            ("sent", _("Sent"), visible.filter(initiated_by=side)),
        ]
    pages = []
    for key, title, items in sections:
        page = paginate(request, items, param=f"{key}_page", size=PAGE_SIZE)
        _with_buttons(request.user, page.object_list)
        pages.append((key, title, page))
    context = {
        "sections": pages,
        "side": side,
        "error": error,
        **suggestions.for_applications(request),
    }
    return render(request, "frontend/applications/list.html", context, status=status)


@login_required
def application_list(request):
    return _page(request)


def _get(request, pk: int) -> Application:
    try:
        return selectors.application_visible(actor=request.user).select_related("pilot__agreement").get(pk=pk)
    except (Application.DoesNotExist, ValueError):
        raise Http404 from None


def _detail(request, application: Application, form=None, *, status: int = 200):
    _with_buttons(request.user, [application], {application.pk: form} if form else None)
    context = {"application": application, "side": permissions.pairing_side(request.user)}
    return render(request, "frontend/applications/detail.html", context, status=status)


@login_required
def application_detail(request, pk: int):
    return _detail(request, _get(request, pk))


@login_required
@require_POST
def application_answer(request, pk: int, action: str):
    """Accept, decline or withdraw, with an optional comment; accepting leads to the new agreement."""
    application = _get(request, pk)
    form = CommentForm(request.POST, auto_id=f"id_%s_{pk}")
    status = 400
    if form.is_valid():
        service, done = ANSWERS[action]
        try:
            result = service(actor=request.user, application=application, comment=form.cleaned_data["comment"])
        except CONFLICTS as exc:
            form.add_error(None, str(exc))
            status = 409
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, done)
            if action == "accept":
                return go(request, reverse("agreement-detail", args=[result.agreement.pk]), new_page=True)
            return go(request, reverse("application-list"))
    return _detail(request, _get(request, pk), form, status=status)


@login_required
@require_POST
def suggestion_apply(request, pk: int):
    """One step from a round's suggestion to an application: the company applies, the school expresses interest."""
    pair = matching_selectors.suggestion_get(actor=request.user, pk=pk)
    try:
        matching_services.suggestion_apply(actor=request.user, pair=pair)
    except CONFLICTS as exc:
        return _page(request, error=str(exc), status=409)
    except ValidationError as exc:
        return _page(request, error=" ".join(exc.messages), status=400)
    if permissions.pairing_side(request.user) == Application.Side.COMPANY:
        done = _("Your application was sent to %(unit)s. You will get an e-mail when they answer.")
    else:
        done = _("Your interest was sent to %(company)s. You will get an e-mail when they answer.")
    messages.success(request, done % {"unit": pair.need.organisation, "company": pair.proposal.organisation})
    return go(request, reverse("application-list"))
