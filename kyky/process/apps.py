from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessConfig(AppConfig):
    """The steps that cross pilots and agreements, and the commands that run the whole process (the demo)."""

    name = "kyky.process"
    label = "process"
    verbose_name = _("Process")
