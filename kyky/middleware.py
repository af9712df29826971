"""When the database is away: 503 with Retry-After, for the API and the pages alike, never a 500 or a hang.

A request that meets a broken or unreachable database (PostgreSQL down, its network gone, a connection
cut; SQLite locked past its timeout) gets 503 Service Unavailable with ``Retry-After`` in the error shape
of its face: the API's JSON ``{"detail", "code": "database_unavailable"}``, or for the pages a small page
that needs nothing from the database. The broken connection is closed on the spot, so the next request
opens a fresh one and the site recovers by itself as soon as the database is back, without a restart.
How long a request can wait is bounded by the connection settings (``KYKY_DB_CONNECT_TIMEOUT`` and the TCP
timeouts in kyky/settings.py; SQLite's lock timeout).

Two ways in: ``process_exception`` for errors raised in a view (also those from loading the session or the
user, which happens lazily in the view), and :func:`server_error` (``handler500``) for errors raised in a
middleware, such as saving the session after the view.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger("kyky.database")

#: Seconds a client is asked to wait before trying again.
RETRY_AFTER = 10
DATABASE_ERRORS = (OperationalError, InterfaceError)


def _close_broken_connections() -> None:
    """Drop every connection that failed, so the next request connects afresh (a cheap no-op otherwise)."""
    for connection in connections.all(initialized_only=True):
        try:
            if connection.in_atomic_block:
                connection.needs_rollback = True
            connection.close()
        except Exception:  # closing a dead connection may fail too; it is gone either way
            logger.debug("Closing the broken database connection failed", exc_info=True)


def unavailable_response(request: HttpRequest, exc: BaseException) -> HttpResponse:
    """503 in the face's error shape, with Retry-After; closes the broken connections."""
    logger.error("Database unavailable for %s %s: %s", request.method, request.path, exc)
    _close_broken_connections()
    detail = _("The service is temporarily unavailable. Try again in a moment.")
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": detail, "code": "database_unavailable"}, status=503)
    else:
        html = render_to_string("503.html", {"detail": detail, "retry_after": RETRY_AFTER})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database error raised in a view into 503 + Retry-After (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_ERRORS):
            return unavailable_response(request, exception)
        return None


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500: a database error raised outside a view (in a middleware) is a 503 as well."""
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_ERRORS):
        return unavailable_response(request, exc)
    return django_server_error(request, template_name=template_name)
