from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Retention of personal data (manage.py apply_retention), each user's export and account deletion."""

    name = "kyky.privacy"
    label = "privacy"
    verbose_name = _("Personal data")
