from django.contrib import admin

from contracts.models import Agreement, Signature
from kyky.core.admin import AuditInline


class SignatureInline(admin.TabularInline):
    model = Signature
    extra = 0
    can_delete = False
    readonly_fields = ["party", "user", "name", "role", "organisation", "signed_at", "document_sha256"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    """Agreements are changed only through their workflow; the admin shows them and their trail."""

    list_display = ["number", "unit", "company", "municipality", "status", "language", "template_version", "created_at"]
    list_filter = ["status", "municipality", "language", "template_version"]
    search_fields = ["number", "verification_code", "unit__name", "company__name", "final_sha256"]
    list_select_related = ["unit", "company"]
    inlines = [SignatureInline, AuditInline]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
