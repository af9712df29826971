"""A coordinator's moderation of pilot offers, in their municipality: ask for changes (the offer stays
published), close with a reason after a confirmation step, reopen; and the company hears of each.

Thin views over kyky.pilots.services; the rules (who, in which state) are the Proposal table's.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from frontend.forms import add_service_errors
from frontend.pages import CONFLICTS, go, safe_next
from frontend.workflow_forms import COMMENT_MAX, PlainForm
from kyky.core import workflow
from kyky.pilots import permissions, selectors, services
from kyky.pilots.models import Proposal


class RequestChangesForm(PlainForm):
    comment = forms.CharField(
        label=gettext_lazy("What should the company change? (The company sees this.)"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Say what the company should change; the company will see it.")},
    )


class CloseHereForm(PlainForm):
    comment = forms.CharField(
        label=gettext_lazy("Reason for closing (the company sees it)"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("Give the reason; the company will see it.")},
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


def _detail_url(proposal: Proposal) -> str:
    return reverse("proposal-detail", args=[proposal.pk])


def _offer_page(request, pk: int, **extra):
    from frontend import views  # the offer page lives with the other proposal and need pages

    return views._detail(request, views.PROPOSALS, pk, **extra)


@login_required
def close_here(request, pk: int):
    """Close an offer for the coordinator's municipality: the reason first, then a confirmation step.

    Each step is a plain form, so it works without JavaScript. POST without `confirmed` shows what will
    happen with the reason given; POST with it closes. "Change the reason" goes back to the first step.
    """
    proposal = selectors.proposal_get(actor=request.user, pk=pk)
    try:
        workflow.check(request.user, "close_here", proposal)
    except CONFLICTS as exc:
        return _offer_page(request, pk, error=str(exc), status=409)
    form = CloseHereForm(request.POST if request.method == "POST" else None)
    step, status = "reason", 200
    if request.method == "POST":
        if form.is_valid() and "change" not in request.POST:
            if form.cleaned_data["confirmed"]:
                try:
                    services.proposal_close_here(
                        actor=request.user, proposal=proposal, comment=form.cleaned_data["comment"]
                    )
                except CONFLICTS as exc:
                    return _offer_page(request, pk, error=str(exc), status=409)
                except ValidationError as exc:
                    add_service_errors(form, exc)
                    status = 400
                else:
                    messages.success(
                        request,
                        _("The offer is closed in %(municipality)s. The company was told why.")
                        % {"municipality": _municipality(request)},
                    )
                    return go(request, _detail_url(proposal))
            else:
                step = "confirm"
        elif "change" not in request.POST:
            status = 400
    context = {
        "proposal": proposal,
        "form": form,
        "step": step,
        "municipality": _municipality(request),
        "next": safe_next(request) or "",
    }
    return render(request, "frontend/proposals/close_here.html", context, status=status)


def _municipality(request):
    return request.user.member.organisation.municipality


@login_required
@require_POST
def request_changes(request, pk: int):
    """Ask the company to change its offer; from the offer's page or the coordinator's dashboard."""
    proposal = selectors.proposal_get(actor=request.user, pk=pk)
    form = RequestChangesForm(request.POST, auto_id=_auto_id(request, pk))
    status = 400
    if form.is_valid():
        try:
            services.proposal_request_changes(
                actor=request.user, proposal=proposal, comment=form.cleaned_data["comment"]
            )
        except CONFLICTS as exc:
            form.add_error(None, str(exc))
            status = 409
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The company was asked for changes. The offer stays published meanwhile."))
            return go(request, _detail_url(proposal) + "#moderation")
    if _from_dashboard(request):
        from frontend import coordinator

        return coordinator.dashboard_page(request, change_forms={proposal.pk: form}, status=status)
    return _offer_page(request, pk, status=status, request_form=form)


@login_required
@require_POST
def withdraw_request(request, pk: int):
    proposal = selectors.proposal_get(actor=request.user, pk=pk)
    try:
        services.proposal_withdraw_request(actor=request.user, proposal=proposal)
    except CONFLICTS as exc:
        return _offer_page(request, pk, error=str(exc), status=409)
    messages.success(request, _("Your request for changes was withdrawn. The company was told."))
    return go(request, _detail_url(proposal) + "#moderation")


def _from_dashboard(request) -> bool:
    return (safe_next(request) or "").startswith(reverse("coordinator"))


def _auto_id(request, pk: int) -> str:
    return f"id_%s_changes_{pk}" if _from_dashboard(request) else "id_changes_%s"


def offer_context(request, proposal: Proposal, may: dict, form: RequestChangesForm | None = None) -> dict:
    """What the offer's page shows of moderation: the notes the reader may see, and the coordinator's form."""
    seen = permissions.moderation_seen_by(request.user, proposal)
    context = {"moderation": seen}
    if may.get("request_changes"):
        context["request_form"] = form or RequestChangesForm(auto_id="id_changes_%s")
    return context
