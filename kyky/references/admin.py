from django.contrib import admin

from kyky.core.admin import AuditInline
from kyky.references.models import Reference


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):
    """References are earned and withdrawn through the process; the admin reads them."""

    list_display = ["product", "provider", "municipality", "term", "year", "status", "created_at"]
    list_filter = ["status", "municipality", "term"]
    search_fields = ["product", "provider__name", "code"]
    list_select_related = ["provider", "municipality"]
    readonly_fields = ["code", "withdrawn_at", "withdrawn_by", "withdraw_reason"]
    filter_horizontal = ["pilots"]
    inlines = [AuditInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
