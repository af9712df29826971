"""API v1 viewsets: thin faces over the services and selectors."""

from __future__ import annotations

from functools import partial

from django.contrib.auth import logout as auth_logout
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kyky.accounts import services as account_services
from kyky.accounts import tokens
from kyky.accounts.models import ApiToken
from kyky.api import serializers as s
from kyky.api.errors import ErrorSerializer
from kyky.api.etags import IF_MATCH, ETagMixin, expected_version
from kyky.api.kept import KeptReadMixin
from kyky.catalog.models import Language, Level, Subject
from kyky.core.clients import client_ip
from kyky.matching import fit
from kyky.pilots import selectors, services
from kyky.pilots.filters import NeedFilter, ProposalFilter


class TokenView(APIView):
    """Exchange an e-mail and password for an API token that expires (KYKY_TOKEN_TTL_HOURS)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    serializer_class = s.LoginSerializer

    @extend_schema(
        request=s.LoginSerializer,
        responses={200: s.TokenSerializer, 400: ErrorSerializer, 429: ErrorSerializer},
        auth=[],
        summary="Log in: a token for `Authorization: Token <token>`, valid until `expiry`",
    )
    def post(self, request: Request) -> Response:
        serializer = s.LoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = account_services.login(
            email=serializer.validated_data["email"],
            password=serializer.validated_data["password"],
            client=client_ip(request),
            request=request._request,
        )
        if user is None:
            return Response(
                {"detail": _("Wrong e-mail or password."), "code": "authentication_failed"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        account_services.user_first_login(user=user, accept_language=request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
        token, key = tokens.token_create(user=user)
        return Response(s.TokenSerializer({"token": key, "expiry": token.expiry}).data)


class LogoutView(APIView):
    """Revoke the token this request was sent with."""

    @extend_schema(request=None, responses={204: None, 401: ErrorSerializer}, summary="Log out: revoke this token")
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, ApiToken):
            tokens.token_revoke(token=request.auth)
        else:  # signed in with the session cookie: end the session
            auth_logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenRevokeView(APIView):
    """Revoke every token of the caller (all devices)."""

    @extend_schema(request=None, responses={204: None, 401: ErrorSerializer}, summary="Revoke all your tokens")
    def delete(self, request: Request) -> Response:
        tokens.token_revoke_all(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _code_list(model, tag: str):
    @extend_schema(tags=["code lists"])
    class CodeListView(mixins.ListModelMixin, viewsets.GenericViewSet):
        queryset = model.objects.all()
        serializer_class = s.CodeSerializer
        permission_classes = [AllowAny]
        authentication_classes = []  # public: a stale token must not turn a code list into a 401
        pagination_class = None
        filter_backends = []

    CodeListView.__name__ = f"{model.__name__}ViewSet"
    CodeListView.__qualname__ = CodeListView.__name__
    return CodeListView


SubjectViewSet = _code_list(Subject, "subjects")
LevelViewSet = _code_list(Level, "levels")
LanguageViewSet = _code_list(Language, "languages")


class _WorkflowViewSet(
    KeptReadMixin,
    ETagMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def list(self, request: Request, *args, **kwargs) -> Response:
        return self.kept(request, partial(super().list, request, *args, **kwargs))

    def _transition(self, request: Request, service) -> Response:
        body = s.TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        obj = service(actor=request.user, comment=body.validated_data["comment"], **{self.kind: self.get_object()})
        return Response(self.get_serializer(self.get_queryset().get(pk=obj.pk)).data)


@extend_schema_view(
    list=extend_schema(summary="List pilot proposals (published ones, and your organisation's drafts)"),
    create=extend_schema(summary="Create a draft pilot proposal (company representatives)"),
    partial_update=extend_schema(
        summary="Edit a proposal (its company, while draft or published)",
        parameters=[IF_MATCH],
        responses={200: s.ProposalSerializer, 400: ErrorSerializer, 412: ErrorSerializer},
    ),
    destroy=extend_schema(summary="Delete a draft proposal"),
)
class ProposalViewSet(_WorkflowViewSet):
    serializer_class = s.ProposalSerializer
    filterset_class = ProposalFilter
    kind = "proposal"

    def get_queryset(self):
        return selectors.proposal_visible(actor=self.request.user)

    def filter_queryset(self, queryset):
        """`sort=fit`: best fit for the caller's group first (teachers and principals; others get the newest)."""
        queryset = super().filter_queryset(queryset)
        if self.action == "list" and self.request.query_params.get("sort") == "fit":
            queryset = fit.order_by_fit(queryset, fit.proposal_fits(actor=self.request.user))
        return queryset

    def perform_create(self, serializer):
        serializer.instance = services.proposal_create(actor=self.request.user, data=serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.proposal_update(
            actor=self.request.user,
            proposal=serializer.instance,
            data=serializer.validated_data,
            version=expected_version(self.request),
        )

    def perform_destroy(self, instance):
        services.proposal_delete(actor=self.request.user, proposal=instance)

    @extend_schema(request=s.TransitionSerializer, responses={200: s.ProposalSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk=None) -> Response:
        return self._transition(request, services.proposal_publish)

    @extend_schema(
        request=s.TransitionSerializer,
        responses={200: s.ProposalSerializer},
        description="The company closes its offer everywhere; a coordinator closes it for their municipality "
        "only, with the reason in `comment` (required: the company is told by e-mail and sees it in "
        "`moderation`). The offer stays open in the other municipalities it serves; `reopen` undoes it.",
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk=None) -> Response:
        return self._transition(request, services.proposal_close)

    @extend_schema(
        request=s.TransitionSerializer,
        responses={200: s.ProposalSerializer},
        description="A coordinator reopens an offer they (or a colleague) closed for their municipality; the "
        "company is told.",
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk=None) -> Response:
        return self._transition(request, services.proposal_reopen_here)

    @extend_schema(
        request=s.RequiredCommentSerializer,
        responses={200: s.ProposalSerializer},
        description="A coordinator of a municipality the offer serves asks the company to change it; `comment` "
        "says what (required). The offer stays published. The company is told and sees the request in "
        "`moderation`; it clears when the company edits the offer, or with `withdraw_request`.",
    )
    @action(detail=True, methods=["post"])
    def request_changes(self, request: Request, pk=None) -> Response:
        body = s.RequiredCommentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        obj = services.proposal_request_changes(
            actor=request.user, proposal=self.get_object(), comment=body.validated_data["comment"]
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=obj.pk)).data)

    @extend_schema(
        request=s.TransitionSerializer,
        responses={200: s.ProposalSerializer},
        description="The coordinator withdraws their municipality's request for changes.",
    )
    @action(detail=True, methods=["post"])
    def withdraw_request(self, request: Request, pk=None) -> Response:
        return self._transition(request, services.proposal_withdraw_request)


@extend_schema_view(
    list=extend_schema(summary="List learning needs (published ones, and your unit's drafts)"),
    create=extend_schema(summary="Create a draft learning need (teachers and principals)"),
    partial_update=extend_schema(
        summary="Edit a need (its unit, while draft or published)",
        parameters=[IF_MATCH],
        responses={200: s.NeedSerializer, 400: ErrorSerializer, 412: ErrorSerializer},
    ),
    destroy=extend_schema(summary="Delete a draft need"),
)
class NeedViewSet(_WorkflowViewSet):
    serializer_class = s.NeedSerializer
    filterset_class = NeedFilter
    kind = "need"

    def get_queryset(self):
        return selectors.need_visible(actor=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.need_create(actor=self.request.user, data=serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.need_update(
            actor=self.request.user,
            need=serializer.instance,
            data=serializer.validated_data,
            version=expected_version(self.request),
        )

    def perform_destroy(self, instance):
        services.need_delete(actor=self.request.user, need=instance)

    @extend_schema(request=s.TransitionSerializer, responses={200: s.NeedSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk=None) -> Response:
        return self._transition(request, services.need_publish)

    @extend_schema(request=s.TransitionSerializer, responses={200: s.NeedSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk=None) -> Response:
        return self._transition(request, services.need_close)
