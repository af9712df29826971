"""manage.py send_reminders: the hourly round of dated notices, reminders and daily digests; safe to repeat."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from kyky.process.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Send what is due: pilots starting in a week, feedback due and missing, agreements waiting for a "
        "signature, unanswered applications, expired offers, the daily digests (from 07:00 Helsinki time) "
        "and e-mails whose retry is due. Each is recorded, so running it again sends nothing twice. Run hourly."
    )

    def handle(self, *args, **options):
        done = send_reminders()
        self.stdout.write(", ".join(f"{kind}: {count}" for kind, count in done.items()))
