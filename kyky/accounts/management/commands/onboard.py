"""manage.py onboard: create an organisation if needed, a user and their membership."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kyky.accounts.models import Membership, Organisation
from kyky.accounts.services import onboard


class Command(BaseCommand):
    help = "Onboard a user: creates the organisation if needed, the user and the membership with a role."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="Organisation name")
        parser.add_argument("--kind", required=True, choices=Organisation.Kind.values)
        parser.add_argument("--municipality", required=True, help="Municipality code, e.g. espoo")
        parser.add_argument("--email", required=True)
        parser.add_argument("--role", required=True, choices=Membership.Role.values)
        parser.add_argument("--password", help="Initial password; one is generated and printed if left out")
        parser.add_argument(
            "--business-id",
            default="",
            help="Finnish business ID (Y-tunnus): required for a company, optional for an association or a research "
            "organisation, checked with its check digit",
        )
        parser.add_argument("--name", default="", help="The user's full name")
        parser.add_argument(
            "--languages", default="", help="Languages of instruction of a school or day-care centre, e.g. fi,sv"
        )

    def handle(self, *args, **options):
        try:
            result = onboard(
                org=options["org"],
                kind=options["kind"],
                municipality=options["municipality"],
                email=options["email"],
                role=options["role"],
                password=options["password"],
                business_id=options["business_id"],
                name=options["name"],
                languages=[code for code in options["languages"].split(",") if code],
            )
        except ValidationError as exc:
            messages = "; ".join(f"{field}: {' '.join(errors)}" for field, errors in exc.message_dict.items())
            raise CommandError(messages) from exc
        org_word = "Created" if result.organisation_created else "Using existing"
        user_word = "Created" if result.user_created else "Updated"
        self.stdout.write(
            f"{org_word} organisation {result.organisation.name} ({result.organisation.get_kind_display()})."
        )
        self.stdout.write(f"{user_word} user {result.user.email} as {result.membership.get_role_display()}.")
        if result.password:
            self.stdout.write(f"Initial password: {result.password}  (ask the user to change it)")
