"""/agreements/ and the pilots under them: details, state, signatures, history and the actions as buttons.

Thin views over contracts.services and kyky.pilots.services: outsiders get 404 from the selectors,
insiders without the right 403 from the permissions, an action the state does not allow 409.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from contracts import parts
from contracts import permissions as agreement_permissions
from contracts import selectors as agreement_selectors
from contracts import services as agreement_services
from contracts.models import Agreement
from frontend import coordinator, drafts, localise
from frontend.forms import posted_version
from frontend.pages import CONFLICTS, go, history_rows, paginate
from frontend.workflow_forms import (
    AgreementForm,
    AgreementStatusForm,
    CancelForm,
    CommentForm,
    FeedbackForm,
    ReviewForm,
    SignForm,
)
from kyky.accounts.oidc import session_authentication
from kyky.catalog.models import Level, Subject
from kyky.core import workflow
from kyky.core.dates import human_date
from kyky.errors import DocumentNotReady, StaleEdit, Throttled
from kyky.pilots import permissions as pilot_permissions
from kyky.pilots import selectors as pilot_selectors
from kyky.pilots import services as pilot_services
from kyky.pilots.models import Pilot
from kyky.process import services as process
from kyky.references import selectors as reference_selectors
from kyky.references import wording as reference_wording

Status = Agreement.Status
PARTIES = {
    "school": gettext_lazy("The school's contact person"),
    "company": gettext_lazy("The company's contact person"),
}


# The list


@login_required
def agreement_list(request):
    form = AgreementStatusForm(request.GET)
    status = form.cleaned_data["status"] if form.is_valid() else None
    page = paginate(request, agreement_selectors.agreement_list(actor=request.user, status=status or None))
    partial = request.htmx and not request.htmx.history_restore_request
    template = "frontend/agreements/_results.html" if partial else "frontend/agreements/list.html"
    response = render(request, template, {"form": form, "page": page, "partial": partial})
    patch_vary_headers(response, ["HX-Request"])
    return response


# One agreement


def _get(request, pk: int) -> Agreement:
    return agreement_selectors.agreement_get(actor=request.user, pk=pk)


def _snapshot_label(key: str) -> str:
    """A changed snapshot key (``contacts.school.name``) as the edit form labels it, in the page's language."""
    fields = AgreementForm.base_fields
    parts = key.split(".")
    if parts[0] == "contacts" and len(parts) == 3 and f"contact_{parts[2]}" in fields:
        return f"{PARTIES.get(parts[1], parts[1])}: {fields[f'contact_{parts[2]}'].label}"
    if parts[0] == "personal_data" and len(parts) == 2 and f"pd_{parts[1]}" in fields:
        return str(fields[f"pd_{parts[1]}"].label)
    name = parts[-1] if parts[0] == "pilot" else key
    return str(fields[name].label) if name in fields else key


def _agreement_history(agreement: Agreement) -> list[tuple]:
    """History rows; a signature reads "Signed for the school", a mark "The school's part is ready" (the party
    is in the entry's data)."""
    by_party = {
        "sign": {"school": _("Signed for the school"), "company": _("Signed for the company")},
        "ready": {"school": _("The school's part is ready"), "company": _("The company's part is ready")},
        "remind": {"school": _("The school was asked to complete its part"),
                   "company": _("The company was asked to complete its part")},
    }  # fmt: skip
    rows = []
    for entry, frm, to in history_rows(agreement_selectors.agreement_history(agreement), dict(Status.choices)):
        labels = by_party.get(entry.action)
        if labels and entry.from_state == entry.to_state:
            frm, to = "", labels.get((entry.data or {}).get("party"), to)
        entry.changed = list(dict.fromkeys(_snapshot_label(key) for key in entry.changed))
        rows.append((entry, frm, to))
    return rows


def _parts(agreement: Agreement, party: str | None, may: dict) -> list[dict]:
    """Each party's part as the page shows it: whose it is, ready or not, what is missing, what the reader may do."""
    shown = []
    for side in parts.PARTIES:
        other = Agreement.other(side)
        reminded = agreement.reminded_at(side)
        shown.append(
            {
                "side": side,
                "organisation": agreement.snapshot["unit" if side == "school" else "company"]["name"],
                "own": side == party,
                "ready_at": agreement.ready_at(side),
                "missing": parts.missing_labels(agreement.snapshot, side),
                "may_mark": side == party and may.get("submit", False),
                # The reader of the other side may ask this party, or sees when it was last asked.
                "may_remind": party == other and may.get("remind", False),
                "reminded_at": reminded,
                "ask_again_at": reminded + agreement_permissions.REMIND_INTERVAL if reminded else None,
            }
        )
    return shown


def _pilot_context(request, agreement: Agreement, forms: dict) -> dict:
    user = request.user
    pilot = pilot_selectors.pilot_visible(actor=user).get(pk=agreement.pilot_id)
    side = agreement_permissions.party_of(user, agreement)
    feedback = list(pilot.feedback.all())
    may = dict.fromkeys(workflow.available_actions(user, pilot), True)
    feedback_form = forms.get("feedback")
    faces = pilot_permissions.faces_allowed(pilot, side)
    if may.get("feedback") and feedback_form is None:
        own = next((item for item in feedback if item.side == side), None)
        feedback_form = FeedbackForm(initial=FeedbackForm.initial_from(own), faces=faces)
    complete_waits = ""
    if pilot.status == Pilot.Status.RUNNING and workflow.may(user, "complete", pilot) and not may.get("complete"):
        complete_waits = workflow.refusal(user, "complete", pilot) or ""
    references = reference_selectors.references_of_pilot(pilot=pilot)
    for reference in references:
        reference.text = reference_wording.reference_text(reference)
    return {
        "pilot": pilot,
        "references": references,
        "pilot_may": may,
        "pilot_ends_on": human_date(pilot.ends_on),
        "feedback": feedback,
        "feedback_due": pilot_permissions.feedback_due(pilot, side),
        "own_feedback": next((item for item in feedback if item.side == side), None),
        "feedback_form": feedback_form,
        "complete_waits": complete_waits,
        "start_form": forms.get("start") or CommentForm(auto_id="id_start_%s"),
        "complete_form": forms.get("complete") or CommentForm(auto_id="id_complete_%s"),
    }


def _page(request, agreement: Agreement, *, error: str = "", status: int = 200, retry_after: int = 0, **forms):
    user = request.user
    party = agreement_permissions.party_of(user, agreement)

    signatures = list(agreement.signatures.all())
    signed = {signature.party for signature in signatures}
    may = dict.fromkeys(workflow.available_actions(user, agreement), True)
    may["review"] = may.get("approve", False)
    may["pdf"] = agreement_permissions.can(user, "pdf", agreement)
    sign_form = forms.get("sign")
    if may.get("sign") and sign_form is None:
        # The stored hash; the page never renders (until the task has stored the document, it says so).
        sign_form = SignForm(initial={"document_sha256": agreement.approved_sha256})
    terms = agreement.snapshot
    language = agreement.language
    for signature in signatures:
        signature.role_text = localise.role_name(signature.role, language)
    signer = {}
    if may.get("sign"):
        signer = {
            "role": user.member.get_role_display(),
            "organisation": agreement.snapshot["unit" if party == "school" else "company"]["name"],
        }
    context = {
        "agreement": agreement,
        "terms": terms,
        # Codes and roles in the reader's language; the parties' own text stays in the agreement's (marked).
        "levels": localise.code_names(Level, terms["pilot"].get("levels") or [], language),
        "subjects": localise.code_names(Subject, terms["pilot"].get("subjects") or [], language),
        "contacts": [
            (side, contact, localise.role_name(contact.get("title", ""), language))
            for side, contact in terms["contacts"].items()
        ],
        "party": party,
        "may": may,
        "parts": _parts(agreement, party, may) if agreement.is_editable else [],
        "both_ready": all(agreement.ready.values()),
        "signer": signer,
        "error": error,
        "signatures": signatures,
        "waiting_for": [p for p in ("school", "company") if p not in signed],
        "approved_sha256": agreement.approved_sha256 if agreement.approved_document_ready else "",
        "sign_form": sign_form,
        "submit_form": forms.get("submit") or CommentForm(auto_id="id_submit_%s"),
        "review_form": forms.get("review") or ReviewForm(),
        "history": _agreement_history(agreement),
        **_pilot_context(request, agreement, forms),
    }
    response = render(request, "frontend/agreements/detail.html", context, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@login_required
def agreement_detail(request, pk: int):
    return _page(request, _get(request, pk))


@login_required
def agreement_pdf(request, pk: int):
    """The PDF to download, or with ?read=1 to open in the browser (the link to read before signing)."""
    agreement = _get(request, pk)
    try:
        content, filename = agreement_services.agreement_pdf(actor=request.user, agreement=agreement)
    except DocumentNotReady as exc:
        return _page(request, agreement, error=str(exc), status=409, retry_after=exc.retry_after)
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if request.GET.get("read") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def agreement_edit(request, pk: int):
    """The details the parties fill in while the agreement is a draft or returned."""
    agreement = _get(request, pk)
    try:
        workflow.check(request.user, "edit", agreement)
    except CONFLICTS as exc:
        return _page(request, agreement, error=str(exc), status=409)
    party = agreement_permissions.party_of(request.user, agreement)
    if request.method == "POST":
        form = AgreementForm(request.POST, party=party, version=agreement.version)
    else:
        initial = AgreementForm.initial_from(agreement.snapshot, party)
        form = AgreementForm(initial=initial, party=party, version=agreement.version)
    status = 400 if form.is_bound else 200  # a refused form says so
    if request.method == "POST" and form.is_valid():
        was_ready = any(agreement.ready.values())
        try:
            saved = agreement_services.agreement_update(
                actor=request.user,
                agreement=agreement,
                data=form.service_data(),
                version=posted_version(form.cleaned_data),
            )
        except ValidationError as exc:
            form.add_service_errors(exc, PARTIES)
        except StaleEdit as exc:  # the other party saved first: nothing was overwritten
            form.add_error(None, str(exc))
            status = 412
        except CONFLICTS as exc:
            form.add_error(None, str(exc))
            status = 409
        else:
            if was_ready and not any(saved.ready.values()):
                messages.success(
                    request,
                    _(
                        "The agreement's details were saved. The text changed, so both parties mark their parts "
                        "ready again."
                    ),
                )
            else:
                messages.success(request, _("The agreement's details were saved."))
            return redirect(reverse("agreement-detail", args=[pk]) + "#parts")
    return _edit_page(request, agreement, form, status=status)


def _edit_page(request, agreement: Agreement, form: AgreementForm, *, status: int = 200, submitting: bool = False):
    other = "company" if form.party == "school" else "school"
    context = {
        "agreement": agreement,
        "form": drafts.restore(request, form),
        "keep_form": "agreement-form",
        "terms": agreement.snapshot,
        "party": form.party,
        "other": other,
        "other_organisation": agreement.snapshot["unit" if other == "school" else "company"]["name"],
        "other_contact": agreement.snapshot["contacts"][other],
        "other_label": PARTIES[other],
        "ready": agreement.ready,
        "submitting": submitting,
    }
    return render(request, "frontend/agreements/form.html", context, status=status)


# Transitions


def _review_failed(request, agreement: Agreement, form, *, error: str = "", status: int):
    """A failed approval or return: show the page it was sent from again, with the error by the comment."""
    if request.POST.get("from") == "coordinator":
        return coordinator.dashboard_page(request, review_forms={agreement.pk: form}, error=error, status=status)
    return _page(request, agreement, error=error, status=status, review=form)


@login_required
@require_POST
def agreement_submit(request, pk: int):
    agreement = _get(request, pk)
    form = CommentForm(request.POST, auto_id="id_submit_%s")
    if not form.is_valid():
        return _page(request, agreement, status=400, submit=form)
    try:
        agreement = agreement_services.agreement_submit(
            actor=request.user, agreement=agreement, comment=form.cleaned_data["comment"]
        )
    except CONFLICTS as exc:
        return _page(request, agreement, error=str(exc), status=409)
    except ValidationError as exc:
        # Something of the user's own part is missing: show it next to its field in the details form.
        party = agreement_permissions.party_of(request.user, agreement)
        details = AgreementForm(AgreementForm.bound_from(agreement.snapshot, party), party=party)
        details.is_valid()
        details.add_service_errors(exc, PARTIES)
        return _edit_page(request, agreement, details, status=400, submitting=True)
    if agreement.status == Status.SUBMITTED:
        messages.success(
            request, _("Both parts are ready: the agreement was submitted to the city's coordinator for approval.")
        )
    else:
        party = agreement_permissions.party_of(request.user, agreement)
        other = agreement.snapshot["company" if party == "school" else "unit"]["name"]
        messages.success(
            request,
            _("Your part is marked ready. The agreement goes to the coordinator once %(other)s has marked theirs.")
            % {"other": other},
        )
    return redirect(reverse("agreement-detail", args=[pk]) + "#parts")


@login_required
@require_POST
def agreement_remind(request, pk: int):
    """Ask the other party to complete its part; they are told by e-mail."""
    agreement = _get(request, pk)
    form = CommentForm(request.POST, auto_id="id_remind_%s")
    if not form.is_valid():
        return _page(request, agreement, status=400)
    try:
        agreement = agreement_services.agreement_remind(
            actor=request.user, agreement=agreement, comment=form.cleaned_data["comment"]
        )
    except Throttled as exc:
        return _page(request, agreement, error=str(exc), status=429, retry_after=exc.retry_after)
    except CONFLICTS as exc:
        return _page(request, agreement, error=str(exc), status=409)
    party = agreement_permissions.party_of(request.user, agreement)
    other = agreement.snapshot["company" if party == "school" else "unit"]["name"]
    messages.success(request, _("%(other)s was asked to complete their part.") % {"other": other})
    return redirect(reverse("agreement-detail", args=[pk]) + "#parts")


@login_required
@require_POST
def agreement_review(request, pk: int, action: str):
    """The coordinator approves, or returns with a comment; from the agreement's page or the dashboard."""
    agreement = _get(request, pk)
    form = ReviewForm(request.POST, auto_id=f"id_%s_{pk}" if request.POST.get("from") == "coordinator" else "id_%s")
    if not form.is_valid():
        return _review_failed(request, agreement, form, status=400)
    service = agreement_services.agreement_approve if action == "approve" else agreement_services.agreement_return
    try:
        service(actor=request.user, agreement=agreement, comment=form.cleaned_data["comment"])
    except CONFLICTS as exc:
        form.add_error(None, str(exc))
        return _review_failed(request, agreement, form, error=str(exc), status=409)
    except ValidationError as exc:
        form.add_error("comment", exc.message_dict.get("comment", exc.messages))
        return _review_failed(request, agreement, form, status=400)
    if action == "approve":
        done = _("Agreement %(number)s is approved. The parties can now sign it.")
    else:
        done = _("Agreement %(number)s was returned to the parties with your comment.")
    messages.success(request, done % {"number": agreement.number})
    return go(request, reverse("agreement-detail", args=[pk]))


@login_required
@require_POST
def agreement_sign(request, pk: int):
    agreement = _get(request, pk)
    agreement_permissions.require(request.user, "sign", agreement)
    form = SignForm(request.POST)
    if not form.is_valid():
        return _page(request, agreement, status=400, sign=form)
    try:
        agreement = agreement_services.agreement_sign(
            actor=request.user,
            agreement=agreement,
            document_sha256=form.cleaned_data["document_sha256"],
            authentication=session_authentication(request.session),
        )
    except CONFLICTS as exc:
        return _page(request, agreement, error=str(exc), status=409, retry_after=getattr(exc, "retry_after", 0))
    except PermissionDenied as exc:
        return _page(request, agreement, error=str(exc), status=403)
    if agreement.status == Status.SIGNED:
        messages.success(request, _("You signed the agreement. Both parties have now signed: it is in force."))
    else:
        messages.success(request, _("You signed the agreement. It is in force once the other party has signed."))
    return redirect("agreement-detail", pk=pk)


@login_required
def agreement_cancel(request, pk: int):
    """GET asks for confirmation; POST with the box ticked cancels."""
    agreement = _get(request, pk)
    try:
        workflow.check(request.user, "cancel", agreement)
    except CONFLICTS as exc:
        return _page(request, agreement, error=str(exc), status=409)
    form = CancelForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                process.agreement_cancel(actor=request.user, agreement=agreement, comment=form.cleaned_data["comment"])
            except CONFLICTS as exc:
                return _page(request, agreement, error=str(exc), status=409)
            messages.success(request, _("The agreement was cancelled."))
            return redirect("agreement-detail", pk=pk)
    return render(request, "frontend/agreements/cancel.html", {"agreement": agreement, "form": form}, status=status)


# Pilots: their actions live on the agreement's page


def _pilot(request, pk: int) -> Pilot:
    try:
        return pilot_selectors.pilot_visible(actor=request.user).get(pk=pk)
    except (Pilot.DoesNotExist, ValueError):
        raise Http404 from None


@login_required
def pilot_detail(request, pk: int):
    return redirect(reverse("agreement-detail", args=[_pilot(request, pk).agreement.pk]) + "#pilot")


PILOT_DONE = {
    "start": gettext_lazy("The pilot is running. At its end both parties evaluate it."),
    "complete": gettext_lazy("The pilot is completed."),
    "feedback": gettext_lazy("Thank you. Your evaluation was saved; you can correct it until the pilot is completed."),
}


@login_required
@require_POST
def pilot_action(request, pk: int, action: str):
    pilot = _pilot(request, pk)
    agreement = _get(request, pilot.agreement.pk)
    if action == "feedback":
        side = agreement_permissions.party_of(request.user, agreement)
        form = FeedbackForm(request.POST, faces=pilot_permissions.faces_allowed(pilot, side))
    else:
        form = CommentForm(request.POST, auto_id=f"id_{action}_%s")
    if not form.is_valid():
        return _page(request, agreement, status=400, **{action: form})
    try:
        if action == "feedback":
            pilot_services.pilot_feedback(actor=request.user, pilot=pilot, **form.cleaned_data)
        elif action == "start":
            pilot_services.pilot_start(actor=request.user, pilot=pilot, comment=form.cleaned_data["comment"])
        else:
            process.pilot_complete(actor=request.user, pilot=pilot, comment=form.cleaned_data["comment"])
    except CONFLICTS as exc:
        return _page(request, agreement, error=str(exc), status=409, **{action: form})
    except ValidationError as exc:
        form.add_error(None, exc)
        return _page(request, agreement, status=400, **{action: form})
    messages.success(request, PILOT_DONE[action])
    return go(request, reverse("agreement-detail", args=[agreement.pk]) + "#pilot")
