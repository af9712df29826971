"""API v1 for the co-created references: public by code, listed to their provider and municipality."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from kyky.api import serializers as s
from kyky.api.errors import ErrorSerializer
from kyky.references import permissions, selectors, services, wording
from kyky.references.models import REASON_MAX, Reference


class CitySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class TermSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Reference.Term.choices)
    year = serializers.IntegerField()
    label = serializers.CharField(help_text=_("The term in the reader's language, e.g. autumn 2026."))


class ProviderSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField(help_text=_("company, association or research"))


class ReferenceSerializer(serializers.ModelSerializer):
    text = serializers.SerializerMethodField(help_text=_('"Co-created with the schools of <city>", in your language.'))
    provider = serializers.SerializerMethodField()
    city = serializers.SerializerMethodField()
    term = serializers.SerializerMethodField()
    groups = serializers.IntegerField(help_text=_("Groups (pilots) that took part."))
    pupils = serializers.IntegerField(help_text=_("Pupils in those groups, as agreed."))
    average_rating = serializers.SerializerMethodField(help_text=_("Both sides' average rating, 1–5."))
    valid = serializers.BooleanField(help_text=_("False once a coordinator has withdrawn the reference."))
    withdraw_reason = serializers.SerializerMethodField(
        help_text=_("Why it was withdrawn: shown to the provider and the municipality's coordinators.")
    )
    url = serializers.SerializerMethodField(help_text=_("The public page."))
    badge_url = serializers.SerializerMethodField(help_text=_("The embeddable SVG badge."))
    embed_html = serializers.SerializerMethodField(
        help_text=_("The badge linking to the page, as HTML for the provider's own site (to the provider only).")
    )
    actions = s.ActionsField()

    class Meta:
        model = Reference
        fields = [
            "code",
            "text",
            "product",
            "provider",
            "city",
            "term",
            "groups",
            "pupils",
            "average_rating",
            "valid",
            "created_at",
            "withdrawn_at",
            "withdraw_reason",
            "url",
            "badge_url",
            "embed_html",
            "actions",
        ]
        read_only_fields = fields

    def _actor(self):
        request = self.context.get("request")
        return request.user if request else None

    def _language(self) -> str:
        language = (get_language() or "fi")[:2]
        return language if language in wording.BADGE_LANGUAGES else "fi"

    def get_text(self, reference: Reference) -> str:
        return wording.reference_text(reference)

    @extend_schema_field(ProviderSerializer)
    def get_provider(self, reference: Reference) -> dict:
        return {"name": reference.provider.name, "kind": reference.provider.kind}

    @extend_schema_field(CitySerializer)
    def get_city(self, reference: Reference) -> dict:
        return {"code": reference.municipality_id, "name": reference.municipality.name}

    @extend_schema_field(TermSerializer)
    def get_term(self, reference: Reference) -> dict:
        return {"kind": reference.term, "year": reference.year, "label": wording.term_label(reference)}

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_average_rating(self, reference: Reference) -> float | None:
        return round(reference.average_rating, 1) if reference.average_rating is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_withdraw_reason(self, reference: Reference) -> str | None:
        if reference.valid or not permissions.may_see_withdrawal_reason(self._actor(), reference):
            return None
        return reference.withdraw_reason

    def get_url(self, reference: Reference) -> str:
        return wording.page_url(reference)

    def get_badge_url(self, reference: Reference) -> str:
        return wording.badge_url(reference, self._language())

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_embed_html(self, reference: Reference) -> str | None:
        if not permissions.is_provider_member(self._actor(), reference):
            return None
        return wording.embed_snippet(reference, self._language())


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=REASON_MAX, help_text=_("Why; the provider sees it."))


MINE = OpenApiParameter(
    "mine",
    OpenApiTypes.BOOL,
    description="Your organisation's references (a provider's own; a coordinator's: the municipality's). "
    "The list never holds anyone else's.",
)


@extend_schema_view(
    list=extend_schema(summary="Your references (providers: your own; coordinators: your municipality's)",
                       parameters=[MINE]),
    retrieve=extend_schema(
        summary="One reference by its code (public)",
        responses={200: ReferenceSerializer, 401: ErrorSerializer, 404: ErrorSerializer},
        description="Anyone may read it without signing in; a token that is sent must be valid (else 401). "
        "Signed in, its provider also gets `embed_html` and its municipality's coordinators `actions`.",
    ),
)  # fmt: skip
class ReferenceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ReferenceSerializer
    lookup_field = "code"
    lookup_value_regex = "[a-z0-9]{8,32}"
    filter_backends = []

    def get_permissions(self):
        return [AllowAny()] if self.action == "retrieve" else [IsAuthenticated()]

    def get_queryset(self):
        return selectors.reference_list(actor=self.request.user)

    def get_object(self) -> Reference:
        return selectors.reference_get(code=self.kwargs["code"])

    @extend_schema(
        request=WithdrawSerializer,
        responses={200: ReferenceSerializer, 400: ErrorSerializer, 403: ErrorSerializer, 409: ErrorSerializer},
        description="A coordinator of the reference's municipality withdraws it, with the reason; its page and "
        "badge then say it was withdrawn.",
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, code=None) -> Response:
        reference = self.get_object()
        body = WithdrawSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.reference_withdraw(actor=request.user, reference=reference, reason=body.validated_data["reason"])
        return Response(self.get_serializer(selectors.reference_get(code=reference.code)).data)
