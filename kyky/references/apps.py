from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferencesConfig(AppConfig):
    """The co-created reference a provider earns with a completed, evaluated pilot."""

    name = "kyky.references"
    label = "references"
    verbose_name = _("References")

    def ready(self) -> None:
        import kyky.references.permissions  # noqa: F401  (registers the withdraw rule)
