"""Pages: thin faces over the same selectors, services and permissions as the API.

Outsiders get 404 (the selectors decide), insiders without the right 403 (the services and
permissions decide), an illegal transition 409 with the state named.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parseaddr

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db.models import F, Model
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.cache import patch_vary_headers
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from frontend import drafts, forms, kept, matches, me, moderation, workflow_forms
from frontend.pages import CONFLICTS, go, history_rows
from kyky.accounts import oidc
from kyky.accounts import services as account_services
from kyky.core import workflow
from kyky.core.audit import history
from kyky.core.cache import count_hit
from kyky.core.clients import client_ip
from kyky.core.paging import WindowCountPaginator
from kyky.errors import PasswordResetThrottled, StaleEdit, TransitionError
from kyky.matching import fit
from kyky.pilots import permissions, selectors, services
from kyky.pilots.models import Application, Need, Proposal

PAGE_SIZE, MAX_PAGE_SIZE = 20, 100


class LandingView(TemplateView):
    """The front page: what KYKY is, or, for a signed-in member, their start page of what waits for them."""

    template_name = "frontend/landing.html"

    def get(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.member is not None:
            return me.start(request)
        return super().get(request, *args, **kwargs)


class LoginView(auth_views.LoginView):
    form_class = forms.LoginForm
    template_name = "frontend/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        oidc_name = (settings.OIDC_NAME or _("the city's identity provider")) if oidc.enabled() else ""
        return {**super().get_context_data(**kwargs), "oidc_name": oidc_name}

    def form_valid(self, form):
        response = super().form_valid(form)
        self.request.session[oidc.SESSION_KEY] = oidc.PASSWORD
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """ "Forgot your password?": the same answer whether or not an account uses the address, and throttled."""

    form_class = forms.PasswordResetForm
    template_name = "frontend/password_reset.html"
    subject_template_name = "frontend/email/password_reset_subject.txt"
    email_template_name = "frontend/email/password_reset.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        client = client_ip(self.request)
        try:
            allowed = account_services.password_reset_allowed(email=form.cleaned_data["email"], client=client)
        except PasswordResetThrottled as exc:
            form.add_error(None, str(exc))
            response = self.form_invalid(form)
            response.status_code = 429
            response["Retry-After"] = str(exc.wait)
            return response
        if not allowed:  # this address had its e-mails for now: answer as always, send nothing
            return redirect(self.get_success_url())
        self.extra_email_context = {
            "site_url": settings.SITE_URL,
            "valid_hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600),
        }
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "frontend/password_reset_done.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(valid_hours=max(1, settings.PASSWORD_RESET_TIMEOUT // 3600), **kwargs)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = forms.SetPasswordForm
    template_name = "frontend/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "frontend/password_reset_complete.html"


class LogoutView(auth_views.LogoutView):
    """POST logs out; GET (an old link) asks first instead of answering 405."""

    http_method_names = ["get", "post", "options"]
    template_name = "frontend/logout.html"

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name)


@dataclass(frozen=True)
class Transition:
    service: Callable
    done: Promise


@dataclass(frozen=True)
class Kind:
    """What differs between proposals and needs; the views below are shared."""

    name: str
    model: type[Model]
    get: Callable
    list: Callable
    create: Callable
    update: Callable
    form: type[forms.KykyForm]
    search_form: type[forms.ProposalSearchForm]
    transitions: dict[str, Transition]
    delete: Callable

    def template(self, page: str) -> str:
        return f"frontend/{self.name}s/{page}.html"

    def fetch(self, request, pk: int):
        return self.get(actor=request.user, pk=pk)

    def may(self, user, obj) -> dict[str, bool]:
        """Which buttons the page offers: the workflow's available actions, as the API's `actions`."""
        return dict.fromkeys(workflow.available_actions(user, obj), True)


PROPOSALS = Kind(
    name="proposal",
    model=Proposal,
    get=selectors.proposal_get,
    list=selectors.proposal_list,
    create=services.proposal_create,
    update=lambda *, actor, obj, data, version: services.proposal_update(
        actor=actor, proposal=obj, data=data, version=version
    ),
    form=forms.ProposalForm,
    search_form=forms.ProposalSearchForm,
    transitions={
        "publish": Transition(
            lambda *, actor, obj, comment: services.proposal_publish(actor=actor, proposal=obj, comment=comment),
            gettext_lazy("The proposal is published: teachers can now find it."),
        ),
        "close": Transition(
            lambda *, actor, obj, comment: services.proposal_close(actor=actor, proposal=obj, comment=comment),
            gettext_lazy("The proposal is closed."),
        ),
        "reopen": Transition(
            lambda *, actor, obj, comment: services.proposal_reopen_here(actor=actor, proposal=obj, comment=comment),
            gettext_lazy("The proposal is open again in your municipality."),
        ),
    },
    delete=lambda *, actor, obj: services.proposal_delete(actor=actor, proposal=obj),
)

NEEDS = Kind(
    name="need",
    model=Need,
    get=selectors.need_get,
    list=selectors.need_list,
    create=services.need_create,
    update=lambda *, actor, obj, data, version: services.need_update(actor=actor, need=obj, data=data, version=version),
    form=forms.NeedForm,
    search_form=forms.NeedSearchForm,
    transitions={
        "publish": Transition(
            lambda *, actor, obj, comment: services.need_publish(actor=actor, need=obj, comment=comment),
            gettext_lazy("The need is published: companies can now find it."),
        ),
        "close": Transition(
            lambda *, actor, obj, comment: services.need_close(actor=actor, need=obj, comment=comment),
            gettext_lazy("The need is closed."),
        ),
    },
    delete=lambda *, actor, obj: services.need_delete(actor=actor, need=obj),
)


def _page_size(request) -> int:
    try:
        return min(max(int(request.GET.get("page_size", PAGE_SIZE)), 1), MAX_PAGE_SIZE)
    except ValueError:
        return PAGE_SIZE


def _filled(params: QueryDict) -> QueryDict:
    """A plain GET form sends its empty fields too; to the filters an empty field means "any"."""
    filled = QueryDict(mutable=True)
    for key, values in params.lists():
        if values := [value for value in values if value]:
            filled.setlist(key, values)
    return filled


@login_required
def object_list(request, kind: Kind):
    """The list with the API's filters; published by default. htmx gets only the results.

    For a teacher or principal the offers are ranked once against their group's needs: the cards of
    those that fit get a badge, and "best fit" sorts by it.
    """
    partial = bool(request.htmx and not request.htmx.history_restore_request)

    def build() -> tuple[str, dict]:
        params = request.GET.copy()
        params.setdefault("status", "published")
        fits = fit.proposal_fits(actor=request.user) if kind is PROPOSALS else {}
        if not fits and params.get("sort") == "fit":  # an old link: nothing to rank by, so the default order
            del params["sort"]
        form = kind.search_form(params, fit=bool(fits))
        items = kind.model.objects.none()
        if form.is_valid():
            try:
                items = kind.list(actor=request.user, filters=_filled(params), request=request)
            except ValidationError as exc:
                forms.add_service_errors(form, exc)
            else:
                if form.cleaned_data.get("sort") == "fit":
                    items = fit.order_by_fit(items, fits)
        page = WindowCountPaginator(items, _page_size(request)).get_page(request.GET.get("page"))
        for item in page.object_list:
            item.fit = fits.get(item.pk)
        context = {"form": form, "page": page, "partial": partial, "fit_needs": len({f.need_id for f in fits.values()})}
        return kind.template("_results" if partial else "list"), context

    response = kept.render_kept(request, f"{kind.name}-list-{'results' if partial else 'page'}", build)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _detail(request, kind: Kind, pk: int, *, error: str = "", status: int = 200, **extra):
    obj = kind.fetch(request, pk)
    may = kind.may(request.user, obj)
    context = {"obj": obj, kind.name: obj, "may": may, "error": error}
    if workflow.may(request.user, "edit", obj) or may.get("reopen_here") or may.get("close_here"):
        context["history"] = history_rows(history(obj), dict(kind.model.Status.choices), kind.model)
    if kind is PROPOSALS:
        context.update(moderation.offer_context(request, obj, may, extra.pop("request_form", None)))
        context.update(_interest_context(request, obj, extra.pop("pairing_form", None)))
    else:
        context.update(_apply_context(request, obj, extra.pop("pairing_form", None)))
    context.update(matches.for_page(request, kind.name, obj))
    context.update(extra)
    return render(request, kind.template("detail"), context, status=status)


@login_required
def object_detail(request, kind: Kind, pk: int):
    return _detail(request, kind, pk)


@login_required
@require_POST
def object_transition(request, kind: Kind, pk: int, action: str):
    """Publish or close; a comment (the coordinator's reason for closing) goes to the audit trail.

    A coordinator's close is moderation, which asks for a reason and a confirmation first (frontend.moderation).
    """
    obj = kind.fetch(request, pk)
    if (
        kind is PROPOSALS
        and action == "close"
        and not workflow.may(request.user, "close", obj)
        and workflow.may(request.user, "close_here", obj)
    ):
        return moderation.close_here(request, pk)
    form = workflow_forms.CommentForm(request.POST)
    if not form.is_valid():
        return _detail(request, kind, pk, error=" ".join(form.errors["comment"]), status=400)
    try:
        kind.transitions[action].service(actor=request.user, obj=obj, comment=form.cleaned_data["comment"])
    except CONFLICTS as exc:
        return _detail(request, kind, pk, error=str(exc), status=409)
    except ValidationError as exc:
        return _detail(request, kind, pk, error=" ".join(exc.messages), status=400)
    messages.success(request, kind.transitions[action].done)
    return go(request, reverse(f"{kind.name}-detail", args=[pk]))


@login_required
@require_POST
def match_hide(request, kind: Kind, pk: int, other: int):
    """The "Not a fit" button next to a match."""
    obj = matches.hide(request, kind.name, pk, other)
    messages.success(request, _("Hidden. This match will not be shown to your organisation again."))
    return go(request, reverse(f"{kind.name}-detail", args=[obj.pk]) + "#matches")


@login_required
def object_delete(request, kind: Kind, pk: int):
    """A draft can be deleted; GET asks first, POST deletes."""
    obj = kind.fetch(request, pk)
    try:
        workflow.check(request.user, "delete", obj)
        if request.method == "POST":
            kind.delete(actor=request.user, obj=obj)
            messages.success(request, _("The draft “%(title)s” was deleted.") % {"title": obj.title})
            return redirect(f"{reverse(f'{kind.name}-list')}?status=draft&mine=true")
    except CONFLICTS as exc:
        return _detail(request, kind, pk, error=str(exc), status=409)
    return render(request, "frontend/confirm_delete.html", {"obj": obj, "kind": kind.name})


# Applying from a page: a unit's interest in a proposal, a company's application to a need


def _open_pairs(request, other: str, **filters):
    """The other side's ids that already have a pending or accepted application with this object."""
    return (
        selectors.application_visible(actor=request.user)
        .filter(status__in=[Application.Status.PENDING, Application.Status.ACCEPTED], **filters)
        .values(other)
    )


def _unit_needs(request, proposal: Proposal):
    """The unit's published needs that could still be offered to this proposal."""
    organisation_id = request.user.member.organisation_id
    taken = _open_pairs(request, "need_id", proposal=proposal, need__organisation_id=organisation_id)
    return (
        selectors.need_visible(actor=request.user)
        .prefetch_related(None)
        .filter(organisation_id=organisation_id, status=Need.Status.PUBLISHED)
        .exclude(pk__in=taken)
        .order_by("title", "pk")
    )


def _company_proposals(request, need: Need):
    """The company's published proposals with places left that have not yet been offered to this need."""
    organisation_id = request.user.member.organisation_id
    taken = _open_pairs(request, "proposal_id", need=need, proposal__organisation_id=organisation_id)
    return (
        selectors.proposal_visible(actor=request.user)
        .prefetch_related(None)
        .filter(organisation_id=organisation_id, status=Proposal.Status.PUBLISHED, groups_accepted__lt=F("capacity"))
        .exclude(pk__in=taken)
        .order_by("title", "pk")
    )


def _pairing_applications(request, **filters) -> list:
    return list(selectors.application_visible(actor=request.user).filter(**filters).select_related("pilot__agreement"))


def _interest_form(request, proposal: Proposal, data=None) -> workflow_forms.InterestForm:
    """The unit's needs that the offer fits come first, best first; one is chosen in advance only if it fits."""
    needs = _unit_needs(request, proposal)
    fits = fit.need_fits_for_proposal(actor=request.user, proposal=proposal, needs=list(needs))
    return workflow_forms.InterestForm(data, needs=fit.order_needs_by_fit(needs, fits), fits=fits)


def _interest_context(request, proposal: Proposal, form=None) -> dict:
    if permissions.pairing_side(request.user) != "school":
        return {}
    organisation_id = request.user.member.organisation_id
    is_open = proposal.status == Proposal.Status.PUBLISHED and proposal.capacity_left > 0
    if form is None and is_open:
        form = _interest_form(request, proposal)
    return {
        "pairing": {
            "applications": _pairing_applications(request, proposal=proposal, need__organisation_id=organisation_id),
            "form": form if form is not None and (form.is_bound or form.fields["need"].queryset.exists()) else None,
            "open": is_open,
            "action": reverse("proposal-interest", args=[proposal.pk]),
        }
    }


def _apply_context(request, need: Need, form=None) -> dict:
    if permissions.pairing_side(request.user) != "company":
        return {}
    organisation_id = request.user.member.organisation_id
    is_open = need.status == Need.Status.PUBLISHED
    proposals = _company_proposals(request, need)
    if form is None and is_open:
        form = workflow_forms.ApplyForm(proposals=proposals)
    return {
        "pairing": {
            "applications": _pairing_applications(request, need=need, proposal__organisation_id=organisation_id),
            "form": form if form is not None and (form.is_bound or form.fields["proposal"].queryset.exists()) else None,
            "open": is_open,
            "action": reverse("need-apply", args=[need.pk]),
        }
    }


def _create_application(request, kind: Kind, obj, form, *, proposal=None, need=None):
    """Validate the form, create the application, or show the page again with what went wrong."""
    status = 400
    if form.is_valid():
        proposal = proposal or form.cleaned_data["proposal"]
        need = need or form.cleaned_data["need"]
        try:
            services.application_create(
                actor=request.user, proposal=proposal, need=need, message=form.cleaned_data["message"]
            )
        except CONFLICTS as exc:
            form.add_error(None, str(exc))
            status = 409
        except ValidationError as exc:
            forms.add_service_errors(form, exc)
        else:
            if kind is PROPOSALS:
                done = _("Your interest was sent to %(company)s. You will get an e-mail when they answer.")
                messages.success(request, done % {"company": proposal.organisation})
            else:
                done = _("Your application was sent to %(unit)s. You will get an e-mail when they answer.")
                messages.success(request, done % {"unit": need.organisation})
            return go(request, reverse(f"{kind.name}-detail", args=[obj.pk]) + "#pairing")
    return _detail(request, kind, obj.pk, status=status, pairing_form=form)


@login_required
@require_POST
def express_interest(request, pk: int):
    """A teacher or principal: "we would like to pilot this" for one of the unit's published needs."""
    proposal = PROPOSALS.fetch(request, pk)
    if permissions.pairing_side(request.user) != "school":
        raise PermissionDenied(_("Teachers and principals express interest for their unit's needs."))
    form = _interest_form(request, proposal, request.POST)
    return _create_application(request, PROPOSALS, proposal, form, proposal=proposal)


@login_required
@require_POST
def apply_to_need(request, pk: int):
    """A company representative applies to a need with one of the company's published proposals."""
    need = NEEDS.fetch(request, pk)
    if permissions.pairing_side(request.user) != "company":
        raise PermissionDenied(_("Company representatives apply with their company's pilot offers."))
    form = workflow_forms.ApplyForm(request.POST, proposals=_company_proposals(request, need))
    return _create_application(request, NEEDS, need, form, need=need)


def _save(request, kind: Kind, form, save: Callable, obj=None):
    """Validate, hand cleaned_data to the service, map its field errors back onto the form (400)."""
    status = 400 if form.is_bound else 200
    if form.is_valid():
        try:
            saved = save(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            forms.add_service_errors(form, exc)
        except TransitionError as exc:  # someone closed it while this form was open
            form.add_error(None, str(exc))
            status = 409
        except StaleEdit as exc:  # someone else saved it while this form was open: nothing was overwritten
            form.add_error(None, str(exc))
            status = 412
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{kind.name}-detail", pk=saved.pk)
    context = {"form": drafts.restore(request, form), "obj": obj, "kind": kind.name, "keep_form": "object-form"}
    return render(request, kind.template("form"), context, status=status)


@login_required
def object_create(request, kind: Kind):
    permissions.require_create(request.user, kind.model)
    return _save(request, kind, kind.form(request.POST or None, initial=_initial(request, kind)), kind.create)


@login_required
def object_update(request, kind: Kind, pk: int):
    obj = kind.fetch(request, pk)
    try:
        workflow.check(request.user, "edit", obj)
    except CONFLICTS as exc:
        return _detail(request, kind, pk, error=str(exc), status=409)

    def update(*, actor, data):
        return kind.update(actor=actor, obj=obj, data=data, version=forms.posted_version(data))

    return _save(request, kind, kind.form(request.POST or None, instance=obj), update, obj)


def _initial(request, kind: Kind) -> dict:
    """A new need is in the unit's first language of instruction."""
    if kind is NEEDS and request.method == "GET":
        return {"language": request.user.member.organisation.languages.first()}
    return {}


def feedback_address() -> str:
    return parseaddr(getattr(settings, "FEEDBACK_EMAIL", "") or settings.DEFAULT_FROM_EMAIL)[1]


class AccessibilityView(TemplateView):
    template_name = "frontend/accessibility.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(feedback_email=feedback_address(), **kwargs)


def feedback(request):
    """Feedback on the service, accessibility included, e-mailed to the configured address."""
    form = forms.FeedbackForm(request.POST or None, initial={"page": request.GET.get("page", "")})
    status = 400 if form.is_bound else 200
    if form.is_valid():
        client = client_ip(request)
        if count_hit(f"feedback:{client}", 3600) > settings.FEEDBACK_LIMIT_PER_HOUR:
            form.add_error(None, _("Too many messages from your address. Try again in an hour."))
            status = 429
        else:
            data = form.cleaned_data
            sender = request.user.email if request.user.is_authenticated else ""
            # Only an address the EmailField (or the account) vouches for goes into a header.
            reply_to = data["email"] or sender
            EmailMessage(
                subject=_("KYKY feedback"),
                body=f"{data['message']}\n\n{_('Page')}: {data['page'] or '-'}\n{_('From')}: {reply_to or '-'}",
                to=[feedback_address()],
                reply_to=[reply_to] if reply_to else [],
            ).send()
            messages.success(request, _("Thank you. Your feedback was sent."))
            return redirect("feedback")
    context = {"form": form, "feedback_email": feedback_address()}
    return render(request, "frontend/feedback.html", context, status=status)
