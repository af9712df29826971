"""manage.py seed_demo: a realistic Espoo demo; running it again changes nothing."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from kyky.accounts.models import Organisation
from kyky.process.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Fill the database with a realistic Espoo demo (units, companies, proposals, needs) and print the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the database already has organisations."
        )

    def handle(self, *args, **options):
        if options["if_empty"] and Organisation.objects.exists():
            self.stdout.write("The database already has data; the demo was not loaded.")
            return
        summary = seed_demo()
        self.stdout.write(
            f"Demo ready: {summary.organisations} organisations, {summary.users} users, "
            f"{summary.proposals} proposals, {summary.needs} needs, {summary.pilots} pilots ({summary.created} rows created now)."
        )
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for email, role, organisation in summary.accounts:
            self.stdout.write(f"  {email:<40} {role:<24} {organisation}")
