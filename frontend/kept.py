"""Kept pages: a busy page rendered once per data generation for each user (the rule is kyky.core.read_cache).

A page shows the caller's CSRF token, which changes with each answer; it is rendered with a placeholder and
the token put in as the page is sent. A page with messages waiting is never kept nor served from keeping: it
shows them once.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string

from kyky.core import read_cache

#: Stands for the CSRF token in a kept page: letters only, so escaping leaves it as it is.
TOKEN_PLACEHOLDER = "kykycsrftokenplaceholderq"


def render_kept(request, variant: str, build: Callable[[], tuple[str, dict]]) -> HttpResponse:
    """The page ``build`` gives (its template and context), kept for this user, path and ``variant``."""
    place = None
    if request.method == "GET" and not len(messages.get_messages(request)):
        place = read_cache.slot(user=request.user, path=request.get_full_path(), variant=variant)
    content = place.get() if place is not None else None
    if content is None:
        template, context = build()
        content = render_to_string(template, {**context, "csrf_token": TOKEN_PLACEHOLDER}, request)
        if place is not None:
            place.put(content, len(content))
    return HttpResponse(content.replace(TOKEN_PLACEHOLDER, get_token(request)))
