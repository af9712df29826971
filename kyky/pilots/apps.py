from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotsConfig(AppConfig):
    name = "kyky.pilots"
    label = "pilots"
    verbose_name = _("Pilots")

    def ready(self) -> None:
        # Registers the rules this app's transition tables name (kyky.core.workflow.register).
        from django.db.models.signals import post_save

        import kyky.pilots.permissions  # noqa: F401
        from kyky.accounts.models import Organisation
        from kyky.pilots import search
        from kyky.pilots.models import Need, Proposal

        search.connect(Proposal, Need)
        post_save.connect(_organisation_renamed, sender=Organisation, dispatch_uid="search-organisation-name")


def _organisation_renamed(sender, instance, raw=False, **kwargs) -> None:
    """An organisation's name is in its proposals' and needs' search documents."""
    if raw:
        return
    from kyky.pilots import search

    search.refresh(instance.proposals.all())
    search.refresh(instance.needs.all())
