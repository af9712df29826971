from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "kyky.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        # Registers the rules this app's transition tables name (kyky.core.workflow.register).
        import kyky.matching.permissions  # noqa: F401
