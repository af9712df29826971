from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotsConfig(AppConfig):
    name = "kyky.pilots"
    label = "pilots"
    verbose_name = _("Pilots")

    def ready(self) -> None:
        # Registers the rules this app's transition tables name (kyky.core.workflow.register).
        import kyky.pilots.permissions  # noqa: F401
