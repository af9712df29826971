"""API v1 for matching: ranked matches of a need or a proposal, matchmaking rounds and their suggestions.

The two match endpoints are plain views routed in ``kyky/api/urls.py`` ahead of the router
(``needs/<id>/matches/``, ``proposals/<id>/matches/``), so the proposal and need viewsets stay as
they are. Rounds and suggestions are viewsets on the router. All of them are thin: they parse,
call one selector or service, and shape the answer.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kyky.api import serializers as s
from kyky.api.errors import ErrorSerializer
from kyky.api.kept import KeptReadMixin
from kyky.errors import ConflictError
from kyky.matching import permissions, selectors, services
from kyky.matching.engine import MIN_FIT
from kyky.matching.models import Offer, Round, RoundPair
from kyky.pilots import selectors as pilot_selectors
from kyky.pilots.models import Application
from kyky.pilots.permissions import side_of
from kyky.process import services as process

# Serializers


class MatchQuerySerializer(serializers.Serializer):
    limit = serializers.IntegerField(
        min_value=1,
        max_value=selectors.MAX_LIMIT,
        default=selectors.DEFAULT_LIMIT,
        help_text=_("How many matches, 1–50 (default 10)."),
    )


class ProposalMatchSerializer(serializers.Serializer):
    proposal = s.ProposalSerializer(read_only=True)
    score = serializers.FloatField(read_only=True, min_value=0, max_value=1)
    reasons = serializers.ListField(child=serializers.CharField(), read_only=True)


class NeedMatchSerializer(serializers.Serializer):
    need = s.NeedSerializer(read_only=True)
    score = serializers.FloatField(read_only=True, min_value=0, max_value=1)
    reasons = serializers.ListField(child=serializers.CharField(), read_only=True)


class ProposalMatchesSerializer(serializers.Serializer):
    results = ProposalMatchSerializer(many=True, read_only=True, help_text=_("Best first."))


class NeedMatchesSerializer(serializers.Serializer):
    results = NeedMatchSerializer(many=True, read_only=True, help_text=_("Best first."))


def _names(serializer: serializers.Field) -> Mapping[str, str]:
    """Code names for the reasons, read once per response and shared by its nested serializers."""
    context = serializer.context
    if "reason_names" not in context:
        context["reason_names"] = selectors.reason_names()
    return context["reason_names"]


class _ReasonsMixin(serializers.Serializer):
    reasons = serializers.SerializerMethodField(help_text=_("Why the two fit, as sentences in your language."))

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_reasons(self, pair: RoundPair) -> list[str]:
        return selectors.reason_sentences(pair.reasons, _names(self))


class RoundOfferSerializer(serializers.ModelSerializer):
    class Meta:
        model = Offer
        fields = [
            "status",
            "respond_by",
            "school_answer",
            "school_answered_at",
            "company_answer",
            "company_answered_at",
        ]
        read_only_fields = fields


class RoundPairSerializer(_ReasonsMixin, serializers.ModelSerializer):
    need = s.NeedBriefSerializer(read_only=True)
    proposal = s.ProposalBriefSerializer(read_only=True)
    offer = serializers.SerializerMethodField(help_text=_("Once confirmed: the offer and who answered what."))

    class Meta:
        model = RoundPair
        fields = ["id", "need", "proposal", "score", "reasons", "removed", "offer"]
        read_only_fields = fields

    @extend_schema_field(RoundOfferSerializer(allow_null=True))
    def get_offer(self, pair: RoundPair) -> dict | None:
        offer = getattr(pair, "offer", None)
        return RoundOfferSerializer(offer).data if offer is not None else None


class RoundSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality_id", read_only=True)
    created_by = serializers.CharField(source="created_by.name", read_only=True)
    pairs_kept = serializers.IntegerField(read_only=True, help_text=_("Pairs not removed."))
    actions = s.ActionsField()

    class Meta:
        model = Round
        fields = [
            "id",
            "municipality",
            "starts_on",
            "ends_on",
            "status",
            "needs_considered",
            "min_score",
            "pairs_kept",
            "created_by",
            "created_at",
            "confirmed_at",
            "actions",
        ]
        read_only_fields = fields


class RoundDetailSerializer(RoundSerializer):
    pairs = RoundPairSerializer(many=True, read_only=True, help_text=_("Best first; removed ones are marked."))

    class Meta(RoundSerializer.Meta):
        fields = [*RoundSerializer.Meta.fields, "pairs"]
        read_only_fields = fields


class RoundConfirmSerializer(s.TransitionSerializer):
    respond_by = serializers.DateField(
        required=False, help_text=_("The day by which both sides answer their offers (default: in 14 days).")
    )


class RoundCreateSerializer(serializers.Serializer):
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    min_score = serializers.FloatField(
        min_value=0,
        max_value=1,
        required=False,
        help_text=format_lazy(
            _(
                "The lowest fit (0–1) a pair needs to be suggested; by default {min}, the level below which the "
                "matches pages show nothing."
            ),
            min=MIN_FIT,
        ),
    )


class RemovePairsSerializer(serializers.Serializer):
    pairs = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=s.MAX_ID),
        allow_empty=False,
        max_length=1000,
        help_text=_("Pair ids."),
    )


class OfferSerializer(serializers.ModelSerializer):
    """The offer both sides answer: its state, each side's answer, and what the caller may do now."""

    school_answer = serializers.ChoiceField(choices=Offer.Answer.choices, read_only=True)
    company_answer = serializers.ChoiceField(choices=Offer.Answer.choices, read_only=True)
    application = serializers.IntegerField(source="application_id", read_only=True, allow_null=True)
    pilot = serializers.SerializerMethodField(help_text=_("The pilot, once both sides have accepted."))
    agreement = serializers.SerializerMethodField(help_text=_("The draft agreement, once both sides have accepted."))
    actions = s.ActionsField()

    class Meta:
        model = Offer
        fields = [
            "status",
            "respond_by",
            "school_answer",
            "school_answered_at",
            "company_answer",
            "company_answered_at",
            "application",
            "pilot",
            "agreement",
            "actions",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_pilot(self, offer: Offer) -> int | None:
        pilot = getattr(offer.application, "pilot", None) if offer.application_id else None
        return pilot.pk if pilot else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_agreement(self, offer: Offer) -> int | None:
        pilot = getattr(offer.application, "pilot", None) if offer.application_id else None
        agreement = getattr(pilot, "agreement", None) if pilot else None
        return agreement.pk if agreement else None


class SuggestionSerializer(_ReasonsMixin, serializers.ModelSerializer):
    round = serializers.IntegerField(source="round_id", read_only=True)
    confirmed_at = serializers.DateTimeField(source="round.confirmed_at", read_only=True)
    side = serializers.SerializerMethodField(help_text=_("Your side of the pair."))
    need = s.NeedBriefSerializer(read_only=True)
    proposal = s.ProposalBriefSerializer(read_only=True)
    offer = serializers.SerializerMethodField(
        help_text=_("The offer to both sides (null for rounds confirmed before offers existed).")
    )

    class Meta:
        model = RoundPair
        fields = ["id", "round", "confirmed_at", "side", "need", "proposal", "score", "reasons", "offer"]
        read_only_fields = fields

    @extend_schema_field(OfferSerializer(allow_null=True))
    def get_offer(self, pair: RoundPair) -> dict | None:
        offer = getattr(pair, "offer", None)
        return OfferSerializer(offer, context=self.context).data if offer is not None else None

    @extend_schema_field(serializers.ChoiceField(choices=Application.Side.choices))
    def get_side(self, pair: RoundPair) -> str | None:
        return side_of(
            self.context["request"].user, unit_id=pair.need.organisation_id, company_id=pair.proposal.organisation_id
        )


class SuggestionApplySerializer(serializers.Serializer):
    message = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


# Matches


def _limit(request: Request) -> int:
    query = MatchQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data["limit"]


# Any text reaches the view (as with the router's ids), so an id that is no number is a JSON 404, not a page.
_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)


class NeedMatchesView(KeptReadMixin, APIView):
    @extend_schema(
        tags=["needs"],
        summary="Proposals that fit a need, best first, with scores and reasons",
        parameters=[_ID, MatchQuerySerializer],
        responses={200: ProposalMatchesSerializer, 400: ErrorSerializer},
    )
    def get(self, request: Request, id: str) -> Response:
        def build() -> Response:
            matches = selectors.need_matches(actor=request.user, need=id, limit=_limit(request))
            return Response(ProposalMatchesSerializer({"results": matches}, context={"request": request}).data)

        return self.kept(request, build)


class ProposalMatchesView(KeptReadMixin, APIView):
    @extend_schema(
        tags=["proposals"],
        summary="Needs a proposal fits, best first (its company and the coordinators it serves)",
        parameters=[_ID, MatchQuerySerializer],
        responses={200: NeedMatchesSerializer, 400: ErrorSerializer},
    )
    def get(self, request: Request, id: str) -> Response:
        def build() -> Response:
            matches = selectors.proposal_matches(actor=request.user, proposal=id, limit=_limit(request))
            return Response(NeedMatchesSerializer({"results": matches}, context={"request": request}).data)

        return self.kept(request, build)


class HiddenSerializer(serializers.Serializer):
    hidden = serializers.BooleanField()


class NeedMatchHideView(APIView):
    @extend_schema(
        tags=["needs"],
        summary="Not a fit: never show this proposal with this need to your organisation again",
        parameters=[_ID, OpenApiParameter("proposal_id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        request=None,
        responses={200: HiddenSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def post(self, request: Request, id: str, proposal_id: str) -> Response:
        need = pilot_selectors.need_get(actor=request.user, pk=id)
        proposal = pilot_selectors.proposal_get(actor=request.user, pk=proposal_id)
        services.match_hide(actor=request.user, need=need, proposal=proposal, seen_from=need)
        return Response({"hidden": True})


class ProposalMatchHideView(APIView):
    @extend_schema(
        tags=["proposals"],
        summary="Not a fit: never show this need with this proposal to your organisation again",
        parameters=[_ID, OpenApiParameter("need_id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        request=None,
        responses={200: HiddenSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def post(self, request: Request, id: str, need_id: str) -> Response:
        proposal = pilot_selectors.proposal_get(actor=request.user, pk=id)
        need = pilot_selectors.need_get(actor=request.user, pk=need_id)
        services.match_hide(actor=request.user, need=need, proposal=proposal, seen_from=proposal)
        return Response({"hidden": True})


# Rounds


class IsCoordinator(BasePermission):
    message = _("Only coordinators run matchmaking rounds.")

    def has_permission(self, request, view) -> bool:
        return permissions.can(request.user, "list_rounds")


@extend_schema_view(
    list=extend_schema(summary="Matchmaking rounds of your municipality (coordinators)"),
    retrieve=extend_schema(summary="One round with its pairs, scores and reasons"),
)
class RoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, IsCoordinator]
    filter_backends = []

    def get_queryset(self):
        if self.action == "list":
            return selectors.round_visible(actor=self.request.user)
        return selectors.round_with_pairs(actor=self.request.user)

    def get_serializer_class(self):
        return RoundSerializer if self.action == "list" else RoundDetailSerializer

    def _detail(self, round_: Round, code: int = status.HTTP_200_OK) -> Response:
        fresh = selectors.round_get(actor=self.request.user, pk=round_.pk)
        return Response(RoundDetailSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    @extend_schema(
        summary="Plan a round for your municipality and a date window (a draft to preview)",
        description="Each published need of the window gets at most one offer, within the offers' places, "
        "maximising the total fit. Pairs below `min_score`, pairs that already have an application (in any "
        "state: pending, accepted, declined, withdrawn or cancelled) or a pilot, pairs either side marked "
        '"not a fit", and offers closed for your municipality are never suggested.',
        request=RoundCreateSerializer,
        responses={201: RoundDetailSerializer},
    )
    def create(self, request: Request) -> Response:
        body = RoundCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        created = services.round_create(actor=request.user, **body.validated_data)
        return self._detail(created, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Remove pairs from a draft round", request=RemovePairsSerializer, responses={200: RoundDetailSerializer}
    )
    @action(detail=True, methods=["post"])
    def remove(self, request: Request, pk=None) -> Response:
        body = RemovePairsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        changed = services.round_remove_pairs(
            actor=request.user, round_=self.get_object(), pair_ids=body.validated_data["pairs"]
        )
        return self._detail(changed)

    @extend_schema(
        summary="Confirm a draft round: each kept pair is offered to both sides, who are told",
        request=RoundConfirmSerializer,
        responses={200: RoundDetailSerializer, 400: ErrorSerializer},
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk=None) -> Response:
        body = RoundConfirmSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        confirmed = services.round_confirm(
            actor=request.user,
            round_=self.get_object(),
            comment=body.validated_data["comment"],
            respond_by=body.validated_data.get("respond_by"),
        )
        return self._detail(confirmed)

    @extend_schema(
        summary="Cancel a draft round", request=s.TransitionSerializer, responses={200: RoundDetailSerializer}
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk=None) -> Response:
        body = s.TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        cancelled = services.round_cancel(
            actor=request.user, round_=self.get_object(), comment=body.validated_data["comment"]
        )
        return self._detail(cancelled)


# Suggestions


@extend_schema_view(
    list=extend_schema(summary="Pairings that confirmed rounds suggest to your unit or company"),
    retrieve=extend_schema(summary="One suggestion"),
)
class SuggestionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = SuggestionSerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.suggestion_visible(actor=self.request.user)

    @extend_schema(
        summary="Apply (company) or express interest (school) from a suggestion, in one step",
        request=SuggestionApplySerializer,
        responses={201: s.ApplicationSerializer},
    )
    @action(detail=True, methods=["post"])
    def apply(self, request: Request, pk=None) -> Response:
        body = SuggestionApplySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        application = services.suggestion_apply(
            actor=request.user, pair=self.get_object(), message=body.validated_data["message"]
        )
        return Response(s.ApplicationSerializer(application).data, status=status.HTTP_201_CREATED)

    def _offer(self) -> Offer:
        pair = self.get_object()
        offer = getattr(pair, "offer", None)
        if offer is None:
            raise ConflictError(_("This suggestion was made before offers existed: apply to it instead."))
        return offer

    def _answered(self, offer: Offer) -> Response:
        pair = self.get_queryset().get(pk=offer.pk)
        return Response(SuggestionSerializer(pair, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Accept the offer for your side (the principal for a unit); when both have, the pilot is created",
        request=s.TransitionSerializer,
        responses={200: SuggestionSerializer, 403: ErrorSerializer, 409: ErrorSerializer},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk=None) -> Response:
        body = s.TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        offer = process.offer_accept(actor=request.user, offer=self._offer(), comment=body.validated_data["comment"])
        return self._answered(offer)

    @extend_schema(
        summary="Decline the offer for your side; its place is freed and the other side told",
        request=s.TransitionSerializer,
        responses={200: SuggestionSerializer, 403: ErrorSerializer, 409: ErrorSerializer},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk=None) -> Response:
        body = s.TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        offer = services.offer_decline(actor=request.user, offer=self._offer(), comment=body.validated_data["comment"])
        return self._answered(offer)
