"""GET /api/v1/reports/: a coordinator's figures for their municipality, as JSON or CSV (`?format=csv`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import renderers, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kyky.api.errors import ErrorSerializer
from kyky.reports import export, selectors


class CodeCountSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(help_text=_("In the reader's language."))
    pilots = serializers.IntegerField()


class SideEvaluationSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    rating = serializers.FloatField(allow_null=True)
    goals = serializers.DictField(child=serializers.IntegerField(), help_text=_("yes, partly, no → count"))
    again = serializers.DictField(child=serializers.IntegerField(), help_text=_("yes, no → count"))
    faces = serializers.DictField(child=serializers.IntegerField(), help_text=_("happy, neutral, sad → count"))


class ReportSerializer(serializers.Serializer):
    municipality = serializers.DictField(child=serializers.CharField())
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    proposals = serializers.DictField(child=serializers.IntegerField(), help_text=_("State → count"))
    needs = serializers.DictField(child=serializers.IntegerField(), help_text=_("State → count"))
    applications = serializers.DictField(child=serializers.IntegerField(), help_text=_("State → count"))
    pilots = serializers.DictField(child=serializers.IntegerField(), help_text=_("State → count"))
    agreements = serializers.DictField(child=serializers.IntegerField(), help_text=_("State → count"))
    median_days_to_signed = serializers.FloatField(
        allow_null=True, help_text=_("Median days from a need's publication to its agreement's signing.")
    )
    signed_agreements = serializers.IntegerField(help_text=_("Agreements signed in the period (the median's base)."))
    by_subject = CodeCountSerializer(many=True)
    by_level = CodeCountSerializer(many=True)
    by_language = CodeCountSerializer(many=True)
    by_unit_kind = CodeCountSerializer(many=True)
    ratings = serializers.DictField(
        child=serializers.FloatField(allow_null=True), help_text=_("The average rating per side (school, company).")
    )
    evaluations = serializers.DictField(child=SideEvaluationSerializer())
    companies = serializers.IntegerField(help_text=_("Providers taking part (companies, associations, research)."))
    units = serializers.IntegerField(help_text=_("Schools and day-care centres taking part."))
    providers = serializers.DictField(child=serializers.IntegerField(), help_text=_("Kind of provider → count"))


class CSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        return export.report_csv(data).encode("utf-8")


PERIOD = [
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="First day (default: 1 August of this school year)"),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="Last day (default: 31 July after it)"),
    OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "csv"], description="csv: the figures as CSV rows"),
]


class ReportView(APIView):
    renderer_classes = [renderers.JSONRenderer, CSVRenderer]

    @extend_schema(
        summary="Your municipality's figures for a period (coordinators)",
        parameters=PERIOD,
        responses={
            (200, "application/json"): ReportSerializer,
            (200, "text/csv"): OpenApiTypes.STR,
            400: ErrorSerializer,
            403: ErrorSerializer,
        },
        description="By-state counts, the median days from a need's publication to a signed agreement, pilots by "
        "subject, level, language and kind of unit, the evaluation averages per side and the providers and units "
        "taking part; every figure a database aggregate. 403 for anyone but a coordinator.",
    )
    def get(self, request: Request) -> Response:
        period = selectors.parse_period(request.query_params.get("date_from"), request.query_params.get("date_to"))
        data = selectors.report(actor=request.user, period=period)
        headers = {"Cache-Control": "private, no-store"}
        if request.accepted_renderer.format == "csv":
            headers["Content-Disposition"] = f'attachment; filename="{export.filename(data)}"'
        return Response(data, headers=headers)

    def handle_exception(self, exc):
        # Errors come in the API's one JSON shape, whatever format was asked for.
        self.request.accepted_renderer = renderers.JSONRenderer()
        self.request.accepted_media_type = self.request.accepted_renderer.media_type
        return super().handle_exception(exc)
