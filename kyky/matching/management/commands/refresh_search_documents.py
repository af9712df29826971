"""Rewrite every proposal's and need's search document, after the glossary or the word lists change."""

from django.core.management.base import BaseCommand

from kyky.pilots import search
from kyky.pilots.models import Need, Proposal


class Command(BaseCommand):
    help = "Rewrite the search documents of all proposals and needs (after a change of the glossary or word lists)."

    def handle(self, *args, **options) -> None:
        for model in (Proposal, Need):
            changed = search.refresh(model.objects.select_related("organisation").iterator(chunk_size=500))
            self.stdout.write(f"{model._meta.label}: {changed} rewritten")
