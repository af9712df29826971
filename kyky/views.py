"""Django's last word on a request it refused before any view ran: a body too large to read.

Django raises RequestDataTooBig / TooManyFieldsSent while it reads a body (a form's POST, the API's JSON)
and answers them with handler400. Here they become 413: the API's one error shape under /api/, a
readable page everywhere else; other 400s keep Django's own answer.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from kyky.api.errors import TOO_LARGE, too_large_response


def bad_request(request, exception, template_name=defaults.ERROR_400_TEMPLATE_NAME):
    if not isinstance(exception, TOO_LARGE):
        return defaults.bad_request(request, exception, template_name)
    if request.path.startswith("/api/"):
        response = too_large_response()
        response.accepted_renderer = JSONRenderer()
        response.accepted_media_type = "application/json"
        response.renderer_context = {}
        return response.render()
    return render(request, "413.html", status=413)


def _nul_in_query(request) -> Response | None:
    """A NUL character in a query parameter: no value may hold one, and PostgreSQL answers a query that
    compares one with an error (a 500). Refused with 400 naming the parameters."""
    names = sorted({name for name, values in request.GET.lists() if any("\x00" in v for v in values)})
    if "\x00" in request.path:
        names.append("path")
    if not names:
        return None
    message = _("Null characters are not allowed.")
    if request.path.startswith("/api/"):
        response = Response(
            {"detail": _("Invalid input."), "code": "invalid", "errors": {name: [message] for name in names}},
            status=400,
        )
        response.accepted_renderer = JSONRenderer()
        response.accepted_media_type = "application/json"
        response.renderer_context = {}
        return response.render()
    return defaults.bad_request(request, SuspiciousOperation(message))


class BodySizeMiddleware:
    """Refuse what no view can take before any view runs: a declared body over DATA_UPLOAD_MAX_MEMORY_SIZE (413),
    also where the view would never read it (an action without a body; file uploads, multipart, keep their own
    larger limits), and a NUL character in a query parameter (400)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        multipart = request.META.get("CONTENT_TYPE", "").startswith("multipart/form-data")
        if limit is not None and length > limit and not multipart:
            return bad_request(request, RequestDataTooBig())
        return _nul_in_query(request) or self.get_response(request)
