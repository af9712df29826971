"""/api/v1/me/: the signed-in user. GET a minimal representation, DELETE the account; /me/export/ their data.

(The "notify" branch adds language and notification preferences to GET and PATCH; the lead merges the two.)
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kyky.api.errors import ErrorSerializer
from kyky.api.serializers import OrganisationSerializer
from kyky.privacy import services


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    name = serializers.CharField()
    organisation = OrganisationSerializer(allow_null=True, help_text=_("Your organisation, or null."))
    role = serializers.CharField(allow_null=True)


class MeView(APIView):
    @extend_schema(summary="You: your account, organisation and role", responses={200: MeSerializer})
    def get(self, request: Request) -> Response:
        user, member = request.user, request.user.member
        return Response(
            MeSerializer(
                {
                    "id": user.pk,
                    "email": user.email,
                    "name": user.name,
                    "organisation": member.organisation if member else None,
                    "role": member.role if member else None,
                }
            ).data
        )

    @extend_schema(
        summary="Delete your account",
        description="Removes your personal data and ends every session and token. What you did stays in the "
        "records without your name; your signatures stay on signed agreements as names only. Cannot be undone.",
        responses={204: None, 403: ErrorSerializer},
    )
    def delete(self, request: Request) -> Response:
        services.account_delete(actor=request.user, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeExportView(APIView):
    @extend_schema(
        summary="Your own data (GDPR access and portability)",
        description="Everything KYKY holds about you: account, membership, what you created, sent and answered, "
        "your evaluations and signatures, the agreements naming you as a contact, and your actions in the records.",
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        return Response(services.user_export(user=request.user), headers={"Cache-Control": "private, no-store"})
