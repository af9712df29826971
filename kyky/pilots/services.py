"""Writes and transitions of proposals and needs, shared by the API, pages, admin and commands."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kyky.accounts.models import User
from kyky.catalog.models import Language, Level, Municipality, Subject
from kyky.errors import ConflictError
from kyky.matching.versions import corpus_changed, model_changed
from kyky.pilots import notifications, permissions
from kyky.pilots.models import Application, Feedback, Need, Pilot, Proposal
from kyky.pilots.workflow import audit, require_state, transition

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
    model_changed(obj)  # every process's match index sees the change when it commits


def _lock(obj: models.Model) -> models.Model:
    return type(obj)._base_manager.select_for_update().get(pk=obj.pk)


def _require_editable(obj, editable_states: Iterable[str], action: str) -> None:
    require_state(obj, editable_states, action)


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
    model_changed(proposal)


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
    model_changed(need)


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


# Applications


def _require_published(obj, action: str) -> None:
    require_state(obj, ("published",), action)


@transaction.atomic
def application_create(*, actor: User, proposal: Proposal, need: Need, message: str = "") -> Application:
    """A company applies to a need with its proposal, or a school expresses interest in a proposal for its need."""
    permissions.require_create(actor, Application)
    side = permissions.side_of(actor, unit_id=need.organisation_id, company_id=proposal.organisation_id)
    if side is None:
        if actor.member.role == permissions.Role.REPRESENTATIVE:
            raise PermissionDenied(_("Apply with one of your own company's proposals."))
        raise PermissionDenied(_("Express interest for one of your own unit's needs."))
    _require_published(proposal, _("apply"))
    _require_published(need, _("apply"))
    if proposal.capacity_left <= 0:
        raise ConflictError(_("This proposal has no places left."))
    if Application.objects.filter(proposal=proposal, need=need, status=Application.Status.PENDING).exists():
        raise ConflictError(_("An application for this proposal and need is already waiting for an answer."))
    application = Application(proposal=proposal, need=need, initiated_by=side, created_by=actor, message=message)
    application.full_clean()
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise ConflictError(_("An application for this proposal and need is already waiting for an answer.")) from None
    audit(actor=actor, target=application, action="create", frm="", to=application.status)
    if side == "company":
        recipients = notifications.members_of(need.organisation_id, ["teacher", "principal"])
        subject = _("%(company)s applies to your need “%(need)s”") % {"company": proposal.organisation, "need": need}
    else:
        recipients = notifications.members_of(proposal.organisation_id, ["representative"])
        subject = _("%(unit)s is interested in “%(proposal)s”") % {"unit": need.organisation, "proposal": proposal}
    notifications.notify(recipients, subject, message)
    return application


@transaction.atomic
def application_accept(*, actor: User, application: Application, comment: str = "") -> Pilot:
    """Accept: take one place of the proposal, match the need, create the pilot and its draft agreement.

    The place is taken with a conditional UPDATE, so however many acceptances arrive at once, no more
    than the capacity succeed; the others get ConflictError and change nothing.
    """
    from contracts.services import agreement_create  # contracts builds on pilots, not the other way round

    permissions.require(actor, "accept", application)
    taken = Proposal.objects.filter(
        pk=application.proposal_id, status=Proposal.Status.PUBLISHED, groups_accepted__lt=F("capacity")
    ).update(groups_accepted=F("groups_accepted") + 1)
    if not taken:
        raise ConflictError(_("This proposal has no places left or is no longer published."))
    corpus_changed("proposals")
    application = transition(
        application,
        actor=actor,
        action=_("accept"),
        frm=[Application.Status.PENDING],
        to=Application.Status.ACCEPTED,
        comment=comment,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    need = transition(
        application.need, actor=actor, action=_("accept"), frm=[Need.Status.PUBLISHED], to=Need.Status.MATCHED
    )
    proposal = application.proposal
    pilot = Pilot.objects.create(
        application=application,
        proposal=proposal,
        need=need,
        unit_id=need.organisation_id,
        company_id=proposal.organisation_id,
        municipality_id=need.municipality_id,
    )
    audit(actor=actor, target=pilot, action="create", frm="", to=pilot.status)
    school_user, company_user = (
        (application.created_by, actor) if application.initiated_by == "school" else (actor, application.created_by)
    )
    agreement_create(pilot=pilot, school_user=school_user, company_user=company_user, actor=actor)
    notifications.notify(
        [application.created_by.email],
        _("Your application was accepted: %(proposal)s") % {"proposal": proposal},
        _("A pilot and a draft agreement have been created. Fill in the details and submit the agreement."),
    )
    return pilot


@transaction.atomic
def application_decline(*, actor: User, application: Application, comment: str = "") -> Application:
    permissions.require(actor, "decline", application)
    application = transition(
        application,
        actor=actor,
        action=_("decline"),
        frm=[Application.Status.PENDING],
        to=Application.Status.DECLINED,
        comment=comment,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    notifications.notify(
        [application.created_by.email],
        _("Your application was declined: %(proposal)s") % {"proposal": application.proposal},
        comment,
    )
    return application


@transaction.atomic
def application_withdraw(*, actor: User, application: Application, comment: str = "") -> Application:
    permissions.require(actor, "withdraw", application)
    return transition(
        application,
        actor=actor,
        action=_("withdraw"),
        frm=[Application.Status.PENDING],
        to=Application.Status.WITHDRAWN,
        comment=comment,
    )


# Pilots


@transaction.atomic
def pilot_start(*, actor: User, pilot: Pilot, comment: str = "") -> Pilot:
    permissions.require(actor, "start", pilot)
    agreement = pilot.agreement
    if agreement.status != "signed":
        raise ConflictError(_("A pilot starts once both parties have signed its agreement."))
    return transition(
        pilot,
        actor=actor,
        action=_("start"),
        frm=[Pilot.Status.PLANNED],
        to=Pilot.Status.RUNNING,
        comment=comment,
        started_at=timezone.now(),
    )


@transaction.atomic
def pilot_feedback(*, actor: User, pilot: Pilot, rating: int, text: str) -> Feedback:
    permissions.require(actor, "feedback", pilot)
    require_state(pilot, (Pilot.Status.RUNNING, Pilot.Status.COMPLETED), _("give feedback"))
    side = permissions.side_of(actor, unit_id=pilot.unit_id, company_id=pilot.company_id)
    feedback = Feedback.objects.filter(pilot=pilot, side=side).first() or Feedback(pilot=pilot, side=side)
    feedback.author, feedback.rating, feedback.text = actor, rating, text
    feedback.full_clean()
    feedback.save()
    return feedback


@transaction.atomic
def pilot_complete(*, actor: User, pilot: Pilot, comment: str = "") -> Pilot:
    """The coordinator closes a running pilot; its agreement is then completed too."""
    from contracts.services import agreement_complete

    permissions.require(actor, "complete", pilot)
    pilot = transition(
        pilot,
        actor=actor,
        action=_("complete"),
        frm=[Pilot.Status.RUNNING],
        to=Pilot.Status.COMPLETED,
        comment=comment,
        completed_at=timezone.now(),
    )
    agreement_complete(actor=actor, agreement=pilot.agreement)
    need = pilot.need
    if need.status == Need.Status.MATCHED:
        transition(need, actor=actor, action=_("complete"), frm=[Need.Status.MATCHED], to=Need.Status.CLOSED)
    return pilot


def pilot_release(*, actor: User, pilot: Pilot, comment: str = "") -> None:
    """When an agreement is cancelled: the pilot is cancelled, its place freed and the need open again."""
    transition(
        pilot, actor=actor, action=_("cancel"), frm=[Pilot.Status.PLANNED, Pilot.Status.RUNNING],
        to=Pilot.Status.CANCELLED, comment=comment,
    )  # fmt: skip
    Proposal.objects.filter(pk=pilot.proposal_id, groups_accepted__gt=0).update(
        groups_accepted=F("groups_accepted") - 1
    )
    corpus_changed("proposals")
    need = pilot.need
    if need.status == Need.Status.MATCHED:
        reopened = Need.Status.PUBLISHED if need.ends_on >= timezone.localdate() else Need.Status.CLOSED
        transition(need, actor=actor, action=_("cancel"), frm=[Need.Status.MATCHED], to=reopened, comment=comment)
