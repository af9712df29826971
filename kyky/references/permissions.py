"""Who may do what with a reference. Anyone holding the code may read it; its municipality's coordinators
may withdraw it; its provider sees the embed snippet; both see the reason for a withdrawal."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kyky.core import workflow
from kyky.pilots.permissions import coordinates
from kyky.references.models import Reference


def _member(actor):
    return actor.member if actor is not None and actor.is_authenticated else None


def is_provider_member(actor, reference: Reference) -> bool:
    member = _member(actor)
    return member is not None and member.organisation_id == reference.provider_id


def may_see_withdrawal_reason(actor, reference: Reference) -> bool:
    return is_provider_member(actor, reference) or coordinates(actor, {reference.municipality_id})


workflow.register(
    Reference,
    who={"coordinator_of_municipality": lambda actor, reference: coordinates(actor, {reference.municipality_id})},
    denied={"withdraw": _("Only a coordinator of the reference's municipality can withdraw it.")},
)
