from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from kyky.core.admin import AuditInline
from kyky.errors import DomainError
from kyky.pilots import services
from kyky.pilots.models import Application, Feedback, Need, Pilot, Proposal, ProposalChangeRequest, ProposalClosure


def _run(modeladmin, request, queryset, service, kind):
    done = 0
    for obj in queryset:
        try:
            service(actor=request.user, **{kind: obj}, comment=str(_("Closed in the admin")))
            done += 1
        except (DomainError, PermissionDenied, ValidationError) as exc:
            modeladmin.message_user(request, f"{obj}: {exc}", messages.ERROR)
    if done:
        modeladmin.message_user(request, _("%(count)d closed.") % {"count": done}, messages.SUCCESS)


@admin.action(description=_("Close the selected proposals"))
def close_proposals(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.proposal_close, "proposal")


class ReadOnlyWorkflowAdmin(admin.ModelAdmin):
    """Content belongs to its organisation: the admin reads it and moderates; it never edits it."""

    inlines = [AuditInline]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # workflow rows are the city's record: they change only through their services


class ClosureInline(admin.TabularInline):
    model = ProposalClosure
    fields = ["municipality", "comment", "closed_by", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ChangeRequestInline(ClosureInline):
    model = ProposalChangeRequest
    fields = ["municipality", "comment", "requested_by", "created_at"]
    readonly_fields = fields


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyWorkflowAdmin):
    list_display = ["title", "organisation", "status", "starts_on", "ends_on", "capacity", "groups_accepted"]
    list_filter = ["status", "delivery", "languages", "levels"]
    search_fields = ["title", "summary", "organisation__name"]
    list_select_related = ["organisation"]
    actions = [close_proposals]
    inlines = [ClosureInline, ChangeRequestInline, AuditInline]


@admin.register(Need)
class NeedAdmin(ReadOnlyWorkflowAdmin):
    list_display = ["title", "organisation", "status", "language", "starts_on", "ends_on", "group_size"]
    list_filter = ["status", "language", "municipality", "levels"]
    search_fields = ["title", "organisation__name"]
    list_select_related = ["organisation", "language"]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyWorkflowAdmin):
    list_display = ["__str__", "initiated_by", "status", "created_at", "decided_at"]
    list_filter = ["status", "initiated_by"]
    search_fields = ["proposal__title", "need__title", "proposal__organisation__name", "need__organisation__name"]
    list_select_related = ["proposal", "need"]


class FeedbackInline(admin.TabularInline):
    model = Feedback
    extra = 0
    can_delete = False
    fields = ["side", "author", "rating", "goals", "again", "faces", "worked", "change", "updated_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Pilot)
class PilotAdmin(ReadOnlyWorkflowAdmin):
    list_display = ["__str__", "unit", "company", "municipality", "status", "created_at"]
    list_filter = ["status", "municipality"]
    search_fields = ["proposal__title", "unit__name", "company__name"]
    list_select_related = ["proposal", "unit", "company"]
    inlines = [FeedbackInline, AuditInline]
