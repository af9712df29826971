from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        # Registers the rules this app's transition tables name (kyky.core.workflow.register).
        import contracts.permissions  # noqa: F401
