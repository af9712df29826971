"""OpenAPI: every operation also documents the errors it can answer with, in the shared shape."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework.permissions import AllowAny

from kyky.api.errors import ErrorSerializer


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        public = any(isinstance(p, AllowAny) for p in self.view.get_permissions())
        codes = []
        if self.method in ("POST", "PUT", "PATCH") or (self.method == "GET" and self._is_list_view()):
            codes.append("400")
        if not public:
            codes += ["401", "403"]
        if self._is_detail() or (self.method == "GET" and self._is_list_view()):
            codes.append("404")  # an object out of sight, or a page number past the end of a list
            if self.method in ("POST", "PATCH", "PUT", "DELETE"):
                codes.append("409")
        codes.append("503")  # the database away: code "database_unavailable", with Retry-After (kyky/middleware.py)
        for code in codes:
            # Errors are JSON whatever the operation's success answers with (the PDF endpoint, too).
            responses.setdefault(
                code, self._get_response_for_code(ErrorSerializer, code, ["application/json"], direction=direction)
            )
        return responses

    def _is_detail(self) -> bool:
        return "{" in self.path and not self._is_list_view()
