"""/coordinator/: a city coordinator's dashboard over their municipality.

Agreements waiting for approval (approve, or return with a comment, from the page), pilots by
state, published proposals to moderate, and matchmaking rounds.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contracts import selectors as agreement_selectors
from contracts.models import Agreement
from frontend import rounds
from frontend.forms import add_service_errors
from frontend.moderation import RequestChangesForm
from frontend.pages import require_coordinator
from frontend.workflow_forms import ReviewForm
from kyky.matching import services as matching_services
from kyky.pilots import selectors as pilot_selectors
from kyky.pilots.models import Pilot, Proposal, ProposalChangeRequest, ProposalClosure

MODERATION_SHOWN = 15
PILOTS_SHOWN = 50


def dashboard_page(
    request, *, review_forms=None, change_forms=None, round_form=None, error: str = "", status: int = 200
):
    member = require_coordinator(request.user)
    user, municipality = request.user, member.organisation.municipality
    review_forms, change_forms = review_forms or {}, change_forms or {}

    waiting = list(
        agreement_selectors.agreement_list(actor=user, status=Agreement.Status.SUBMITTED).order_by("submitted_at", "id")
    )
    for agreement in waiting:
        agreement.form = review_forms.get(agreement.pk) or ReviewForm(auto_id=f"id_%s_{agreement.pk}")

    pilots = pilot_selectors.pilot_visible(actor=user)
    counts = dict(pilots.prefetch_related(None).order_by().values_list("status").annotate(n=Count("id")))
    pilot_states = [(value, label, counts.get(value, 0)) for value, label in Pilot.Status.choices]
    shown_state = request.GET.get("pilots")
    if shown_state not in Pilot.Status.values:
        shown_state = Pilot.Status.RUNNING
    shown_pilots = list(pilots.prefetch_related(None).filter(status=shown_state)[:PILOTS_SHOWN])

    to_moderate = (
        pilot_selectors.proposal_list(actor=user, filters={"status": "published", "municipality": municipality.pk})
        .prefetch_related(None)
        .exclude(closures__municipality=municipality)
    )
    moderation = list(to_moderate[:MODERATION_SHOWN])
    asked = set(
        ProposalChangeRequest.objects.filter(
            municipality=municipality, proposal__in=[p.pk for p in moderation]
        ).values_list("proposal_id", flat=True)
    )
    for proposal in moderation:
        proposal.changes_requested = proposal.pk in asked
        proposal.form = change_forms.get(proposal.pk) or RequestChangesForm(auto_id=f"id_%s_changes_{proposal.pk}")
    closed_here = list(
        ProposalClosure.objects.filter(municipality=municipality, proposal__status=Proposal.Status.PUBLISHED)
        .select_related("proposal__organisation", "closed_by")
        .order_by("-created_at", "-id")[:MODERATION_SHOWN]
    )

    context = {
        "municipality": municipality,
        "waiting": waiting,
        "pilot_states": pilot_states,
        "shown_state": shown_state,
        "shown_state_label": dict(Pilot.Status.choices)[shown_state],
        "shown_pilots": shown_pilots,
        "moderation": moderation,
        "closed_here": closed_here,
        "moderation_count": to_moderate.count() if len(moderation) == MODERATION_SHOWN else len(moderation),
        "error": error,
        **rounds.for_dashboard(request, member, round_form),
    }
    return render(request, "frontend/coordinator/dashboard.html", context, status=status)


@login_required
def dashboard(request):
    return dashboard_page(request)


@login_required
@require_POST
def round_create(request):
    """Run a matchmaking round for the date window; its pairs are a draft to preview on the round's page."""
    require_coordinator(request.user)
    form = rounds.RoundForm(request.POST, auto_id="id_round_%s")
    if form.is_valid():
        try:
            created = matching_services.round_create(actor=request.user, **form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The round is planned. Check the pairs, remove any that do not fit, and confirm.")
            )
            return redirect("round-detail", pk=created.pk)
    return dashboard_page(request, round_form=form, status=400)
