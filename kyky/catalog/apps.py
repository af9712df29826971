from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "kyky.catalog"
    label = "catalog"
    verbose_name = _("Code lists")

    def ready(self) -> None:
        # Connects the signals that make each process forget its code lists when it changes one.
        import kyky.catalog.codes  # noqa: F401
