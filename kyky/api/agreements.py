"""API v1 for applications, pilots and agreements: thin viewsets over the pilots and contracts services."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, renderers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from contracts import parts
from contracts import selectors as agreement_selectors
from contracts import services as agreement_services
from contracts import snapshot as limits
from contracts import verification as agreement_verification
from contracts.models import Agreement, Signature
from kyky.accounts.oidc import session_authentication
from kyky.api import serializers as s
from kyky.api.errors import ErrorSerializer
from kyky.api.etags import IF_MATCH, ETagMixin, expected_version
from kyky.pilots import selectors, services
from kyky.pilots.models import Application
from kyky.process import services as process
from kyky.uploads import limit_uploads

# Applications


@extend_schema_view(
    list=extend_schema(summary="Applications your organisation sent or received"),
    retrieve=extend_schema(summary="One application"),
)
class ApplicationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = s.ApplicationSerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.application_visible(actor=self.request.user).filter(
            **({"status": self.request.query_params["status"]} if self.request.query_params.get("status") else {})
        )

    @extend_schema(
        summary="Apply to a need (company) or express interest in a proposal (school)",
        request=s.ApplicationCreateSerializer,
        responses={201: s.ApplicationSerializer, 404: ErrorSerializer, 409: ErrorSerializer},
    )
    def create(self, request: Request) -> Response:
        body = s.ApplicationCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        # 404 alike for a proposal or need that does not exist and one the caller may not see.
        application = services.application_create(
            actor=request.user,
            proposal=selectors.proposal_get(actor=request.user, pk=data["proposal"]),
            need=selectors.need_get(actor=request.user, pk=data["need"]),
            message=data["message"],
        )
        return Response(self.get_serializer(application).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.TransitionSerializer, responses={200: s.AcceptedSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk=None) -> Response:
        body = s.TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        pilot = process.application_accept(
            actor=request.user, application=self.get_object(), comment=body.validated_data["comment"]
        )
        application = self.get_queryset().get(pk=pilot.application_id)
        return Response(
            {"application": self.get_serializer(application).data, "pilot": pilot.pk, "agreement": pilot.agreement.pk}
        )

    def _answer(self, request: Request, service) -> Response:
        body = s.TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        application = service(actor=request.user, application=self.get_object(), comment=body.validated_data["comment"])
        return Response(self.get_serializer(self.get_queryset().get(pk=application.pk)).data)

    @extend_schema(request=s.TransitionSerializer, responses={200: s.ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk=None) -> Response:
        return self._answer(request, services.application_decline)

    @extend_schema(request=s.TransitionSerializer, responses={200: s.ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk=None) -> Response:
        return self._answer(request, services.application_withdraw)


# Pilots


@extend_schema_view(list=extend_schema(summary="Pilots of your organisation (coordinators: your municipality)"))
class PilotViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = s.PilotSerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.pilot_visible(actor=self.request.user)

    def _transition(self, request: Request, service) -> Response:
        body = s.TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        pilot = service(actor=request.user, pilot=self.get_object(), comment=body.validated_data["comment"])
        return Response(self.get_serializer(self.get_queryset().get(pk=pilot.pk)).data)

    @extend_schema(request=s.TransitionSerializer, responses={200: s.PilotSerializer})
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk=None) -> Response:
        return self._transition(request, services.pilot_start)

    @extend_schema(
        request=s.TransitionSerializer,
        responses={200: s.PilotSerializer, 403: ErrorSerializer, 409: ErrorSerializer},
        description="A coordinator of the unit's municipality completes the pilot once both sides have given "
        "their evaluation, or from 30 days after its end (409 before). Its agreement is completed with it, and "
        "a pilot with an evaluation earns the provider its reference.",
    )
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk=None) -> Response:
        return self._transition(request, process.pilot_complete)

    @extend_schema(
        request=s.FeedbackInputSerializer,
        responses={200: s.PilotSerializer, 400: ErrorSerializer, 409: ErrorSerializer},
        description="The caller's side's end-of-pilot evaluation (`rating`, `goals`, `again`, `worked`, `change`, "
        "and for groups in early childhood to grade 2 the teacher's optional `faces`). Sending it again corrects "
        "it until the coordinator completes the pilot.",
    )
    @action(detail=True, methods=["post"])
    def feedback(self, request: Request, pk=None) -> Response:
        body = s.FeedbackInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        pilot = self.get_object()
        services.pilot_feedback(actor=request.user, pilot=pilot, **body.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=pilot.pk)).data)


# Agreements


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=limits.SHORT_TEXT_MAX, required=False, allow_blank=True)
    title = serializers.CharField(max_length=limits.SHORT_TEXT_MAX, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=limits.SHORT_TEXT_MAX, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=limits.PHONE_MAX, required=False, allow_blank=True)


class ContactsSerializer(serializers.Serializer):
    school = ContactSerializer(required=False)
    company = ContactSerializer(required=False)


class SubprocessorSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=limits.SHORT_TEXT_MAX)
    service = serializers.CharField(
        max_length=limits.SUBPROCESSOR_SERVICE_MAX, allow_blank=True, required=False, default=""
    )
    location = serializers.CharField(max_length=limits.SHORT_TEXT_MAX, allow_blank=True, required=False, default="")


def _text(**kwargs) -> serializers.CharField:
    return serializers.CharField(max_length=limits.TEXT_MAX, required=False, allow_blank=True, **kwargs)


class PersonalDataSerializer(serializers.Serializer):
    processed = serializers.BooleanField(required=False)
    categories = s.BoundedListField(
        child=serializers.CharField(max_length=limits.SHORT_TEXT_MAX),
        required=False,
        max_length=limits.CATEGORIES_MAX,
    )
    purpose = _text()
    storage_location = _text(help_text=_("Where the data is stored (in the EU/EEA)."))
    retention = _text()
    subprocessors = s.BoundedListField(
        child=SubprocessorSerializer(), required=False, max_length=limits.SUBPROCESSORS_MAX
    )


class AgreementDetailsSerializer(serializers.Serializer):
    """The details the parties fill in; every field is optional in a PATCH."""

    language = serializers.ChoiceField(choices=Agreement.Language.choices, required=False)
    title = serializers.CharField(max_length=limits.SHORT_TEXT_MAX, required=False)
    purpose = _text()
    product = _text()
    groups = _text()
    pupil_count = serializers.IntegerField(min_value=1, max_value=500, required=False)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    place = _text()
    company_provides = _text()
    school_provides = _text()
    reference_use = _text()
    contacts = ContactsSerializer(required=False)
    personal_data = PersonalDataSerializer(required=False)


class AgreementPartySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    business_id = serializers.CharField(required=False)


class SignatureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Signature
        fields = ["party", "name", "role", "organisation", "signed_at", "document_sha256", "method", "assurance"]
        read_only_fields = fields


class PartiesFlagSerializer(serializers.Serializer):
    school = serializers.BooleanField()
    company = serializers.BooleanField()


class PartiesMissingSerializer(serializers.Serializer):
    school = serializers.ListField(child=serializers.CharField())
    company = serializers.ListField(child=serializers.CharField())


class PartiesTimeSerializer(serializers.Serializer):
    school = serializers.DateTimeField(allow_null=True)
    company = serializers.DateTimeField(allow_null=True)


class AgreementSerializer(serializers.ModelSerializer):
    ready = serializers.SerializerMethodField(
        help_text=_("Which parties have marked their part ready; the agreement is submitted when both have.")
    )
    missing = serializers.SerializerMethodField(
        help_text=_("What each party must still fill in before marking its part ready (fields of `details`).")
    )
    reminded_at = serializers.SerializerMethodField(
        help_text=_("When each party was last asked to complete its part (`remind`).")
    )
    unit = serializers.SerializerMethodField()
    company = serializers.SerializerMethodField()
    municipality = serializers.CharField(source="municipality_id")
    details = serializers.SerializerMethodField()
    signatures = SignatureSerializer(many=True)
    verification_url = serializers.CharField(source="snapshot.verification_url")
    actions = s.ActionsField()

    class Meta:
        model = Agreement
        fields = [
            "id",
            "number",
            "status",
            "language",
            "template_version",
            "pilot",
            "unit",
            "company",
            "municipality",
            "details",
            "ready",
            "missing",
            "reminded_at",
            "return_comment",
            "signatures",
            "approved_sha256",
            "final_sha256",
            "verification_code",
            "verification_url",
            "created_at",
            "submitted_at",
            "approved_at",
            "signed_at",
            "actions",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(PartiesFlagSerializer)
    def get_ready(self, agreement: Agreement) -> dict:
        return agreement.ready

    @extend_schema_field(PartiesMissingSerializer)
    def get_missing(self, agreement: Agreement) -> dict:
        return {party: parts.missing(agreement.snapshot, party) for party in parts.PARTIES}

    @extend_schema_field(PartiesTimeSerializer)
    def get_reminded_at(self, agreement: Agreement) -> dict:
        field = serializers.DateTimeField()
        return {
            party: field.to_representation(when) if (when := agreement.reminded_at(party)) else None
            for party in parts.PARTIES
        }

    @extend_schema_field(AgreementPartySerializer)
    def get_unit(self, agreement: Agreement) -> dict:
        return {"id": agreement.unit_id, "name": agreement.snapshot["unit"]["name"]}

    @extend_schema_field(AgreementPartySerializer)
    def get_company(self, agreement: Agreement) -> dict:
        company = agreement.snapshot["company"]
        return {"id": agreement.company_id, "name": company["name"], "business_id": company["business_id"]}

    @extend_schema_field(AgreementDetailsSerializer)
    def get_details(self, agreement: Agreement) -> dict:
        snapshot = agreement.snapshot
        pilot = {k: v for k, v in snapshot["pilot"].items() if k not in ("levels", "subjects")}
        return {
            "language": snapshot["language"],
            **pilot,
            "levels": snapshot["pilot"]["levels"],
            "subjects": snapshot["pilot"]["subjects"],
            "company_provides": snapshot["company_provides"],
            "school_provides": snapshot["school_provides"],
            "reference_use": snapshot["reference_use"],
            "contacts": snapshot["contacts"],
            "personal_data": snapshot["personal_data"],
        }


class AgreementDetailSerializer(AgreementSerializer):
    history = serializers.SerializerMethodField()

    class Meta(AgreementSerializer.Meta):
        fields = [*AgreementSerializer.Meta.fields, "history"]
        read_only_fields = fields

    @extend_schema_field(s.HistorySerializer(many=True))
    def get_history(self, agreement: Agreement) -> list:
        return s.HistorySerializer(agreement_selectors.agreement_history(agreement), many=True).data


class SignSerializer(serializers.Serializer):
    document_sha256 = serializers.RegexField(
        r"^[0-9a-fA-F]{64}$",
        max_length=64,
        help_text=_("SHA-256 of the approved PDF you were shown (GET /pdf/ while the agreement is approved)."),
    )


class ReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=2000, help_text=_("What the parties should change."))


class VerificationSerializer(serializers.Serializer):
    valid = serializers.BooleanField()
    status = serializers.CharField(required=False)
    number = serializers.CharField(required=False)
    template_version = serializers.CharField(required=False)
    parties = serializers.DictField(child=serializers.CharField(), required=False)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    signatures = serializers.ListField(child=serializers.DictField(), required=False)
    signed_at = serializers.DateTimeField(required=False, allow_null=True)
    sha256 = serializers.CharField(required=False, allow_null=True)


class PDFRenderer(renderers.BaseRenderer):
    """The PDF endpoint's bytes as they are; its errors are rendered as JSON (AgreementViewSet.handle_exception)."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        return data


# Answered while the approved (or signed) document is still being stored after the approval (or signature).
NOT_READY = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    response=[409],
    description="Seconds to wait when the stored document is still being prepared.",
)


@extend_schema_view(
    list=extend_schema(summary="Agreements of your organisation (coordinators: your municipality)"),
    retrieve=extend_schema(summary="One agreement with its details, signatures and history"),
)
class AgreementViewSet(ETagMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    filter_backends = []
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return agreement_selectors.agreement_list(
            actor=self.request.user, status=self.request.query_params.get("status") or None
        )

    def get_serializer_class(self):
        return AgreementDetailSerializer if self.action != "list" else AgreementSerializer

    def _detail(self, agreement: Agreement) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=agreement.pk)).data)

    @extend_schema(
        summary="Fill in the agreement's details (the parties, while draft or returned)",
        description="Each party fills in its own part: the school its contact, `purpose`, `groups`, `pupil_count`, "
        "`place` and `school_provides`; the company its contact, `product`, `company_provides` and "
        "`personal_data` (the data processing annex). `title`, the dates, `reference_use` and `language` are "
        "shared. Changing the other party's part is a 400 on that field. Any change clears both parties' "
        "`ready` marks.",
        request=AgreementDetailsSerializer,
        parameters=[IF_MATCH],
        responses={200: AgreementDetailSerializer, 400: ErrorSerializer, 412: ErrorSerializer},
    )
    def partial_update(self, request: Request, pk=None) -> Response:
        body = AgreementDetailsSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        agreement = agreement_services.agreement_update(
            actor=request.user, agreement=self.get_object(), data=body.validated_data, version=expected_version(request)
        )
        return self._detail(agreement)

    def _transition(self, request: Request, service, body_class=s.TransitionSerializer) -> Response:
        body = body_class(data=request.data)
        body.is_valid(raise_exception=True)
        agreement = service(actor=request.user, agreement=self.get_object(), **body.validated_data)
        return self._detail(agreement)

    @extend_schema(
        summary="Mark your party's part ready; the agreement is submitted when both parties have",
        description="Each party (the unit's teachers and principal, the company's representatives) marks its own "
        "part ready. Only the caller's own part must be complete: 400 names the missing fields. The response's "
        '`ready` shows both parties (`{"school": true, "company": false}`); when both are ready the '
        "agreement moves to `submitted` and the coordinators of the unit's municipality are told. An edit by "
        "either party clears both marks. 409 if the caller's part is already marked ready.",
        request=s.TransitionSerializer,
        responses={200: AgreementDetailSerializer, 400: ErrorSerializer, 409: ErrorSerializer},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk=None) -> Response:
        return self._transition(request, agreement_services.agreement_submit)

    @extend_schema(
        summary="Ask the other party to complete its part",
        description="The other party is told by e-mail, with what is still missing from its part and the optional "
        "`comment`. Offered (in `actions`) while the other party's part is not marked ready; 409 once it is. "
        "At most once a day per party: 429 with Retry-After before that.",
        request=s.TransitionSerializer,
        responses={200: AgreementDetailSerializer, 409: ErrorSerializer, 429: ErrorSerializer},
        parameters=[
            OpenApiParameter(
                "Retry-After",
                OpenApiTypes.INT,
                OpenApiParameter.HEADER,
                response=[429],
                description="Seconds until the other party may be asked again.",
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def remind(self, request: Request, pk=None) -> Response:
        return self._transition(request, agreement_services.agreement_remind)

    @extend_schema(request=s.TransitionSerializer, responses={200: AgreementDetailSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk=None) -> Response:
        return self._transition(request, agreement_services.agreement_approve)

    @extend_schema(request=ReturnSerializer, responses={200: AgreementDetailSerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk=None) -> Response:
        return self._transition(request, agreement_services.agreement_return, ReturnSerializer)

    @extend_schema(
        request=SignSerializer,
        responses={200: AgreementDetailSerializer},
        parameters=[NOT_READY],
        description="Sign the approved document, named by the SHA-256 of the stored approved PDF.",
    )
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk=None) -> Response:
        body = SignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        agreement = agreement_services.agreement_sign(
            actor=request.user,
            agreement=self.get_object(),
            document_sha256=body.validated_data["document_sha256"],
            authentication=session_authentication(request.session),
        )
        return self._detail(agreement)

    @extend_schema(request=s.TransitionSerializer, responses={200: AgreementDetailSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk=None) -> Response:
        return self._transition(request, process.agreement_cancel)

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if self.action == "pdf":
            # The PDF endpoint's errors come in the API's one JSON error shape, whatever was accepted.
            self.request.accepted_renderer = renderers.JSONRenderer()
            self.request.accepted_media_type = self.request.accepted_renderer.media_type
        return response

    @extend_schema(
        summary="The current PDF: the signed one once both have signed, the approved one to sign, else a draft",
        description="The signed and the approved PDFs are the stored bytes; a draft is rendered from the terms "
        "as they stand. 409 with Retry-After while a stored document is still being prepared.",
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (406, "application/json"): OpenApiResponse(ErrorSerializer, "The client accepts no PDF"),
            (409, "application/json"): OpenApiResponse(ErrorSerializer, "The stored document is being prepared"),
        },
        parameters=[NOT_READY],
    )
    @action(detail=True, methods=["get"], renderer_classes=[PDFRenderer])
    def pdf(self, request: Request, pk=None) -> Response:
        content, filename = agreement_services.agreement_pdf(actor=request.user, agreement=self.get_object())
        return Response(
            content,
            content_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "private, no-store"},
        )


class AgreementVerifyView(APIView):
    """Anyone holding a PDF can check it: its SHA-256 names a signed agreement, or nothing."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        summary="Verify a signed agreement PDF by its SHA-256",
        responses={200: VerificationSerializer, 404: OpenApiResponse(VerificationSerializer, "No signed agreement")},
        auth=[],
    )
    def get(self, request: Request, sha256: str) -> Response:
        result = agreement_selectors.verification(agreement_selectors.agreement_by_final_hash(sha256))
        return Response(
            VerificationSerializer(result).data,
            status=status.HTTP_200_OK if result["valid"] else status.HTTP_404_NOT_FOUND,
        )


class SealSerializer(serializers.Serializer):
    present = serializers.BooleanField(help_text=_("Whether the file carries an electronic seal."))
    intact = serializers.BooleanField(
        help_text=_("The seal holds: unchanged since sealing, made with KYKY's certificate, covering the whole file.")
    )
    subject = serializers.CharField(help_text=_("Subject of the seal certificate."))
    sealed_at = serializers.DateTimeField(allow_null=True)
    timestamped = serializers.BooleanField(help_text=_("Whether a timestamp authority dated the seal."))


class UploadVerificationSerializer(VerificationSerializer):
    genuine = serializers.BooleanField(help_text=_("The file is the signed agreement PDF that KYKY issued."))
    uploaded_sha256 = serializers.CharField()
    seal = SealSerializer()
    problems = serializers.ListField(child=serializers.CharField(), help_text=_("Why the file is not valid."))


class VerifyUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("The agreement PDF, at most 20 MB."))


class UploadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The file is larger than 20 MB.")
    default_code = "too_large"


class AgreementVerifyUploadView(APIView):
    """Anyone holding a PDF can upload it: is it a signed KYKY agreement, and does its seal hold? Nothing is kept."""

    permission_classes = [AllowAny]
    authentication_classes = []
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Verify a signed agreement PDF by uploading it (multipart, field `file`)",
        request={"multipart/form-data": VerifyUploadSerializer},
        responses={200: UploadVerificationSerializer, 400: ErrorSerializer, 413: ErrorSerializer},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        handler = limit_uploads(request._request, agreement_verification.MAX_UPLOAD_BYTES)
        upload = request.FILES.get("file")  # parsed here, through the handler
        if handler.too_large:
            raise UploadTooLarge()
        body = VerifyUploadSerializer(data={"file": upload} if upload else {})
        body.is_valid(raise_exception=True)
        result = agreement_verification.verify_pdf(body.validated_data["file"].read())
        return Response(UploadVerificationSerializer(result).data)


__all__ = [
    "Application",
    "ApplicationViewSet",
    "PilotViewSet",
    "AgreementViewSet",
    "AgreementVerifyView",
    "AgreementVerifyUploadView",
]
