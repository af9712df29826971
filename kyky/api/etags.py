"""Optimistic concurrency over HTTP for proposals, needs and agreements (the rule is in kyky.core.concurrency).

A detail answer carries `ETag: "<version>"`; a PATCH may send `If-Match` with it. A stale one answers 412 with
the error shape (code `stale`) and changes nothing; without If-Match the edit is not checked.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.request import Request

from kyky.core import concurrency

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description='The ETag (`"<version>"`) of the copy you edited; if someone else saved since, 412 and nothing changes.',
)


def expected_version(request: Request) -> concurrency.Expected:
    return concurrency.parse_if_match(request.headers.get("If-Match"))


class ETagMixin:
    """Every single-object answer that shows a `version` also sends it as the ETag."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        data = getattr(response, "data", None)
        if self.detail and response.status_code == 200 and isinstance(data, dict) and "version" in data:
            response["ETag"] = f'"{data["version"]}"'
        return response
