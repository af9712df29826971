"""Writes and transitions of proposals, needs, applications and pilots, shared by every face."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kyky.accounts.models import User
from kyky.catalog.models import Language, Level, Municipality, Subject
from kyky.core import audit, notifications, workflow
from kyky.core.versions import corpus_changed, model_changed
from kyky.core.workflow import transition
from kyky.errors import ConflictError
from kyky.pilots import permissions
from kyky.pilots.models import (
    Application,
    Feedback,
    Need,
    Pilot,
    Proposal,
    ProposalChangeRequest,
    ProposalClosure,
)

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


def _plain(value: Any) -> Any:
    """A field's value as the audit trail's JSON keeps it."""
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _state(obj: models.Model, scalars: frozenset[str], code_fields: dict) -> dict[str, Any]:
    state = {name: _plain(getattr(obj, name, None)) for name in sorted(scalars)}
    if obj.pk:
        state.update({name: sorted(getattr(obj, name).values_list("pk", flat=True)) for name in code_fields})
    return state


def _apply(obj: models.Model, data: Mapping[str, Any], scalars: frozenset[str], code_fields: dict) -> dict:
    """Set fields, validate everything at once, save, then set the code lists; return what changed."""
    before = _state(obj, scalars, code_fields) if obj.pk else {}
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
    after = {**before, **{name: _plain(getattr(obj, name)) for name in scalars & data.keys()}}
    after.update({name: sorted(o.pk for o in objects) for name, objects in codes.items()})
    changed = audit.changes(before, after) if before else {}
    if before and not changed:
        return {}  # a write that changes nothing does nothing: no save, no entry, no index bump
    obj.save()
    for name, objects in codes.items():
        getattr(obj, name).set(objects)
    model_changed(obj)  # every process's match index sees the change when it commits
    return changed


def _lock(obj: models.Model) -> models.Model:
    return type(obj)._base_manager.select_for_update().get(pk=obj.pk)


def _require_not_ended(obj) -> None:
    """Publishing something that has ended is a field error on its dates (400), checked before the state."""
    if obj.ends_on < timezone.localdate():
        raise ValidationError({"ends_on": [_("This has already ended; move its dates before publishing.")]})


def _edit(
    obj,
    *,
    actor: User,
    data: Mapping[str, Any],
    scalars: frozenset[str],
    code_fields: dict,
    after_change: Callable[[Any], Mapping[str, Any]] | None = None,
):
    """Edit and record what changed; `after_change(obj)` runs only when something did, and its facts join the
    entry's data."""
    workflow.require(actor, "edit", obj)
    obj = _lock(obj)
    workflow.check(actor, "edit", obj)
    changed = _apply(obj, data, scalars, code_fields)
    if changed:
        extra = after_change(obj) if after_change else {}
        audit.log(actor=actor, obj=obj, action="edit", frm=obj.status, data={"changes": changed, **extra})
    return obj


def _delete(obj, *, actor: User) -> None:
    workflow.require(actor, "delete", obj)
    obj = _lock(obj)
    workflow.check(actor, "delete", obj)
    audit.log(actor=actor, obj=obj, action="delete", frm=obj.status, to="deleted", data={"title": obj.title})
    obj.delete()
    model_changed(obj)


# Proposals


@transaction.atomic
def proposal_create(*, actor: User, data: Mapping[str, Any]) -> Proposal:
    permissions.require_create(actor, Proposal)
    proposal = Proposal(organisation=actor.member.organisation, created_by=actor)
    _apply(proposal, data, PROPOSAL_FIELDS, PROPOSAL_CODES)
    audit.log(actor=actor, obj=proposal, action="create", to=proposal.status)
    return proposal


@transaction.atomic
def proposal_update(*, actor: User, proposal: Proposal, data: Mapping[str, Any]) -> Proposal:
    """The company edits its offer; an edit answers the coordinators' requests for changes, which clear."""
    return _edit(
        proposal,
        actor=actor,
        data=data,
        scalars=PROPOSAL_FIELDS,
        code_fields=PROPOSAL_CODES,
        after_change=_answer_change_requests,
    )


def _answer_change_requests(proposal: Proposal) -> dict[str, Any]:
    """The company changed its offer: its open requests for changes clear, and whoever asked is told."""
    requests = list(ProposalChangeRequest.objects.filter(proposal=proposal).select_related("requested_by"))
    if not requests:
        return {}
    ProposalChangeRequest.objects.filter(pk__in=[request.pk for request in requests]).delete()
    notifications.notify(
        [request.requested_by.email for request in requests if request.requested_by.is_active],
        _("%(company)s changed the pilot offer “%(title)s” you asked changes to")
        % {"company": proposal.organisation, "title": proposal.title},
        _("Check the offer: your request for changes is cleared. You can ask again or close the offer if needed."),
    )
    return {"change_requests_answered": sorted(request.municipality_id for request in requests)}


def _company_recipients(proposal: Proposal) -> list[str]:
    return notifications.members_of(proposal.organisation_id, ["representative"])


@transaction.atomic
def proposal_delete(*, actor: User, proposal: Proposal) -> None:
    _delete(proposal, actor=actor)


@transaction.atomic
def proposal_publish(*, actor: User, proposal: Proposal, comment: str = "") -> Proposal:
    permissions.require(actor, "publish", proposal)
    _require_not_ended(proposal)
    return transition(proposal, "publish", actor=actor, comment=comment, published_at=timezone.now())


@transaction.atomic
def proposal_close(*, actor: User, proposal: Proposal, comment: str = "") -> Proposal:
    """The company (or the platform's staff) closes its offer everywhere; a coordinator, in their municipality."""
    if not workflow.may(actor, "close", proposal) and workflow.may(actor, "close_here", proposal):
        return proposal_close_here(actor=actor, proposal=proposal, comment=comment)
    return transition(proposal, "close", actor=actor, comment=comment)


@transaction.atomic
def proposal_close_here(*, actor: User, proposal: Proposal, comment: str) -> Proposal:
    """A coordinator's moderation: the offer is no longer listed, matched or applied to in their municipality.

    It stays open in the other municipalities it serves, and the company sees the reason on its page.
    """
    workflow.require(actor, "close_here", proposal)
    if not (comment or "").strip():
        raise ValidationError({"comment": [_("Give the reason; the company will see it.")]})
    proposal = _lock(proposal)
    workflow.check(actor, "close_here", proposal)
    municipality = permissions.coordinator_municipality(actor)
    closure = ProposalClosure(proposal=proposal, municipality_id=municipality, comment=comment.strip(), closed_by=actor)
    closure.full_clean()
    try:
        with transaction.atomic():
            closure.save()
    except IntegrityError:
        raise ConflictError(_("This offer is already closed in your municipality.")) from None
    # Closing supersedes this municipality's request for changes.
    ProposalChangeRequest.objects.filter(proposal=proposal, municipality_id=municipality).delete()
    transition(
        proposal,
        "close_here",
        actor=actor,
        comment=closure.comment,
        data={"municipality": municipality},
        by_system=True,
    )
    corpus_changed("proposals")
    names = {"title": proposal.title, "municipality": closure.municipality.name}
    notifications.notify(
        _company_recipients(proposal),
        _("Your pilot offer “%(title)s” was closed in %(municipality)s") % names,
        _(
            "A coordinator of %(municipality)s closed your pilot offer “%(title)s” there. It is no longer listed, "
            "matched or applied to in %(municipality)s; it stays open in the other municipalities it serves. "
            "The coordinator's reason:"
        )
        % names
        + f"\n\n{closure.comment}",
    )
    return proposal


@transaction.atomic
def proposal_reopen_here(*, actor: User, proposal: Proposal, comment: str = "") -> Proposal:
    workflow.require(actor, "reopen_here", proposal)
    proposal = _lock(proposal)
    workflow.check(actor, "reopen_here", proposal)
    municipality = permissions.coordinator_municipality(actor)
    ProposalClosure.objects.filter(proposal=proposal, municipality_id=municipality).delete()
    transition(
        proposal, "reopen_here", actor=actor, comment=comment, data={"municipality": municipality}, by_system=True
    )
    corpus_changed("proposals")
    names = {"title": proposal.title, "municipality": Municipality.objects.get(pk=municipality).name}
    notifications.notify(
        _company_recipients(proposal),
        _("Your pilot offer “%(title)s” is open again in %(municipality)s") % names,
        comment,
    )
    return proposal


@transaction.atomic
def proposal_request_changes(*, actor: User, proposal: Proposal, comment: str) -> Proposal:
    """A coordinator's gentler moderation: ask the company to change its offer. The offer stays published;
    the company sees the request on its page, and it clears when the company edits the offer."""
    workflow.require(actor, "request_changes", proposal)
    if not (comment or "").strip():
        raise ValidationError({"comment": [_("Say what the company should change; the company will see it.")]})
    proposal = _lock(proposal)
    workflow.check(actor, "request_changes", proposal)
    municipality = permissions.coordinator_municipality(actor)
    request = ProposalChangeRequest(
        proposal=proposal, municipality_id=municipality, comment=comment.strip(), requested_by=actor
    )
    request.full_clean()
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        raise ConflictError(_("Your municipality has already asked for changes to this offer.")) from None
    transition(
        proposal,
        "request_changes",
        actor=actor,
        comment=request.comment,
        data={"municipality": municipality},
        by_system=True,
    )
    names = {"title": proposal.title, "municipality": request.municipality.name}
    notifications.notify(
        _company_recipients(proposal),
        _("%(municipality)s asks for changes to your pilot offer “%(title)s”") % names,
        _(
            "A coordinator of %(municipality)s asks you to change your pilot offer “%(title)s”. The offer stays "
            "published meanwhile; the request clears when you save your changes. What to change:"
        )
        % names
        + f"\n\n{request.comment}",
    )
    return proposal


@transaction.atomic
def proposal_withdraw_request(*, actor: User, proposal: Proposal, comment: str = "") -> Proposal:
    """The coordinator takes back their municipality's request for changes."""
    workflow.require(actor, "withdraw_request", proposal)
    proposal = _lock(proposal)
    workflow.check(actor, "withdraw_request", proposal)
    municipality = permissions.coordinator_municipality(actor)
    ProposalChangeRequest.objects.filter(proposal=proposal, municipality_id=municipality).delete()
    transition(
        proposal,
        "withdraw_request",
        actor=actor,
        comment=comment,
        data={"municipality": municipality},
        by_system=True,
    )
    names = {"title": proposal.title, "municipality": Municipality.objects.get(pk=municipality).name}
    notifications.notify(
        _company_recipients(proposal),
        _("%(municipality)s withdrew its request for changes to “%(title)s”") % names,
        comment,
    )
    return proposal


# Needs


@transaction.atomic
def need_create(*, actor: User, data: Mapping[str, Any]) -> Need:
    permissions.require_create(actor, Need)
    organisation = actor.member.organisation
    need = Need(organisation=organisation, created_by=actor, municipality_id=organisation.municipality_id)
    _apply(need, data, NEED_FIELDS, NEED_CODES)
    audit.log(actor=actor, obj=need, action="create", to=need.status)
    return need


@transaction.atomic
def need_update(*, actor: User, need: Need, data: Mapping[str, Any]) -> Need:
    return _edit(need, actor=actor, data=data, scalars=NEED_FIELDS, code_fields=NEED_CODES)


@transaction.atomic
def need_delete(*, actor: User, need: Need) -> None:
    _delete(need, actor=actor)


@transaction.atomic
def need_publish(*, actor: User, need: Need, comment: str = "") -> Need:
    permissions.require(actor, "publish", need)
    _require_not_ended(need)
    return transition(need, "publish", actor=actor, comment=comment, published_at=timezone.now())


@transaction.atomic
def need_close(*, actor: User, need: Need, comment: str = "") -> Need:
    return transition(need, "close", actor=actor, comment=comment)


# Applications


@transaction.atomic
def application_create(*, actor: User, proposal: Proposal, need: Need, message: str = "") -> Application:
    """A company applies to a need with its proposal, or a school expresses interest in a proposal for its need."""
    permissions.require_create(actor, Application)
    side = permissions.side_of(actor, unit_id=need.organisation_id, company_id=proposal.organisation_id)
    if side is None:
        if actor.member.role == permissions.Role.REPRESENTATIVE:
            raise PermissionDenied(_("Apply with one of your own company's proposals."))
        raise PermissionDenied(_("Express interest for one of your own unit's needs."))
    refusal = permissions.pairing_refusal(proposal, need)
    if refusal:
        raise ConflictError(refusal)
    if Application.objects.filter(proposal=proposal, need=need, status=Application.Status.PENDING).exists():
        raise ConflictError(_("An application for this proposal and need is already waiting for an answer."))
    application = Application(proposal=proposal, need=need, initiated_by=side, created_by=actor, message=message)
    application.full_clean()
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise ConflictError(_("An application for this proposal and need is already waiting for an answer.")) from None
    audit.log(actor=actor, obj=application, action="apply", to=application.status, data={"side": side})
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
    """Accept: take one place of the proposal, match the need and create the pilot.

    The place is taken with a conditional UPDATE, so however many acceptances arrive at once, no more
    than the capacity succeed; the others get ConflictError and change nothing. The pilot's agreement
    is created by the caller (kyky.process), which sits above both pilots and contracts.
    """
    workflow.check(actor, "accept", application)
    taken = Proposal.objects.filter(
        pk=application.proposal_id, status=Proposal.Status.PUBLISHED, groups_accepted__lt=F("capacity")
    ).update(groups_accepted=F("groups_accepted") + 1)
    if not taken:
        raise ConflictError(_("This proposal has no places left or is no longer published."))
    corpus_changed("proposals")
    application = transition(
        application, "accept", actor=actor, comment=comment, decided_by=actor, decided_at=timezone.now()
    )
    need = transition(application.need, "match", actor=actor, by_system=True, data={"application": application.pk})
    proposal = application.proposal
    # A pair whose earlier pilot was cancelled gets a new pilot: the old one stays in the record.
    pilot = Pilot.objects.create(
        application=application,
        proposal=proposal,
        need=need,
        unit_id=need.organisation_id,
        company_id=proposal.organisation_id,
        municipality_id=need.municipality_id,
    )
    audit.log(actor=actor, obj=pilot, action="create", to=pilot.status, data={"application": application.pk})
    notifications.notify(
        [application.created_by.email],
        _("Your application was accepted: %(proposal)s") % {"proposal": proposal},
        _("A pilot and a draft agreement have been created. Fill in the details and submit the agreement."),
    )
    return pilot


@transaction.atomic
def application_decline(*, actor: User, application: Application, comment: str = "") -> Application:
    application = transition(
        application, "decline", actor=actor, comment=comment, decided_by=actor, decided_at=timezone.now()
    )
    notifications.notify(
        [application.created_by.email],
        _("Your application was declined: %(proposal)s") % {"proposal": application.proposal},
        comment,
    )
    return application


@transaction.atomic
def application_withdraw(*, actor: User, application: Application, comment: str = "") -> Application:
    return transition(application, "withdraw", actor=actor, comment=comment)


# Pilots


@transaction.atomic
def pilot_start(*, actor: User, pilot: Pilot, comment: str = "") -> Pilot:
    return transition(pilot, "start", actor=actor, comment=comment, started_at=timezone.now())


@transaction.atomic
def pilot_feedback(*, actor: User, pilot: Pilot, rating: int, text: str) -> Feedback:
    """Each side's feedback, which it may correct; two submissions at once give one row, never an error."""
    workflow.require(actor, "feedback", pilot)
    pilot = _lock(pilot)  # serialises a side's simultaneous first submissions
    workflow.check(actor, "feedback", pilot)
    side = permissions.side_of(actor, unit_id=pilot.unit_id, company_id=pilot.company_id)
    feedback = Feedback.objects.filter(pilot=pilot, side=side).first() or Feedback(pilot=pilot, side=side)
    before = {"rating": feedback.rating, "text": feedback.text} if feedback.pk else {}
    feedback.author, feedback.rating, feedback.text = actor, rating, text
    feedback.full_clean(validate_unique=False)
    after = {"rating": rating, "text": text}
    if before == after:
        return feedback
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError:  # the other submission won the race on a database without row locks
        Feedback.objects.filter(pilot=pilot, side=side).update(author=actor, rating=rating, text=text)
        feedback = Feedback.objects.get(pilot=pilot, side=side)
    changed = audit.changes(before, after) if before else {}
    workflow.transition(pilot, "feedback", actor=actor, by_system=True, data={"side": side, "rating": rating, **(
        {"changes": changed} if changed else {}
    )})  # fmt: skip
    return feedback


@transaction.atomic
def pilot_complete(*, actor: User, pilot: Pilot, comment: str = "") -> Pilot:
    """The coordinator closes a running pilot and its need; kyky.process completes the agreement with it."""
    pilot = transition(pilot, "complete", actor=actor, comment=comment, completed_at=timezone.now())
    need = pilot.need
    if need.status == Need.Status.MATCHED:
        transition(need, "complete", actor=actor, by_system=True, data={"pilot": pilot.pk})
    return pilot


def pilot_release(*, actor: User, pilot: Pilot, comment: str = "") -> None:
    """When an agreement is cancelled: the pilot is cancelled, its place freed and the need open again."""
    transition(pilot, "cancel", actor=actor, comment=comment, by_system=True)
    # The pair may be accepted again later: the accepted application no longer stands.
    transition(pilot.application, "cancel", actor=actor, comment=comment, by_system=True, data={"pilot": pilot.pk})
    Proposal.objects.filter(pk=pilot.proposal_id, groups_accepted__gt=0).update(
        groups_accepted=F("groups_accepted") - 1
    )
    corpus_changed("proposals")
    need = pilot.need
    if need.status == Need.Status.MATCHED:
        if need.ends_on >= timezone.localdate():
            transition(need, "reopen", actor=actor, comment=comment, by_system=True, data={"pilot": pilot.pk})
        else:
            transition(need, "complete", actor=actor, comment=comment, by_system=True, data={"pilot": pilot.pk})
