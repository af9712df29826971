"""manage.py apply_retention: remove personal data past the retention period. Idempotent; schedule it daily."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from kyky.privacy.services import apply_retention, retention_cutoff


class Command(BaseCommand):
    help = (
        "Remove the contact details and written evaluations of pilots completed more than KYKY_RETENTION_MONTHS "
        "(default 24) months ago. The figures and the signed agreement PDFs stay. Safe to run again at any time."
    )

    def handle(self, *args, **options):
        cutoff = retention_cutoff()
        result = apply_retention()
        self.stdout.write(
            f"Retention {settings.RETENTION_MONTHS} months (pilots completed before {cutoff:%Y-%m-%d %H:%M}): "
            f"{result.pilots} pilots, {result.evaluations} evaluations' texts, {result.contacts} contact persons, "
            f"{result.audit_entries} audit entries cleaned."
        )
