"""Filters shared by the API and the pages: one definition of what each query parameter means."""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelMultipleChoiceField

from kyky.catalog import codes
from kyky.catalog.models import Language, Level, Municipality, Subject
from kyky.pilots import search
from kyky.pilots.models import Need, Proposal

#: The longest free-text search: at most 10 words of it are used anyway.
Q_MAX = 200


class _CodeChoiceField(ModelMultipleChoiceField):
    """Codes checked against the process's code lists (no query), with the usual "not a valid choice" error."""

    def _check_values(self, value):
        try:
            values = frozenset(value)
        except TypeError:
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list") from None
        found, missing = codes.lookup(self.queryset.model, sorted(str(v) for v in values))
        if missing:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": missing[0]}
            )
        return found


class _CodeSingleChoiceField(django_filters.fields.ModelChoiceField):
    """One code, checked against the process's code lists (no query)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        found, missing = codes.lookup(self.queryset.model, [str(value)])
        if missing:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return found[0]


class CodeChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = _CodeSingleChoiceField


class CodeFilter(django_filters.ModelMultipleChoiceFilter):
    """Any of these codes. A many-to-many relation is tested with EXISTS, so no row is repeated and the list
    needs no DISTINCT; a foreign key with IN."""

    field_class = _CodeChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value) -> QuerySet:
        if not value:
            return qs
        keys = [row.pk for row in value]
        field = qs.model._meta.get_field(self.field_name)
        if not field.many_to_many:
            return qs.filter(**{f"{field.attname}__in": keys})
        through = field.remote_field.through
        return qs.filter(
            Exists(
                through.objects.filter(
                    **{field.m2m_field_name(): OuterRef("pk"), f"{field.m2m_reverse_field_name()}_id__in": keys}
                )
            )
        )


def _search(queryset: QuerySet, name: str, value: str) -> QuerySet:
    """Every word in any of its forms or languages, or the organisation's name; most relevant first."""
    return search.search(queryset, value)


#: The orders a list can be sorted in. "fit" (best fit for the actor's group) needs the matching scores,
#: which this layer does not know: the faces order by them (kyky.matching.fit.order_by_fit).
SORTS = {"newest": ("-created_at", "-id"), "soonest": ("starts_on", "id"), "fit": None}


class WindowFilterSet(django_filters.FilterSet):
    """Common parameters: a date window that keeps items whose own window overlaps it, `mine`, and `sort`."""

    date_from = django_filters.DateFilter(
        field_name="ends_on", lookup_expr="gte", label=_("Running on or after (YYYY-MM-DD)")
    )
    date_to = django_filters.DateFilter(
        field_name="starts_on", lookup_expr="lte", label=_("Running on or before (YYYY-MM-DD)")
    )
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("Only my organisation's"))
    # Declared last, so that it orders what the other filters kept (and overrides a relevance order).
    sort = django_filters.ChoiceFilter(
        choices=[(key, key) for key in SORTS],
        method="filter_sort",
        label=_("Order: newest (the default), soonest (starting soonest) or fit (best fit for your group)"),
    )

    def filter_sort(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        ordering = SORTS.get(value)
        return queryset.order_by(*ordering) if ordering else queryset

    def filter_mine(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        member = getattr(getattr(self.request, "user", None), "member", None)
        if member is None:
            return queryset.none() if value else queryset
        if value:
            return queryset.filter(organisation_id=member.organisation_id)
        return queryset.exclude(organisation_id=member.organisation_id)


class ProposalFilter(WindowFilterSet):
    subject = CodeFilter(field_name="subjects", queryset=Subject.objects.all(), label=_("Subject (code)"))
    level = CodeFilter(field_name="levels", queryset=Level.objects.all(), label=_("Level (code)"))
    language = CodeFilter(field_name="languages", queryset=Language.objects.all(), label=_("Language (code)"))
    municipality = CodeChoiceFilter(
        queryset=Municipality.objects.all(),
        method="filter_municipality",
        label=_("Available in municipality (code); proposals that serve everywhere are included"),
    )
    status = django_filters.ChoiceFilter(choices=Proposal.Status.choices, label=_("Status"))
    delivery = django_filters.ChoiceFilter(choices=Proposal.Delivery.choices, label=_("Delivery"))
    q = django_filters.CharFilter(
        method=_search,
        max_length=Q_MAX,
        label=_(
            "Free text: title, summary, description and the company's name, in any word form; "
            "results by relevance unless sorted"
        ),
    )

    class Meta:
        model = Proposal
        fields = [
            "subject", "level", "language", "municipality", "status", "delivery", "date_from", "date_to", "q", "sort",
        ]  # fmt: skip

    def filter_municipality(self, queryset: QuerySet, name: str, value: Municipality | None) -> QuerySet:
        if value is None:
            return queryset
        served = Proposal.municipalities.through.objects.filter(proposal_id=OuterRef("pk"))
        return queryset.filter(Exists(served.filter(municipality_id=value.pk)) | ~Exists(served))


class NeedFilter(WindowFilterSet):
    subject = CodeFilter(field_name="subjects", queryset=Subject.objects.all(), label=_("Subject (code)"))
    level = CodeFilter(field_name="levels", queryset=Level.objects.all(), label=_("Level (code)"))
    language = CodeFilter(queryset=Language.objects.all(), label=_("Language (code)"))
    municipality = CodeFilter(queryset=Municipality.objects.all(), label=_("Municipality (code)"))
    status = django_filters.ChoiceFilter(choices=Need.Status.choices, label=_("Status"))
    accepts_remote = django_filters.BooleanFilter(label=_("Accepts remote work"))
    q = django_filters.CharFilter(
        method=_search,
        max_length=Q_MAX,
        label=_(
            "Free text: title, description and the unit's name, in any word form; results by relevance unless sorted"
        ),
    )

    class Meta:
        model = Need
        fields = [
            "subject",
            "level",
            "language",
            "municipality",
            "status",
            "accepts_remote",
            "date_from",
            "date_to",
            "q",
            "sort",
        ]
