"""What was typed in a form survives a switch of language.

On a page with a main form, the header's language buttons submit that form (the HTML `form` and
`formaction` attributes; no JavaScript) to :func:`language_switch`. It keeps the values in the session
for that page, then switches the language as Django's ``set_language`` does. When the page is shown
again in the new language, :func:`restore` puts the values back into the still unvalidated form: nothing
is saved, no error is shown, the user carries on where they were.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from django import forms
from django.http import HttpRequest, QueryDict
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from frontend.pages import safe_next

SESSION_KEY = "form_drafts"
#: The session keeps at most this many pages' drafts, and none larger than this (characters of JSON).
MAX_DRAFTS, MAX_SIZE = 3, 60_000
#: The language button's own parameter: "language" may be a field of the form (a need's, an agreement's).
BUTTON = "ui_language"
SKIP = {"csrfmiddlewaretoken", "next", BUTTON}


def keep(request: HttpRequest, path: str, data: QueryDict) -> bool:
    """Keep a form's posted values for the page at ``path``; False when they are too large to keep."""
    values = {key: data.getlist(key) for key in data if key not in SKIP}
    if len(json.dumps(values)) > MAX_SIZE:
        return False
    drafts = {key: value for key, value in request.session.get(SESSION_KEY, {}).items() if key != path}
    drafts[path] = values
    request.session[SESSION_KEY] = dict(list(drafts.items())[-MAX_DRAFTS:])
    return True


def take(request: HttpRequest) -> QueryDict | None:
    """The values kept for this page, once (they are forgotten as they are read)."""
    drafts = request.session.get(SESSION_KEY)
    if not drafts or request.path not in drafts:
        return None
    values = drafts.pop(request.path)
    request.session[SESSION_KEY] = drafts
    data = QueryDict(mutable=True)
    for key, items in values.items():
        data.setlist(key, [str(item) for item in items])
    return data


def restore(request: HttpRequest, form: forms.BaseForm) -> forms.BaseForm:
    """An unbound form showing the values kept for this page, if any, over its own initial values."""
    data = take(request) if request.method == "GET" else None
    if data is None or form.is_bound:
        return form
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if field.disabled or field.widget.value_omitted_from_data(data, {}, key):
            continue
        form.initial[name] = field.widget.value_from_datadict(data, {}, key)
    return form


@require_POST
def language_switch(request: HttpRequest):
    """A language button of a page with a form: keep the form's values, then switch the language."""
    target = safe_next(request)
    if target:
        keep(request, urlsplit(target).path, request.POST)
    chosen = QueryDict(mutable=True)
    chosen["language"] = request.POST.get(BUTTON, "")
    request.POST = chosen  # what set_language reads; `next` comes from the address
    return set_language(request)
