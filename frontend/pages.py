"""Small helpers the workflow pages share: where to go after a POST, paging, history rows, errors."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from kyky.core.paging import WindowCountPaginator
from kyky.errors import ConflictError, TransitionError

#: The errors a page shows as "409 Conflict": an illegal transition or a clash with what exists.
CONFLICTS = (TransitionError, ConflictError)

PAGE_SIZE, MAX_PAGE_SIZE = 20, 100


def safe_next(request) -> str | None:
    """The `next` a form sent, if it is a path on this site."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def go(request, default: str, *, new_page: bool = False) -> HttpResponse:
    """Redirect after a successful POST: back to `next` when the form gave one, else to `default`.

    htmx follows a plain redirect and swaps the part it asked for. `new_page` goes to `default`, a
    different page (accepting an application leads to the new agreement), which htmx loads whole.
    """
    if new_page:
        return HttpResponseClientRedirect(default) if request.htmx else redirect(default)
    return redirect(safe_next(request) or default)


def page_size(request, default: int = PAGE_SIZE) -> int:
    try:
        return min(max(int(request.GET.get("page_size", default)), 1), MAX_PAGE_SIZE)
    except ValueError:
        return default


def paginate(request, items, *, param: str = "page", size: int = PAGE_SIZE) -> Page:
    """One page of `items`; `previous_url` and `next_url` keep the other parameters of the address."""
    page = WindowCountPaginator(items, page_size(request, size)).get_page(request.GET.get(param))
    for name, number in (
        ("previous_url", page.has_previous() and page.number - 1),
        ("next_url", page.has_next() and page.number + 1),
    ):
        params = request.GET.copy()
        params[param] = number
        setattr(page, name, f"?{params.urlencode()}" if number else "")
    return page


def _field_label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # a snapshot key such as contacts.school.name: shown as it is recorded
        return name


def history_rows(entries, states: dict, model=None) -> list[tuple]:
    """Audit entries as (entry, from, to) with the states' display names, for includes/history.html.

    Each entry also gets `changed`: the names of the fields an edit changed, in the reader's language.
    """
    rows = []
    for entry in entries:
        changes = (entry.data or {}).get("changes") or {}
        entry.changed = [_field_label(model, name) if model else name for name in changes]
        frm = states.get(entry.from_state, entry.from_state) if entry.from_state != entry.to_state else ""
        rows.append((entry, frm, states.get(entry.to_state, entry.to_state)))
    return rows


def require_coordinator(user):
    """The coordinator's pages are for coordinators: anyone else signed in gets 403."""
    member = user.member
    if member is None or member.role != "coordinator":
        raise PermissionDenied(_("These pages are for the city's coordinators."))
    return member
