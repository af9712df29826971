from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "kyky.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        # Registers the rules this app's transition tables name (kyky.core.workflow.register).
        import kyky.matching.permissions  # noqa: F401
        from kyky.matching import text
        from kyky.pilots import search

        # Free-text search of proposals and needs finds word forms and the other languages' words.
        search.register(analyse=text.search_tokens, forms=text.search_forms)
