"""Create the self-signed development seal the embedded default signs agreements with, if missing."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from contracts.sealing import ensure_dev_seal


class Command(BaseCommand):
    help = (
        "Create a self-signed development seal (PKCS#12, with a random password beside it, mode 0600) at "
        "KYKY_SEAL_P12_FILE's default under data/seal/, unless it exists. A city's own e-seal certificate is "
        "given with KYKY_SEAL_P12_FILE and KYKY_SEAL_PASSWORD instead; see README.md."
    )

    def handle(self, *args, **options) -> None:
        if options["verbosity"] == 0:
            self.stdout.write = lambda *args, **kwargs: None
        if not settings.SEAL_PASSWORD_FILE:
            self.stdout.write("A seal certificate is configured (KYKY_SEAL_P12_FILE); nothing to create.")
            return
        created = ensure_dev_seal()
        if created is None:
            self.stdout.write(f"The development seal exists: {settings.SEAL_P12_FILE}")
            return
        self.stdout.write(
            self.style.SUCCESS(f"Created the development seal {created} (password in {settings.SEAL_PASSWORD_FILE}).")
        )
