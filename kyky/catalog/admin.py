from django.contrib import admin

from kyky.catalog.models import Language, Level, Municipality, Subject


@admin.register(Subject, Level, Language, Municipality)
class CodeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fi", "name_sv", "name_en", "position"]
    search_fields = ["code", "name_fi", "name_sv", "name_en"]
    ordering = ["position", "code"]

    def get_readonly_fields(self, request, obj=None):
        # A code is referenced by rows and by other city systems: it never changes once created.
        return ["code"] if obj else []
