"""Reads of proposals and needs: every queryset starts from what the actor may see."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db.models import CharField, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone

from kyky.accounts.models import User
from kyky.core.prefilled import with_related
from kyky.pilots import permissions
from kyky.pilots.filters import NeedFilter, ProposalFilter
from kyky.pilots.models import Application, Need, Pilot, Proposal


def proposal_visible(*, actor: User) -> QuerySet[Proposal]:
    """Visible proposals with their organisation, codes, closures and requests for changes, in one query."""
    return with_related(
        Proposal.objects.visible_to(actor).select_related("organisation"),
        codes=("subjects", "levels", "languages", "municipalities"),
        rows=("closures", "change_requests"),
    )


def need_visible(*, actor: User) -> QuerySet[Need]:
    """Visible needs with their organisation, language, municipality and codes, in one query."""
    return with_related(
        Need.objects.visible_to(actor).select_related("organisation", "language", "municipality"),
        codes=("subjects", "levels"),
    )


def _filtered(filterset_class, qs: QuerySet, filters: Mapping[str, str] | None, request) -> QuerySet:
    filterset = filterset_class(filters or {}, qs, request=request)
    if not filterset.is_valid():
        raise ValidationError(filterset.errors)
    return filterset.qs


def proposal_list(*, actor: User, filters: Mapping[str, str] | None = None, request=None) -> QuerySet[Proposal]:
    return _filtered(ProposalFilter, proposal_visible(actor=actor), filters, request)


def need_list(*, actor: User, filters: Mapping[str, str] | None = None, request=None) -> QuerySet[Need]:
    return _filtered(NeedFilter, need_visible(actor=actor), filters, request)


def proposal_get(*, actor: User, pk: int) -> Proposal:
    try:
        return proposal_visible(actor=actor).get(pk=pk)
    except (Proposal.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def need_get(*, actor: User, pk: int) -> Need:
    try:
        return need_visible(actor=actor).get(pk=pk)
    except (Need.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _pairing_scope(actor: User, *, unit: str, company: str, municipality: str) -> Q | None:
    """Rows of a pairing the actor may see: their own side's, or their municipality's for a coordinator."""
    member = actor.member if actor.is_authenticated else None
    if member is None:
        return None
    if member.role == "coordinator":
        return Q(**{municipality: member.organisation.municipality_id})
    return Q(**{unit: member.organisation_id}) | Q(**{company: member.organisation_id})


def application_visible(*, actor: User) -> QuerySet[Application]:
    scope = _pairing_scope(
        actor, unit="need__organisation_id", company="proposal__organisation_id", municipality="need__municipality_id"
    )
    if scope is None:
        return Application.objects.none()
    return Application.objects.filter(scope).select_related(
        "proposal__organisation__municipality", "need__organisation__municipality", "pilot", "created_by"
    )


def pilot_visible(*, actor: User) -> QuerySet[Pilot]:
    scope = _pairing_scope(actor, unit="unit_id", company="company_id", municipality="municipality_id")
    if scope is None:
        return Pilot.objects.none()
    return (
        Pilot.objects.filter(scope)
        .select_related(
            "proposal__organisation__municipality", "need__organisation__municipality", "agreement", "unit", "company"
        )
        .prefetch_related("feedback")
    )


def pilot_feedback_due(*, actor: User) -> QuerySet[Pilot]:
    """Running pilots of the actor's organisation whose agreed end date has passed and that its side has not
    yet evaluated: each side is asked once the end date passes (the pages' prompt, the start page's tasks)."""
    side = permissions.pairing_side(actor)
    if side is None:
        return Pilot.objects.none()
    own = {"unit_id" if side == "school" else "company_id": actor.member.organisation_id}
    # ISO dates compare as text alike on SQLite and PostgreSQL.
    return (
        pilot_visible(actor=actor)
        .filter(**own, status=Pilot.Status.RUNNING)
        .annotate(
            agreed_end=Cast(KeyTextTransform("ends_on", KeyTransform("pilot", "agreement__snapshot")), CharField())
        )
        .filter(agreed_end__lt=timezone.localdate().isoformat())
        .exclude(feedback__side=side)
    )
