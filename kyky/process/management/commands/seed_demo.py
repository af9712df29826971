"""manage.py seed_demo: a realistic Espoo demo dated around today; running it again changes nothing.

For development sites only: with DEBUG off it refuses and adds nothing.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from contracts.models import Agreement
from kyky.accounts.models import Organisation
from kyky.process.demo import DEMO_PASSWORD, DemoRefused, seed_demo


@contextmanager
def _quiet_mail():
    """The demo's events e-mail its made-up people: the e-mails are recorded as sent, in memory, instead of
    going to the configured backend (the console's would print about a hundred before the account list), and
    the tasks that send them do not narrate each run."""
    tasks_log = logging.getLogger("django_tasks")
    level = tasks_log.level
    tasks_log.setLevel(logging.WARNING)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            yield
    finally:
        tasks_log.setLevel(level)


class Command(BaseCommand):
    help = (
        "Fill a development database with a realistic Espoo demo (units, companies, proposals, needs, pilots), "
        "dated around today, and print the demo accounts. Refuses when DEBUG is off."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the database already has organisations."
        )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo is for development sites: DEBUG is off, so no demo data was added. "
                "Set DJANGO_DEBUG=1 to load the demo into a development database."
            )
        if options["if_empty"] and Organisation.objects.exists():
            self.stdout.write("The database already has data; the demo was not loaded.")
            return
        try:
            with _quiet_mail():
                summary = seed_demo()
        except DemoRefused as exc:
            raise CommandError(str(exc)) from None
        # The final PDFs are made by a task after the commit; with the immediate backend, and no caller's
        # transaction still open around this command, it has run by now.
        unsealed = list(
            Agreement.objects.filter(
                status__in=[Agreement.Status.SIGNED, Agreement.Status.COMPLETED], final_sha256=""
            ).values_list("number", flat=True)
        )
        immediate = settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
        if unsealed and immediate and not transaction.get_connection().in_atomic_block:
            raise CommandError(
                f"The demo was loaded, but the signed PDFs of {', '.join(unsealed)} could not be made; "
                "see the error above."
            )
        self.stdout.write(
            f"Demo ready: {summary.organisations} organisations, {summary.users} users, "
            f"{summary.proposals} proposals, {summary.needs} needs, {summary.pilots} pilots ({summary.created} rows created now)."
        )
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for email, role, organisation in summary.accounts:
            self.stdout.write(f"  {email:<40} {role:<24} {organisation}")
