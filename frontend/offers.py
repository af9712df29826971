"""/offers/<id>/: a matchmaking round's offer, where each side accepts or declines it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frontend.pages import CONFLICTS, go
from frontend.workflow_forms import CommentForm
from kyky.core import workflow
from kyky.matching import selectors as matching_selectors
from kyky.matching import services as matching
from kyky.matching.models import Offer
from kyky.pilots import permissions
from kyky.process import selectors
from kyky.process import services as process


def _get(request, pk: int) -> Offer:
    try:
        return selectors.offer_visible(actor=request.user).get(pk=pk)
    except (Offer.DoesNotExist, ValueError):
        raise Http404 from None


def _page(request, offer: Offer, form=None, *, status: int = 200):
    names = matching_selectors.reason_names()
    context = {
        "offer": offer,
        "side": permissions.pairing_side(request.user),
        "may": dict.fromkeys(workflow.available_actions(request.user, offer), True),
        "form": form or CommentForm(),
        "reasons": matching_selectors.reason_sentences(offer.pair.reasons, names),
        "percent": round(offer.pair.score * 100),
        "agreement": getattr(getattr(offer.application, "pilot", None), "agreement", None)
        if offer.application_id
        else None,
    }
    return render(request, "frontend/offers/detail.html", context, status=status)


@login_required
def offer_detail(request, pk: int):
    return _page(request, _get(request, pk))


@login_required
@require_POST
def offer_answer(request, pk: int, action: str):
    offer = _get(request, pk)
    form = CommentForm(request.POST)
    status = 400
    if form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            if action == "accept":
                offer = process.offer_accept(actor=request.user, offer=offer, comment=comment)
            else:
                offer = matching.offer_decline(actor=request.user, offer=offer, comment=comment)
        except CONFLICTS as exc:
            form.add_error(None, str(exc))
            status = 409
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if offer.status == Offer.Status.ACCEPTED:
                messages.success(request, _("Both sides accepted. The pilot and its draft agreement were created."))
                agreement = offer.application.pilot.agreement
                return go(request, reverse("agreement-detail", args=[agreement.pk]), new_page=True)
            if action == "accept":
                messages.success(request, _("You accepted. The pilot is created when the other side accepts too."))
            else:
                messages.success(request, _("You declined the offer. Its place is free again."))
            return go(request, reverse("offer-detail", args=[offer.pk]))
    return _page(request, _get(request, pk), form, status=status)
