"""Reads of references: one by its code for anyone, the lists of one's own, and each one's figures."""

from __future__ import annotations

from django.db.models import (
    Avg,
    Count,
    FloatField,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast, Coalesce
from django.http import Http404

from kyky.accounts.models import User
from kyky.pilots.models import Feedback, Pilot
from kyky.references.models import Reference


def with_figures(qs: QuerySet[Reference]) -> QuerySet[Reference]:
    """Each reference with its groups (pilots), pupils (as agreed) and average rating, in the same query."""
    pilots = Pilot.objects.filter(references=OuterRef("pk")).order_by().values("references")
    pupils = pilots.annotate(
        total=Sum(Cast(KeyTextTransform("pupil_count", KeyTransform("pilot", "agreement__snapshot")), IntegerField()))
    ).values("total")
    groups = pilots.annotate(total=Count("pk")).values("total")
    rating = (
        Feedback.objects.filter(pilot__references=OuterRef("pk"))
        .order_by()
        .values("pilot__references")
        .annotate(average=Avg("rating"))
        .values("average")
    )
    return qs.annotate(
        groups=Coalesce(Subquery(groups, output_field=IntegerField()), 0),
        pupils=Coalesce(Subquery(pupils, output_field=IntegerField()), 0),
        average_rating=Subquery(rating, output_field=FloatField()),
    )


def _base() -> QuerySet[Reference]:
    return with_figures(Reference.objects.select_related("municipality", "provider", "withdrawn_by"))


def reference_get(*, code: str) -> Reference:
    """A reference by its code, for anyone (the code is the secret); 404 for a code that is not one."""
    try:
        return _base().get(code=str(code))
    except Reference.DoesNotExist:
        raise Http404 from None


def reference_list(*, actor: User) -> QuerySet[Reference]:
    """A provider's own references; a coordinator's municipality's; nothing for anyone else."""
    member = actor.member if actor.is_authenticated else None
    if member is None:
        return Reference.objects.none()
    if member.role == "coordinator":
        return _base().filter(municipality_id=member.organisation.municipality_id)
    if member.role == "representative":
        return _base().filter(provider_id=member.organisation_id)
    return Reference.objects.none()


def references_of_pilot(*, pilot: Pilot) -> list[Reference]:
    return list(pilot.references.select_related("municipality"))
