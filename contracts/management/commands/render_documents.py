"""manage.py render_documents: produce the agreements' PDFs that are still missing (after a failed rendering)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from contracts.services import documents_due


class Command(BaseCommand):
    help = (
        "Render and store every agreement document that is still missing: the approved PDF of approved "
        "agreements and the sealed final PDF of signed ones (a rendering or sealing that failed, or a task that "
        "never ran). Safe to repeat: each document is stored once. The hourly send_reminders does the same. "
        "Exits with an error if any still fails."
    )

    def handle(self, *args, **options):
        done = documents_due()
        self.stdout.write(f"produced: {done['produced']}, failed: {done['failed']}")
        if done["failed"]:
            raise CommandError(f"{done['failed']} document(s) could not be produced; see the log.")
