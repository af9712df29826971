"""Writes and transitions of proposals and needs, shared by the API, pages, admin and commands."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kyky.accounts.models import User
from kyky.catalog.models import Language, Level, Municipality, Subject
from kyky.errors import TransitionError
from kyky.pilots import permissions
from kyky.pilots.models import Need, Proposal
from kyky.pilots.workflow import audit, transition

PROPOSAL_FIELDS = frozenset(
    {
        "title",
        "summary",
        "description",
        "starts_on",
        "ends_on",
        "capacity",
        "teacher_hours",
        "requirements",
        "delivery",
        "processes_personal_data",
    }
)
PROPOSAL_CODES = {"subjects": Subject, "levels": Level, "languages": Language, "municipalities": Municipality}
NEED_FIELDS = frozenset({"title", "description", "group_size", "starts_on", "ends_on", "accepts_remote", "language"})
NEED_CODES = {"subjects": Subject, "levels": Level}
REQUIRED_CODES = {"levels", "languages"}


def _resolve(model: type[models.Model], values: Iterable[Any], field: str) -> list[models.Model]:
    """Accept model instances or their codes; unknown codes are a field error."""
    objects, codes = [], []
    for value in values:
        (objects if isinstance(value, model) else codes).append(value)
    if codes:
        found = {obj.pk: obj for obj in model.objects.filter(pk__in=codes)}
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise ValidationError({field: [_("Unknown code: %(codes)s.") % {"codes": ", ".join(map(str, unknown))}]})
        objects.extend(found[code] for code in codes)
    return list(dict.fromkeys(objects))


def _apply(obj: models.Model, data: Mapping[str, Any], scalars: frozenset[str], code_fields: dict) -> None:
    """Set fields, validate everything at once, save, then set the code lists."""
    unknown = set(data) - scalars - set(code_fields)
    if unknown:
        raise ValueError(f"Unexpected fields: {sorted(unknown)}")
    errors: dict[str, list[str]] = {}
    for name in scalars & data.keys():
        value = data[name]
        if name == "language" and isinstance(value, str):
            value = Language.objects.filter(pk=value).first()
            if value is None:
                errors["language"] = [_("Unknown code: %(codes)s.") % {"codes": data[name]}]
                continue
        setattr(obj, name, value)
    codes: dict[str, list[models.Model]] = {}
    for name, model in code_fields.items():
        if name in data:
            try:
                codes[name] = _resolve(model, data[name] or [], name)
            except ValidationError as exc:
                errors.update(exc.message_dict)
    try:
        obj.full_clean(exclude=list(errors))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    for name in REQUIRED_CODES & code_fields.keys():
        present = codes[name] if name in codes else (obj.pk and getattr(obj, name).exists())
        if not present and name not in errors:
            errors[name] = [_("Choose at least one.")]
    if errors:
        raise ValidationError(errors)
    obj.save()
    for name, objects in codes.items():
        getattr(obj, name).set(objects)


def _lock(obj: models.Model) -> models.Model:
    return type(obj)._base_manager.select_for_update().get(pk=obj.pk)


def _require_editable(obj, editable_states: Iterable[str], action: str) -> None:
    if obj.status not in editable_states:
        raise TransitionError(
            action=action,
            current=obj.status,
            label=str(obj._meta.verbose_name),
            current_display=obj.get_status_display(),
        )


def _require_not_ended(obj) -> None:
    if obj.ends_on < timezone.localdate():
        raise ValidationError({"ends_on": [_("This has already ended; move its dates before publishing.")]})


# Proposals


@transaction.atomic
def proposal_create(*, actor: User, data: Mapping[str, Any]) -> Proposal:
    permissions.require_create(actor, Proposal)
    proposal = Proposal(organisation=actor.member.organisation, created_by=actor)
    _apply(proposal, data, PROPOSAL_FIELDS, PROPOSAL_CODES)
    audit(actor=actor, target=proposal, action="create", frm="", to=proposal.status)
    return proposal


@transaction.atomic
def proposal_update(*, actor: User, proposal: Proposal, data: Mapping[str, Any]) -> Proposal:
    permissions.require(actor, "change", proposal)
    proposal = _lock(proposal)
    _require_editable(proposal, (Proposal.Status.DRAFT, Proposal.Status.PUBLISHED), _("edit"))
    _apply(proposal, data, PROPOSAL_FIELDS, PROPOSAL_CODES)
    return proposal


@transaction.atomic
def proposal_delete(*, actor: User, proposal: Proposal) -> None:
    permissions.require(actor, "delete", proposal)
    proposal = _lock(proposal)
    _require_editable(proposal, (Proposal.Status.DRAFT,), _("delete"))
    audit(actor=actor, target=proposal, action="delete", frm=proposal.status, to="deleted")
    proposal.delete()


@transaction.atomic
def proposal_publish(*, actor: User, proposal: Proposal, comment: str = "") -> Proposal:
    permissions.require(actor, "publish", proposal)
    _require_not_ended(proposal)
    return transition(
        proposal,
        actor=actor,
        action=_("publish"),
        frm=[Proposal.Status.DRAFT],
        to=Proposal.Status.PUBLISHED,
        comment=comment,
        published_at=timezone.now(),
    )


@transaction.atomic
def proposal_close(*, actor: User, proposal: Proposal, comment: str = "") -> Proposal:
    permissions.require(actor, "close", proposal)
    return transition(
        proposal,
        actor=actor,
        action=_("close"),
        frm=[Proposal.Status.PUBLISHED],
        to=Proposal.Status.CLOSED,
        comment=comment,
    )


# Needs


@transaction.atomic
def need_create(*, actor: User, data: Mapping[str, Any]) -> Need:
    permissions.require_create(actor, Need)
    organisation = actor.member.organisation
    need = Need(organisation=organisation, created_by=actor, municipality_id=organisation.municipality_id)
    _apply(need, data, NEED_FIELDS, NEED_CODES)
    audit(actor=actor, target=need, action="create", frm="", to=need.status)
    return need


@transaction.atomic
def need_update(*, actor: User, need: Need, data: Mapping[str, Any]) -> Need:
    permissions.require(actor, "change", need)
    need = _lock(need)
    _require_editable(need, (Need.Status.DRAFT, Need.Status.PUBLISHED), _("edit"))
    _apply(need, data, NEED_FIELDS, NEED_CODES)
    return need


@transaction.atomic
def need_delete(*, actor: User, need: Need) -> None:
    permissions.require(actor, "delete", need)
    need = _lock(need)
    _require_editable(need, (Need.Status.DRAFT,), _("delete"))
    audit(actor=actor, target=need, action="delete", frm=need.status, to="deleted")
    need.delete()


@transaction.atomic
def need_publish(*, actor: User, need: Need, comment: str = "") -> Need:
    permissions.require(actor, "publish", need)
    _require_not_ended(need)
    return transition(
        need,
        actor=actor,
        action=_("publish"),
        frm=[Need.Status.DRAFT],
        to=Need.Status.PUBLISHED,
        comment=comment,
        published_at=timezone.now(),
    )


@transaction.atomic
def need_close(*, actor: User, need: Need, comment: str = "") -> Need:
    permissions.require(actor, "close", need)
    return transition(
        need,
        actor=actor,
        action=_("close"),
        frm=[Need.Status.PUBLISHED, Need.Status.MATCHED],
        to=Need.Status.CLOSED,
        comment=comment,
    )
