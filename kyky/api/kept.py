"""Kept answers for the busiest reads (the freshness rule is in kyky.core.read_cache).

Authentication, permissions and throttles run as for any request; only the building of the answer is skipped
when an answer of the current data generation is kept for this user, path, language and day.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponse
from rest_framework.request import Request
from rest_framework.response import Response

from kyky.core import read_cache


class KeptReadMixin:
    def kept(self, request: Request, build: Callable[[], Response]):
        if request.method != "GET" or request.accepted_renderer.format != "json":
            return build()  # the browsable API (DEBUG only) carries a CSRF token: never kept
        place = read_cache.slot(user=request.user, path=request.get_full_path(), variant="api")
        if place is None:
            return build()
        found = place.get()
        if found is not None:
            content, content_type = found
            return HttpResponse(content, content_type=content_type)
        response = build()
        if response.status_code == 200 and isinstance(response, Response):
            response.accepted_renderer = request.accepted_renderer
            response.accepted_media_type = request.accepted_media_type
            response.renderer_context = self.get_renderer_context()
            response.render()
            place.put((response.content, response["Content-Type"]), len(response.content))
        return response
