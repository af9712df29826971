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
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from frontend import forms
from kyky.errors import TransitionError
from kyky.pilots import permissions, selectors, services
from kyky.pilots.models import Need, Proposal
from kyky.pilots.workflow import history

PAGE_SIZE, MAX_PAGE_SIZE = 20, 100


class LandingView(TemplateView):
    template_name = "frontend/landing.html"


class LoginView(auth_views.LoginView):
    form_class = forms.LoginForm
    template_name = "frontend/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST logs out; GET (an old link) asks first instead of answering 405."""

    http_method_names = ["get", "post", "options"]
    template_name = "frontend/logout.html"

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name)


@dataclass(frozen=True)
class Transition:
    service: Callable
    frm: tuple[str, ...]
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
    editable: tuple[str, ...]
    transitions: dict[str, Transition]

    def template(self, page: str) -> str:
        return f"frontend/{self.name}s/{page}.html"

    def fetch(self, request, pk: int):
        return self.get(actor=request.user, pk=pk)

    def may(self, user, obj) -> dict[str, bool]:
        """Which buttons the page offers; the services check again when they are pressed."""
        may = {"edit": permissions.can(user, "change", obj) and obj.status in self.editable}
        for action, transition in self.transitions.items():
            may[action] = permissions.can(user, action, obj) and obj.status in transition.frm
        return may


PROPOSALS = Kind(
    name="proposal",
    model=Proposal,
    get=selectors.proposal_get,
    list=selectors.proposal_list,
    create=services.proposal_create,
    update=lambda *, actor, obj, data: services.proposal_update(actor=actor, proposal=obj, data=data),
    form=forms.ProposalForm,
    search_form=forms.ProposalSearchForm,
    editable=(Proposal.Status.DRAFT, Proposal.Status.PUBLISHED),
    transitions={
        "publish": Transition(
            lambda *, actor, obj: services.proposal_publish(actor=actor, proposal=obj),
            (Proposal.Status.DRAFT,),
            gettext_lazy("The proposal is published: teachers can now find it."),
        ),
        "close": Transition(
            lambda *, actor, obj: services.proposal_close(actor=actor, proposal=obj),
            (Proposal.Status.PUBLISHED,),
            gettext_lazy("The proposal is closed."),
        ),
    },
)

NEEDS = Kind(
    name="need",
    model=Need,
    get=selectors.need_get,
    list=selectors.need_list,
    create=services.need_create,
    update=lambda *, actor, obj, data: services.need_update(actor=actor, need=obj, data=data),
    form=forms.NeedForm,
    search_form=forms.NeedSearchForm,
    editable=(Need.Status.DRAFT, Need.Status.PUBLISHED),
    transitions={
        "publish": Transition(
            lambda *, actor, obj: services.need_publish(actor=actor, need=obj),
            (Need.Status.DRAFT,),
            gettext_lazy("The need is published: companies can now find it."),
        ),
        "close": Transition(
            lambda *, actor, obj: services.need_close(actor=actor, need=obj),
            (Need.Status.PUBLISHED, Need.Status.MATCHED),
            gettext_lazy("The need is closed."),
        ),
    },
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
    """The list with the API's filters; published by default. htmx gets only the results."""
    params = request.GET.copy()
    params.setdefault("status", "published")
    form = kind.search_form(params)
    items = kind.model.objects.none()
    if form.is_valid():
        try:
            items = kind.list(actor=request.user, filters=_filled(params), request=request)
        except ValidationError as exc:
            forms.add_service_errors(form, exc)
    page = Paginator(items, _page_size(request)).get_page(request.GET.get("page"))
    partial = request.htmx and not request.htmx.history_restore_request
    response = render(
        request, kind.template("_results" if partial else "list"), {"form": form, "page": page, "partial": partial}
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def _detail(request, kind: Kind, pk: int, *, error: str = "", status: int = 200):
    obj = kind.fetch(request, pk)
    may = kind.may(request.user, obj)
    context = {"obj": obj, kind.name: obj, "may": may, "error": error}
    if permissions.can(request.user, "change", obj):
        states = dict(kind.model.Status.choices)
        context["history"] = [
            (entry, states.get(entry.from_state, entry.from_state), states.get(entry.to_state, entry.to_state))
            for entry in history(obj)
        ]
    return render(request, kind.template("detail"), context, status=status)


@login_required
def object_detail(request, kind: Kind, pk: int):
    return _detail(request, kind, pk)


@login_required
@require_POST
def object_transition(request, kind: Kind, pk: int, action: str):
    obj = kind.fetch(request, pk)
    try:
        kind.transitions[action].service(actor=request.user, obj=obj)
    except TransitionError as exc:
        return _detail(request, kind, pk, error=str(exc), status=409)
    except ValidationError as exc:
        return _detail(request, kind, pk, error=" ".join(exc.messages), status=400)
    messages.success(request, kind.transitions[action].done)
    return redirect(f"{kind.name}-detail", pk=pk)


def _save(request, kind: Kind, form, save: Callable, obj=None):
    """Validate, hand cleaned_data to the service, map its field errors back onto the form."""
    status = 200
    if form.is_valid():
        try:
            saved = save(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            forms.add_service_errors(form, exc)
        except TransitionError as exc:  # someone closed it while this form was open
            form.add_error(None, str(exc))
            status = 409
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{kind.name}-detail", pk=saved.pk)
    return render(request, kind.template("form"), {"form": form, "obj": obj, "kind": kind.name}, status=status)


@login_required
def object_create(request, kind: Kind):
    permissions.require_create(request.user, kind.model)
    return _save(request, kind, kind.form(request.POST or None, initial=_initial(request, kind)), kind.create)


@login_required
def object_update(request, kind: Kind, pk: int):
    obj = kind.fetch(request, pk)
    permissions.require(request.user, "change", obj)
    if obj.status not in kind.editable:
        error = TransitionError(
            action=_("edit"),
            current=obj.status,
            label=str(kind.model._meta.verbose_name),
            current_display=obj.get_status_display(),
        )
        return _detail(request, kind, pk, error=str(error), status=409)

    def update(*, actor, data):
        return kind.update(actor=actor, obj=obj, data=data)

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
    if form.is_valid():
        data = form.cleaned_data
        sender = request.user.email if request.user.is_authenticated else ""
        EmailMessage(
            subject=_("KYKY feedback"),
            body=f"{data['message']}\n\n{_('Page')}: {data['page'] or '-'}\n{_('From')}: {data['email'] or sender or '-'}",
            to=[feedback_address()],
            reply_to=[email for email in (data["email"] or sender,) if email],
        ).send()
        messages.success(request, _("Thank you. Your feedback was sent."))
        return redirect("feedback")
    return render(request, "frontend/feedback.html", {"form": form, "feedback_email": feedback_address()})
