"""API v1 for the signed-in user: their account and settings (GET, PATCH, DELETE /api/v1/me/), what waits for them
(/me/tasks/) and all their data (/me/export/)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kyky.accounts import services as account_services
from kyky.accounts.models import User
from kyky.api.errors import ErrorSerializer
from kyky.api.serializers import OrganisationSerializer
from kyky.privacy import services as privacy_services
from kyky.process import selectors as process_selectors


class MeSerializer(serializers.ModelSerializer):
    language = serializers.ChoiceField(
        choices=User.LANGUAGES,
        allow_blank=True,
        help_text=_("The language of your e-mails and calendar: fi, sv or en."),
    )
    notifications = serializers.ChoiceField(
        choices=User.Notifications.choices,
        help_text=_("immediately: an e-mail per event; digest: one e-mail a day at 7:00; off: none."),
    )
    calendar_url = serializers.SerializerMethodField(
        help_text=_("Your private calendar feed (iCalendar) of your pilots and deadlines. Keep it secret.")
    )
    organisation = OrganisationSerializer(
        source="member.organisation", read_only=True, default=None, help_text=_("Your organisation, or null.")
    )
    role = serializers.CharField(source="member.role", read_only=True, default=None)

    class Meta:
        model = User
        fields = ["id", "email", "name", "organisation", "role", "language", "notifications", "calendar_url"]
        read_only_fields = ["id", "email", "name", "organisation", "role", "calendar_url"]

    def get_calendar_url(self, user: User) -> str:
        secret = account_services.calendar_secret(user=user)
        return f"{settings.SITE_URL}{reverse('calendar-feed', args=[secret])}"


class MeUpdateSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=User.LANGUAGES, required=False)
    notifications = serializers.ChoiceField(choices=User.Notifications.choices, required=False)


class MeView(APIView):
    @extend_schema(tags=["me"], summary="Your language, notification setting and calendar feed", responses=MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)

    @extend_schema(
        tags=["me"],
        summary="Change your language or notification setting",
        request=MeUpdateSerializer,
        responses={200: MeSerializer, 400: ErrorSerializer},
    )
    def patch(self, request: Request) -> Response:
        body = MeUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user = account_services.user_settings_update(actor=request.user, data=body.validated_data)
        return Response(MeSerializer(user).data)

    @extend_schema(
        tags=["me"],
        summary="Delete your account",
        description="Removes your personal data and ends every session and token. What you did stays in the "
        "records without your name; your signatures stay on signed agreements as names only. Cannot be undone.",
        responses={204: None, 403: ErrorSerializer},
    )
    def delete(self, request: Request) -> Response:
        privacy_services.account_delete(actor=request.user, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TaskSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["offer", "application", "agreement", "feedback", "pilot", "match"],
        help_text=_("What waits: an offer or application to answer, an agreement to fill in, approve or sign, "
                    "feedback to give, a pilot to complete, or a new match."),
    )  # fmt: skip
    id = serializers.IntegerField(help_text=_("The id of the offer, application, agreement, pilot, or the match."))
    title = serializers.CharField()
    detail = serializers.CharField()
    url = serializers.CharField(help_text=_("The page where to do it."))
    actions = serializers.ListField(
        child=serializers.CharField(), help_text=_("The steps you may take on it now (POST .../<action>/).")
    )
    due_on = serializers.DateField(allow_null=True, help_text=_("The day by which it should be done."))
    since = serializers.DateTimeField(allow_null=True)


class TaskListSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    results = TaskSerializer(many=True)


class MeTasksView(APIView):
    @extend_schema(
        tags=["me"],
        summary="What waits for you now: the same list as your start page",
        responses=TaskListSerializer,
    )
    def get(self, request: Request) -> Response:
        tasks = process_selectors.user_tasks(actor=request.user)
        return Response(TaskListSerializer({"count": len(tasks), "results": tasks}).data)


class MeExportView(APIView):
    @extend_schema(
        tags=["me"],
        summary="Your own data (GDPR access and portability)",
        description="Everything KYKY holds about you: account, membership, what you created, sent and answered, "
        "your evaluations and signatures, the agreements naming you as a contact, and your actions in the records.",
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        return Response(privacy_services.user_export(user=request.user), headers={"Cache-Control": "private, no-store"})
