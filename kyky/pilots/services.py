"""Writes and transitions of proposals, needs, applications and pilots, shared by every face."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kyky.accounts.models import User
from kyky.catalog.models import Language, Level, Municipality, Subject
from kyky.core import audit, concurrency, notifications, workflow
from kyky.core.versions import corpus_changed, model_changed
from kyky.core.workflow import transition
from kyky.errors import ConflictError
from kyky.pilots import audience, permissions
from kyky.pilots.models import (
    CODES_MAX,
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
    """Accept model instances or their codes; unknown codes, and more than CODES_MAX of them, are a field error."""
    values = list(values)
    if len(values) > CODES_MAX:
        raise ValidationError({field: [_("Choose at most %(count)d items.") % {"count": CODES_MAX}]})
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
    if obj.pk:
        obj.version += 1  # the row is locked (_edit), so this is the next version
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
    version: concurrency.Expected = None,
):
    """Edit and record what changed; `after_change(obj)` runs only when something did, and its facts join the
    entry's data. `version`: the version the editor saw (If-Match, the page's hidden field); if someone else
    saved since, StaleEdit (412) and nothing changes."""
    workflow.require(actor, "edit", obj)
    obj = _lock(obj)
    workflow.check(actor, "edit", obj)
    concurrency.check(obj, version)
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
def proposal_update(
    *, actor: User, proposal: Proposal, data: Mapping[str, Any], version: concurrency.Expected = None
) -> Proposal:
    """The company edits its offer; an edit answers the coordinators' requests for changes, which clear."""
    return _edit(
        proposal,
        actor=actor,
        data=data,
        version=version,
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
    notifications.event(
        "changes_made",
        [request.requested_by for request in requests],
        data={"title": proposal.title, "company": proposal.organisation.name},
        path=reverse("proposal-detail", args=[proposal.pk]),
    )
    return {"change_requests_answered": sorted(request.municipality_id for request in requests)}


def _tell_company(kind: str, proposal: Proposal, *, actor: User, municipality: str, comment: str = "") -> None:
    """Tell the offer's representatives of a coordinator's step; the municipality is named in each one's language."""
    notifications.event(
        kind,
        notifications.users_of(proposal.organisation_id, ["representative"]),
        data={"title": proposal.title, "municipality_code": municipality, "comment": comment},
        path=reverse("proposal-detail", args=[proposal.pk]),
        actor=actor,
    )


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
    _tell_company("proposal_closed_here", proposal, actor=actor, municipality=municipality, comment=closure.comment)
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
    _tell_company("proposal_reopened_here", proposal, actor=actor, municipality=municipality, comment=comment)
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
    _tell_company("changes_requested", proposal, actor=actor, municipality=municipality, comment=request.comment)
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
    _tell_company("change_request_withdrawn", proposal, actor=actor, municipality=municipality, comment=comment)
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
def need_update(*, actor: User, need: Need, data: Mapping[str, Any], version: concurrency.Expected = None) -> Need:
    return _edit(need, actor=actor, data=data, scalars=NEED_FIELDS, code_fields=NEED_CODES, version=version)


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
    notifications.event(
        "application_received" if side == "company" else "interest_received",
        audience.application_side(application, application.answering_side),
        data={**application_facts(application), "message": message},
        path=application_path(application),
        actor=actor,
    )
    return application


def application_facts(application: Application) -> dict[str, str]:
    """What a message about an application names: both sides and their titles."""
    proposal, need = application.proposal, application.need
    return {
        "proposal": proposal.title,
        "need": need.title,
        "company": proposal.organisation.name,
        "unit": need.organisation.name,
    }


def application_path(application: Application) -> str:
    return reverse("application-detail", args=[application.pk])


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
    ).update(groups_accepted=F("groups_accepted") + 1, **concurrency.bump())
    if not taken:
        raise ConflictError(_("This proposal has no places left or is no longer published."))
    corpus_changed("proposals")
    application = transition(
        application, "accept", actor=actor, comment=comment, decided_by=actor, decided_at=timezone.now()
    )
    return _pilot_for(application, actor=actor)  # kyky.process tells the sending side, with the agreement's link


def _pilot_for(application: Application, *, actor: User) -> Pilot:
    """Match the need and create the pilot of an accepted application."""
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
    return pilot


def place_hold(*, proposal: Proposal) -> bool:
    """Keep one place of the proposal for an offer; False when it has none left or is no longer published."""
    taken = Proposal.objects.filter(
        pk=proposal.pk, status=Proposal.Status.PUBLISHED, groups_accepted__lt=F("capacity")
    ).update(groups_accepted=F("groups_accepted") + 1, **concurrency.bump())
    if taken:
        corpus_changed("proposals")
    return bool(taken)


def place_release(*, proposal_id: int) -> None:
    """Give back a place an offer kept (declined, expired) or a cancelled pilot had."""
    Proposal.objects.filter(pk=proposal_id, groups_accepted__gt=0).update(
        groups_accepted=F("groups_accepted") - 1, **concurrency.bump()
    )
    corpus_changed("proposals")


def application_from_offer(
    *, actor: User, proposal: Proposal, need: Need, first_side: str, first_user: User, offer_id: int
) -> Pilot:
    """Both sides accepted a round's offer: an accepted application and its pilot, in the caller's transaction.

    The offer kept its place since the round was confirmed, so no place is taken here; the pair must still
    be open (the proposal published and not closed in the need's municipality, the need looking for a pilot),
    or ConflictError (409) and nothing changes. The side that accepted first is recorded as the sender.
    """
    proposal = Proposal.objects.select_related("organisation").get(pk=proposal.pk)
    if proposal.status != Proposal.Status.PUBLISHED or permissions._closed_in(proposal, need.municipality_id):
        raise ConflictError(_("This offer is no longer open."))
    now = timezone.now()
    application = Application(
        proposal=proposal,
        need=need,
        initiated_by=first_side,
        created_by=first_user,
        status=Application.Status.ACCEPTED,
        decided_by=actor,
        decided_at=now,
    )
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise ConflictError(_("This pair already has an accepted application.")) from None
    audit.log(
        actor=first_user, obj=application, action="apply", to="pending", data={"side": first_side, "offer": offer_id}
    )
    audit.log(
        actor=actor, obj=application, action="accept", frm="pending", to=application.status, data={"offer": offer_id}
    )
    return _pilot_for(application, actor=actor)


@transaction.atomic
def application_decline(*, actor: User, application: Application, comment: str = "") -> Application:
    application = transition(
        application, "decline", actor=actor, comment=comment, decided_by=actor, decided_at=timezone.now()
    )
    answerer = application.need if application.answering_side == "school" else application.proposal
    notifications.event(
        "application_declined",
        audience.application_side(application, application.initiated_by),
        data={**application_facts(application), "organisation": answerer.organisation.name, "comment": comment},
        path=application_path(application),
        actor=actor,
    )
    return application


@transaction.atomic
def application_withdraw(*, actor: User, application: Application, comment: str = "") -> Application:
    application = transition(application, "withdraw", actor=actor, comment=comment)
    sender = application.need if application.initiated_by == "school" else application.proposal
    notifications.event(
        "application_withdrawn",
        audience.application_side(application, application.answering_side),
        data={**application_facts(application), "organisation": sender.organisation.name, "comment": comment},
        path=application_path(application),
        actor=actor,
    )
    return application


# Pilots


@transaction.atomic
def pilot_start(*, actor: User, pilot: Pilot, comment: str = "") -> Pilot:
    return transition(pilot, "start", actor=actor, comment=comment, started_at=timezone.now())


FEEDBACK_TEXTS = ("worked", "change")
FEEDBACK_CHOICES = ("rating", "goals", "again", "faces")


@transaction.atomic
def pilot_feedback(
    *,
    actor: User,
    pilot: Pilot,
    rating: int,
    goals: str,
    again: bool,
    worked: str = "",
    change: str = "",
    faces: str = "",
) -> Feedback:
    """Each side's evaluation, which it may correct until completion; two submissions at once give one row.

    The three-face rating is the school's, and only for groups in early childhood, pre-primary or grades 1–2.
    The audit entry records the choices and which texts changed, never the texts (retention removes them).
    """
    workflow.require(actor, "feedback", pilot)
    pilot = _lock(pilot)  # serialises a side's simultaneous first submissions
    workflow.check(actor, "feedback", pilot)
    side = permissions.side_of(actor, unit_id=pilot.unit_id, company_id=pilot.company_id)
    faces = faces or ""
    if faces and not permissions.faces_allowed(pilot, side):
        raise ValidationError(
            {"faces": [_("The faces are recorded by the teacher, for groups in early childhood to grade 2.")]}
        )
    errors: dict[str, list[str]] = {}
    if goals not in Feedback.Goals.values:
        errors["goals"] = [_("Answer yes, partly or no.")]
    if again is None:
        errors["again"] = [_("Say whether you would take part again.")]
    if errors:
        raise ValidationError(errors)
    answer = {
        "rating": rating,
        "goals": goals,
        "again": bool(again),
        "worked": (worked or "").strip(),
        "change": (change or "").strip(),
        "faces": faces,
    }
    feedback = Feedback.objects.filter(pilot=pilot, side=side).first() or Feedback(pilot=pilot, side=side)
    before = {key: getattr(feedback, key) for key in answer} if feedback.pk else {}
    feedback.author = actor
    for key, value in answer.items():
        setattr(feedback, key, value)
    feedback.full_clean(validate_unique=False, validate_constraints=False)
    if before == answer:
        return feedback
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError:  # the other submission won the race on a database without row locks
        Feedback.objects.filter(pilot=pilot, side=side).update(author=actor, **answer)
        feedback = Feedback.objects.get(pilot=pilot, side=side)
    data: dict[str, Any] = {"side": side, **{key: answer[key] for key in FEEDBACK_CHOICES}}
    if before:
        changed = audit.changes(before, answer)
        data["changes"] = {key: value for key, value in changed.items() if key not in FEEDBACK_TEXTS}
        data["texts_changed"] = [key for key in FEEDBACK_TEXTS if key in changed]
    workflow.transition(pilot, "feedback", actor=actor, by_system=True, data=data)
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
    place_release(proposal_id=pilot.proposal_id)
    need = pilot.need
    if need.status == Need.Status.MATCHED:
        if need.ends_on >= timezone.localdate():
            transition(need, "reopen", actor=actor, comment=comment, by_system=True, data={"pilot": pilot.pk})
        else:
            transition(need, "complete", actor=actor, comment=comment, by_system=True, data={"pilot": pilot.pk})
