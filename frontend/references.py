"""/references/: the co-created references. Public by code (a page and an embeddable SVG badge); listed to
their provider and their municipality's coordinators; withdrawn by a coordinator with a reason."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frontend.pages import CONFLICTS, paginate
from frontend.workflow_forms import PlainForm
from kyky.core import workflow
from kyky.core.dates import human_date
from kyky.references import permissions, selectors, services, wording
from kyky.references.models import REASON_MAX, Reference


class WithdrawForm(PlainForm):
    reason = forms.CharField(
        label=gettext_lazy("Reason for withdrawing the reference"),
        help_text=gettext_lazy("The provider sees the reason; the public page says only that it was withdrawn."),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _language() -> str:
    language = (get_language() or "fi")[:2]
    return language if language in wording.BADGE_LANGUAGES else "fi"


def _shown(reference: Reference, actor) -> Reference:
    """The reference with what its page prints, in the reader's language."""
    reference.text = wording.reference_text(reference)
    reference.term_label = wording.term_label(reference)
    reference.rating = f"{reference.average_rating:.1f}".replace(".", "," if _language() != "en" else ".") if (
        reference.average_rating is not None
    ) else ""  # fmt: skip
    reference.created_on = human_date(reference.created_at.date())
    reference.withdrawn_on = human_date(reference.withdrawn_at.date()) if reference.withdrawn_at else ""
    reference.reason_shown = not reference.valid and permissions.may_see_withdrawal_reason(actor, reference)
    return reference


def _page(request, reference: Reference, *, form: WithdrawForm | None = None, status: int = 200):
    user = request.user
    reference = _shown(reference, user)
    context = {
        "reference": reference,
        "may_withdraw": "withdraw" in workflow.available_actions(user, reference),
        "form": form or WithdrawForm(),
        "own": permissions.is_provider_member(user, reference),
    }
    if context["own"]:
        context["snippets"] = [
            (code, name, wording.embed_snippet(reference, code))
            for code, name in (("fi", "suomi"), ("sv", "svenska"), ("en", "English"))
        ]
        context["badge_src"] = f"{reference.path}badge.svg?lang={_language()}"
    return render(request, "frontend/references/detail.html", context, status=status)


def reference_detail(request, code: str):
    return _page(request, selectors.reference_get(code=code))


def reference_badge(request, code: str):
    """The badge as a standalone SVG image: it links to the page when opened, and says when it was withdrawn."""
    reference = selectors.reference_get(code=code)
    language = request.GET.get("lang")
    language = language if language in wording.BADGE_LANGUAGES else "fi"
    text = wording.in_language(language, wording.reference_text, reference)
    with_term = wording.in_language(language, wording.term_label, reference)
    width, height = wording.badge_size(text)
    context = {
        "reference": reference,
        "language": language,
        "text": text,
        "subtitle": f"KYKY · {with_term}",
        "withdrawn": wording.in_language(language, lambda r: _("Reference withdrawn"), reference),
        "width": width,
        "height": height,
        "page_url": wording.page_url(reference),
    }
    response = render(request, "frontend/references/badge.svg", context, content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=300"
    # Nothing in the image may run or load anything, even when it is opened on its own.
    response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"  # other sites embed it
    return response


@login_required
def reference_list(request):
    page = paginate(request, selectors.reference_list(actor=request.user))
    for reference in page:
        _shown(reference, request.user)
    return render(request, "frontend/references/list.html", {"page": page})


@login_required
@require_POST
def reference_withdraw(request, code: str):
    reference = selectors.reference_get(code=code)
    workflow.require(request.user, "withdraw", reference)  # 403 for anyone but its coordinators
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _page(request, reference, form=form, status=400)
    try:
        services.reference_withdraw(actor=request.user, reference=reference, reason=form.cleaned_data["reason"])
    except CONFLICTS as exc:
        form.add_error(None, str(exc))
        return _page(request, reference, form=form, status=409)
    except ValidationError as exc:
        form.add_error("reason", exc.message_dict.get("reason", exc.messages))
        return _page(request, reference, form=form, status=400)
    messages.success(request, _("The reference was withdrawn. Its page and badge now say so."))
    return redirect("reference-detail", code=reference.code)
