"""One JSON error shape for the whole API, and the mapping from domain errors to HTTP."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from kyky.errors import ConflictError, DocumentNotReady, LoginThrottled, StaleEdit, Throttled, TransitionError


class ErrorSerializer(serializers.Serializer):
    """Every error: a sentence, a machine-readable code, and the fields at fault for 400."""

    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)
    status = serializers.CharField(required=False, help_text="The current state, for 409 on a transition.")
    version = serializers.IntegerField(required=False, help_text="The current version, for 412 on a stale edit.")


def _validation_errors(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()}
    return {"non_field_errors": exc.messages}


def _flatten(data, prefix: str = "") -> dict[str, list[str]]:
    """Nested serializer errors as dotted field names: {"contacts.school.email": ["..."]}."""
    key = prefix or "non_field_errors"
    if isinstance(data, dict):
        flat: dict[str, list[str]] = {}
        for name, value in data.items():
            flat.update(_flatten(value, f"{prefix}.{name}" if prefix else str(name)))
        return flat
    if isinstance(data, list):
        if all(not isinstance(item, (dict, list)) for item in data):
            return {key: [str(item) for item in data]}
        flat = {}
        for index, item in enumerate(data):
            if isinstance(item, (dict, list)):
                flat.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
            else:
                flat.setdefault(key, []).append(str(item))
        return flat
    return {key: [str(data)]}


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _lazy("The request body is too large.")
    default_code = "too_large"


def too_large_response() -> Response:
    """413 in the one error shape: also for a body refused before any view ran (kyky.views.bad_request)."""
    return Response(
        {"detail": str(PayloadTooLarge.default_detail), "code": PayloadTooLarge.default_code},
        status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    )


#: Django's refusals of a body too large to read (settings.DATA_UPLOAD_MAX_MEMORY_SIZE and _NUMBER_FIELDS).
TOO_LARGE = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def exception_handler(exc, context):
    if isinstance(exc, TOO_LARGE):
        exc = PayloadTooLarge()
    if isinstance(exc, TransitionError):
        return Response(
            {"detail": str(exc), "code": "invalid_transition", "status": exc.current}, status=status.HTTP_409_CONFLICT
        )
    if isinstance(exc, StaleEdit):
        return Response(
            {"detail": str(exc), "code": "stale", "version": exc.current},
            status=status.HTTP_412_PRECONDITION_FAILED,
            headers={"ETag": f'"{exc.current}"'},
        )
    if isinstance(exc, DocumentNotReady):
        return Response(
            {"detail": str(exc), "code": "document_not_ready"},
            status=status.HTTP_409_CONFLICT,
            headers={"Retry-After": str(exc.retry_after)},
        )
    if isinstance(exc, Throttled):
        return Response(
            {"detail": str(exc), "code": "throttled"},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
            headers={"Retry-After": str(exc.retry_after)},
        )
    if isinstance(exc, ConflictError):
        return Response({"detail": str(exc), "code": "conflict"}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, LoginThrottled):
        return Response(
            {"detail": str(exc), "code": "throttled"},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
            headers={"Retry-After": str(exc.wait)},
        )
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_validation_errors(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": _("Invalid input."), "code": "invalid", "errors": _flatten(exc.detail)}
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail
        codes = exc.get_codes()
        response.data = {
            "detail": str(detail if not isinstance(detail, (list, dict)) else exc.default_detail),
            "code": codes if isinstance(codes, str) else exc.default_code,
        }
    return response
