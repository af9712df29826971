"""Rounds, index versions and learned weights in the admin: read-only, since they change only through
their services and commands."""

from django.contrib import admin

from kyky.core.models import IndexVersion
from kyky.matching.models import LearnedWeights, Offer, Round, RoundPair


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RoundPairInline(admin.TabularInline):
    model = RoundPair
    fields = ["need", "proposal", "score", "removed"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("need", "proposal")


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "municipality", "starts_on", "ends_on", "status", "created_by", "created_at"]
    list_filter = ["status", "municipality"]
    list_select_related = ["created_by", "municipality"]
    date_hierarchy = "created_at"
    inlines = [RoundPairInline]


@admin.register(IndexVersion)
class IndexVersionAdmin(ReadOnlyAdmin):
    list_display = ["key", "version", "stamp"]


@admin.register(Offer)
class OfferAdmin(ReadOnlyAdmin):
    list_display = ["pk", "need", "proposal", "status", "respond_by", "school_answer", "company_answer"]
    list_filter = ["status"]
    list_select_related = ["need", "proposal"]


@admin.register(LearnedWeights)
class LearnedWeightsAdmin(ReadOnlyAdmin):
    list_display = [
        "municipality",
        "text",
        "subjects",
        "levels",
        "time",
        "purpose_mismatch",
        "hidden_pairs",
        "comparisons",
        "agreement_before",
        "agreement_after",
        "learned_at",
    ]
