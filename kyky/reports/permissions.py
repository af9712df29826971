"""Reports are for the city's coordinators, each for their own municipality; everyone else gets 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from kyky.pilots.permissions import coordinator_municipality


def require_coordinator(actor) -> str:
    """The municipality code the actor coordinates, or PermissionDenied (403)."""
    municipality = coordinator_municipality(actor)
    if municipality is None:
        raise PermissionDenied(_("Reports are for the city's coordinators."))
    return municipality
