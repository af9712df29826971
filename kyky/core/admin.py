"""The audit trail in the admin: read-only, each action shown in the reader's language."""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.translation import gettext_lazy as _

from kyky.core.models import AuditEntry, Email


@admin.display(description=_("action"))
def action_label(entry: AuditEntry) -> str:
    return entry.action_display


class AuditInline(GenericTabularInline):
    model = AuditEntry
    ct_field = "content_type"
    ct_fk_field = "object_id"
    fields = ["created_at", "actor", action_label, "from_state", "to_state", "comment", "data"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "content_type", "object_id", action_label, "from_state", "to_state", "actor"]
    list_filter = ["content_type", "action"]
    search_fields = ["actor__email", "comment"]
    list_select_related = ["actor", "content_type"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    """The outgoing e-mails, to see what failed and why; they change only through their sending."""

    list_display = ["created_at", "recipient", "kind", "status", "attempts", "next_attempt_at", "subject"]
    list_filter = ["status", "kind"]
    search_fields = ["recipient__email", "subject"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
