"""Matchmaking rounds, the coordinator's part: run one for a date window, preview the pairs with their
scores and reasons, remove pairs, confirm (both sides of each kept pair are told) or cancel."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from frontend.forms import DateInput
from frontend.pages import CONFLICTS, require_coordinator
from frontend.workflow_forms import PlainForm
from kyky.core import schoolyear
from kyky.matching import selectors, services
from kyky.matching.engine import MIN_FIT
from kyky.matching.models import Round

ROUNDS_SHOWN = 10
PAIRS_PER_PAGE = 25


DEFAULT_MIN_PERCENT = round(MIN_FIT * 100)


class RoundForm(PlainForm):
    starts_on = forms.DateField(label=gettext_lazy("From"), widget=DateInput())
    ends_on = forms.DateField(label=gettext_lazy("To"), widget=DateInput())
    min_percent = forms.IntegerField(
        label=gettext_lazy("Minimum fit (%)"),
        min_value=0,
        max_value=100,
        required=False,
        initial=DEFAULT_MIN_PERCENT,
        help_text=format_lazy(
            gettext_lazy("Pairs that fit less are not suggested. Matches pages show nothing below {percent} %."),
            percent=DEFAULT_MIN_PERCENT,
        ),
    )

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        return data

    def service_data(self) -> dict:
        """What round_create takes: the window, and the minimum fit as a score in [0, 1]."""
        data = self.cleaned_data
        percent = DEFAULT_MIN_PERCENT if data.get("min_percent") is None else data["min_percent"]
        return {"starts_on": data["starts_on"], "ends_on": data["ends_on"], "min_score": percent / 100}


def for_dashboard(request, member, round_form: RoundForm | None = None) -> dict:
    """The rounds section of the dashboard: the form to run one and the latest rounds."""
    if round_form is None:
        term = schoolyear.next_term(timezone.localdate())  # rounds are run ahead of the term they fill
        round_form = RoundForm(
            initial={"starts_on": term.starts_on, "ends_on": term.ends_on, "min_percent": DEFAULT_MIN_PERCENT},
            auto_id="id_round_%s",
        )
    return {
        "rounds_enabled": True,
        "round_form": round_form,
        "rounds": list(selectors.round_visible(actor=request.user)[:ROUNDS_SHOWN]),
    }


def _page(request, round_: Round, *, error: str = "", remove_error: str = "", status: int = 200):
    number = request.POST.get("page") if request.method == "POST" else request.GET.get("page")
    pairs = Paginator(round_.pairs.all(), PAIRS_PER_PAGE).get_page(number)
    names = selectors.reason_names()
    for pair in pairs.object_list:
        pair.sentences = selectors.reason_sentences(pair.reasons, names)
        pair.percent = round(pair.score * 100)
    context = {
        "round": round_,
        "pairs": pairs,
        "page": pairs,
        "error": error,
        "remove_error": remove_error,
        "min_percent": round(round_.min_score * 100),
        "draft": round_.status == Round.Status.DRAFT,
    }
    return render(request, "frontend/coordinator/round.html", context, status=status)


def _pairs_to_remove(request) -> list[int]:
    """The pair of the row's own Remove button, or else every ticked pair."""
    values = [request.POST["only"]] if request.POST.get("only") else request.POST.getlist("pairs")
    try:
        return sorted({int(value) for value in values})
    except ValueError:
        return []


def _back_to_pairs(request, pk: int, pair_ids: list[int]):
    """After removing: the same page of pairs, scrolled to the first removed pair (htmx swaps the list alone)."""
    url = reverse("round-detail", args=[pk])
    try:
        number = int(request.POST.get("page", ""))
    except ValueError:
        number = 0
    if number > 1:
        url += f"?page={number}"
    return redirect(f"{url}#pair-{pair_ids[0]}")


@login_required
def round_detail(request, pk: int):
    require_coordinator(request.user)
    return _page(request, selectors.round_get(actor=request.user, pk=pk))


DONE = {
    "remove": gettext_lazy("The pair was removed from the round."),
    "confirm": gettext_lazy("The round is confirmed. Each pair was offered to both sides, who were told by e-mail."),
    "remove_many": gettext_lazy("The pairs were removed from the round."),
    "cancel": gettext_lazy("The round was cancelled. Nobody was told."),
}


@login_required
@require_POST
def round_action(request, pk: int, action: str):
    require_coordinator(request.user)
    round_ = selectors.round_get(actor=request.user, pk=pk)
    try:
        if action == "remove":
            pair_ids = _pairs_to_remove(request)
            if not pair_ids:
                return _page(request, round_, remove_error=_("Choose the pairs to remove."), status=400)
            services.round_remove_pairs(actor=request.user, round_=round_, pair_ids=pair_ids)
            messages.success(request, DONE["remove" if len(pair_ids) == 1 else "remove_many"])
            return _back_to_pairs(request, pk, pair_ids)
        elif action == "confirm":
            services.round_confirm(actor=request.user, round_=round_)
        else:
            services.round_cancel(actor=request.user, round_=round_)
    except CONFLICTS as exc:
        return _page(request, selectors.round_get(actor=request.user, pk=pk), error=str(exc), status=409)
    except ValidationError as exc:
        if action == "remove":
            return _page(request, round_, remove_error=" ".join(exc.messages), status=400)
        return _page(request, round_, error=" ".join(exc.messages), status=400)
    messages.success(request, DONE[action])
    return redirect("round-detail", pk=pk)
