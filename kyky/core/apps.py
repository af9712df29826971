from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kyky.core"
    label = "core"
    verbose_name = _("Records")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kyky.core import read_cache  # noqa: F401  (watches every connection's writes)
