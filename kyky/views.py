"""Django's last word on a request it refused before any view ran: a body too large to read.

Django raises RequestDataTooBig / TooManyFieldsSent while it reads a body (a form's POST, the API's JSON)
and answers them with handler400. Here they become 413: the API's one error shape under /api/, a
readable page everywhere else; other 400s keep Django's own answer.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.shortcuts import render
from django.views import defaults
from rest_framework.renderers import JSONRenderer

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


class BodySizeMiddleware:
    """Refuse a declared body over DATA_UPLOAD_MAX_MEMORY_SIZE before any view runs, also where the view would
    never read it (an action without a body). File uploads (multipart) keep their own, larger limits."""

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
        return self.get_response(request)
