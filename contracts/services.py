"""The agreement's life: created on acceptance, completed by the parties, approved, signed, frozen."""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import secrets
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from contracts import parts, permissions
from contracts import snapshot as snapshot_limits
from contracts.models import Agreement, Signature
from contracts.rendering import LOCAL_TIMEZONE, render_agreement_pdf
from contracts.sealing import sealed_agreement_pdf
from contracts.snapshot import CURRENT_TEMPLATE_VERSION
from kyky.accounts.models import Membership, Organisation, User
from kyky.core import audit, concurrency, notifications, workflow
from kyky.core.workflow import transition
from kyky.errors import ConflictError, DocumentNotReady, Throttled
from kyky.pilots import audience
from kyky.pilots.models import Pilot

logger = logging.getLogger(__name__)

VERIFICATION_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread

# Fields the parties fill in, and where each lives in the snapshot.
PILOT_FIELDS = ("title", "purpose", "product", "groups", "pupil_count", "starts_on", "ends_on", "place")
TEXT_FIELDS = ("company_provides", "school_provides", "reference_use")
CONTACT_FIELDS = ("name", "title", "email", "phone")
SUBPROCESSOR_LIMITS = {
    "name": snapshot_limits.SHORT_TEXT_MAX,
    "service": snapshot_limits.SUBPROCESSOR_SERVICE_MAX,
    "location": snapshot_limits.SHORT_TEXT_MAX,
}
PERSONAL_DATA_FIELDS = ("processed", "categories", "purpose", "storage_location", "retention", "subprocessors")


def _verification_code() -> str:
    raw = "".join(secrets.choice(VERIFICATION_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def verification_url(code: str) -> str:
    return f"{settings.SITE_URL}/verify/{code}/"


def _display_names(objects) -> list[str]:
    return [obj.name for obj in objects]


def _city_of(unit: Organisation) -> dict[str, str]:
    city = Organisation.objects.filter(kind=Organisation.Kind.CITY, municipality_id=unit.municipality_id).first()
    return {"name": city.name if city else unit.municipality.name, "municipality": unit.municipality_id}


def _contact(user: User | None) -> dict[str, str]:
    if user is None:
        return {"name": "", "title": "", "email": "", "phone": ""}
    member = user.member
    return {"name": user.name, "title": member.get_role_display() if member else "", "email": user.email, "phone": ""}


def _localised(snapshot: dict, pilot: Pilot) -> dict:
    """The parts of the snapshot written in the agreement's language: code names and standard wording."""
    with translation.override(snapshot["language"]):
        snapshot["pilot"]["levels"] = _display_names(pilot.need.levels.all())
        snapshot["pilot"]["subjects"] = _display_names(
            pilot.proposal.subjects.filter(pk__in=pilot.need.subjects.values("pk")) or pilot.proposal.subjects.all()
        )
    return snapshot


def _remote_place(language: str, unit_name: str) -> str:
    with translation.override(language):
        return _("Remote, from %(unit)s") % {"unit": unit_name}


def _role_names(language: str) -> dict[str, str]:
    with translation.override(language):
        return {role: str(label) for role, label in Membership.Role.choices}


def _relocalised(snapshot: dict, old: str, pilot: Pilot) -> dict:
    """The snapshot in its new language: what is still standard wording follows; what the parties wrote stays."""
    new = snapshot["language"]
    products = dict.fromkeys((pilot.proposal.title, snapshot["pilot"]["product"], snapshot["pilot"]["title"]))
    for product in products:
        before, after = _default_texts(old, product), _default_texts(new, product)
        for field in TEXT_FIELDS:
            if snapshot[field] == before[field]:
                snapshot[field] = after[field]
    old_roles, new_roles = _role_names(old), _role_names(new)
    titles = {name: new_roles[role] for role, name in old_roles.items()}
    for contact in snapshot["contacts"].values():
        contact["title"] = titles.get(contact["title"], contact["title"])
    unit_name = snapshot["unit"]["name"]
    if snapshot["pilot"]["place"] == _remote_place(old, unit_name):
        snapshot["pilot"]["place"] = _remote_place(new, unit_name)
    return _localised(snapshot, pilot)


def _default_texts(language: str, product: str) -> dict[str, str]:
    """The standard wording of the clauses in one language, before the parties edit it."""
    with translation.override(language):
        return {
            "company_provides": _(
                "Use of %(product)s for the pilot group free of charge, an introduction for the teachers, "
                "and support during the pilot."
            )
            % {"product": product},
            "school_provides": _(
                "Test use of the product in the group as agreed, and feedback to the provider during and at "
                "the end of the pilot."
            ),
            "reference_use": _(
                "The provider may say that it has piloted the product with the city's unit. Any other use of "
                "the city's name or logo needs the city's written consent."
            ),
        }


def build_snapshot(*, pilot: Pilot, school_user: User | None, company_user: User | None, language: str) -> dict:
    """Copy what the agreement says from the live rows, once; later profile edits never reach it."""
    need, proposal, unit, company = pilot.need, pilot.proposal, pilot.unit, pilot.company
    starts_on, ends_on = max(need.starts_on, proposal.starts_on), min(need.ends_on, proposal.ends_on)
    if ends_on < starts_on:
        starts_on, ends_on = need.starts_on, need.ends_on
    with translation.override(language):
        place = unit.address or unit.name
        if proposal.delivery == "remote":
            place = _remote_place(language, unit.name)
        # Role names as titles, in the agreement's language whatever language the request came in.
        contacts = {"school": _contact(school_user), "company": _contact(company_user)}
    snapshot = {
        "number": "",
        "language": language,
        "template_version": CURRENT_TEMPLATE_VERSION,
        "status": Agreement.Status.DRAFT,
        "issued_at": timezone.now().isoformat(),
        "verification_code": "",
        "verification_url": "",
        "city": _city_of(unit),
        "unit": {"name": unit.name, "kind": unit.kind, "address": unit.address},
        "company": {"name": company.name, "business_id": company.business_id, "address": company.address},
        "contacts": contacts,
        "pilot": {
            "title": proposal.title,
            "purpose": need.title,
            "product": proposal.title,
            "groups": need.title,
            "pupil_count": need.group_size,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "place": place,
            "levels": [],
            "subjects": [],
        },
        **_default_texts(language, proposal.title),
        "personal_data": {
            "processed": proposal.processes_personal_data,
            "categories": [],
            "purpose": "",
            "storage_location": "",
            "retention": "",
            "subprocessors": [],
        },
    }
    return _localised(snapshot, pilot)


@transaction.atomic
def agreement_create(*, actor: User, pilot: Pilot, school_user: User | None, company_user: User | None) -> Agreement:
    """The draft agreement of a new pilot, prefilled from the need, the proposal and the two users who agreed."""
    language = pilot.need.language_id if pilot.need.language_id in Agreement.Language.values else "fi"
    code = _verification_code()
    snapshot = build_snapshot(pilot=pilot, school_user=school_user, company_user=company_user, language=language)
    agreement = Agreement.objects.create(
        pilot=pilot,
        number=f"pending-{code}",
        language=language,
        template_version=snapshot["template_version"],
        verification_code=code,
        unit_id=pilot.unit_id,
        company_id=pilot.company_id,
        municipality_id=pilot.municipality_id,
        snapshot=snapshot,
    )
    # The local year: an agreement made on New Year's night in Helsinki belongs to the new year.
    agreement.number = f"KYKY-{timezone.localtime(agreement.created_at, LOCAL_TIMEZONE).year}-{agreement.pk:05d}"
    snapshot.update(number=agreement.number, verification_code=code, verification_url=verification_url(code))
    agreement.save(update_fields=["number", "snapshot"])
    audit.log(actor=actor, obj=agreement, action="create", to=agreement.status, data={"pilot": pilot.pk})
    return agreement


def _clean_text(value: Any, field: str, errors: dict, *, max_length: int = snapshot_limits.TEXT_MAX) -> str:
    text = "" if value is None else str(value).strip()
    if len(text) > max_length:
        errors[field] = [_("At most %(count)d characters.") % {"count": max_length}]
    elif "\x00" in text:
        errors[field] = [_("The text contains a NUL character; remove it.")]
    return text


def _clean_list(items: Any, field: str, errors: dict, *, max_items: int) -> list:
    items = list(items or [])
    if len(items) > max_items:
        errors[field] = [_("At most %(count)d items.") % {"count": max_items}]
        return []
    return items


def _merge_details(agreement: Agreement, data: Mapping[str, Any], party: str) -> dict:
    """Apply the parties' edits to a copy of the snapshot, with field errors for anything wrong."""
    snapshot = copy.deepcopy(agreement.snapshot)
    errors: dict[str, list[str]] = {}
    pilot = snapshot["pilot"]
    for field in PILOT_FIELDS:
        if field in data:
            value = data[field]
            if field in ("starts_on", "ends_on"):
                value = value.isoformat() if isinstance(value, date) else str(value)
            elif field == "pupil_count":
                if not isinstance(value, int) or not 1 <= value <= 500:
                    errors[field] = [_("Between 1 and 500 pupils.")]
            else:
                value = _clean_text(value, field, errors, max_length=200 if field == "title" else 2000)
            pilot[field] = value
    if pilot["ends_on"] < pilot["starts_on"]:
        errors["ends_on"] = [_("The end date cannot be before the start date.")]
    for field in TEXT_FIELDS:
        if field in data:
            snapshot[field] = _clean_text(data[field], field, errors)
    for side, contact in (data.get("contacts") or {}).items():
        if side not in ("school", "company"):
            errors["contacts"] = [_("Contacts are given for the school and the company.")]
            continue
        if side != party and contact != snapshot["contacts"][side]:
            errors[f"contacts.{side}"] = [_("Each party gives its own contact person.")]
            continue
        merged = {**snapshot["contacts"][side]}
        for key in CONTACT_FIELDS:
            if key in contact:
                merged[key] = _clean_text(contact[key], f"contacts.{side}.{key}", errors, max_length=200)
        if merged["email"]:
            try:
                validate_email(merged["email"])
            except ValidationError:
                errors[f"contacts.{side}.email"] = [_("Enter a valid e-mail address.")]
        snapshot["contacts"][side] = merged
    if "personal_data" in data:
        personal = {
            **snapshot["personal_data"],
            **{k: v for k, v in data["personal_data"].items() if k in PERSONAL_DATA_FIELDS},
        }
        personal["processed"] = bool(personal["processed"])
        categories = _clean_list(
            personal.get("categories"), "personal_data.categories", errors, max_items=snapshot_limits.CATEGORIES_MAX
        )
        personal["categories"] = [
            text
            for text in (
                _clean_text(c, "personal_data.categories", errors, max_length=snapshot_limits.SHORT_TEXT_MAX)
                for c in categories
            )
            if text
        ]
        subprocessors = _clean_list(
            personal.get("subprocessors"),
            "personal_data.subprocessors",
            errors,
            max_items=snapshot_limits.SUBPROCESSORS_MAX,
        )
        personal["subprocessors"] = [
            {
                key: _clean_text(
                    sub.get(key, "") if isinstance(sub, Mapping) else "",
                    "personal_data.subprocessors",
                    errors,
                    max_length=limit,
                )
                for key, limit in SUBPROCESSOR_LIMITS.items()
            }
            for sub in subprocessors
        ]
        for key in ("purpose", "storage_location", "retention"):
            personal[key] = _clean_text(personal.get(key), f"personal_data.{key}", errors)
        snapshot["personal_data"] = personal
    if "language" in data:
        snapshot["language"] = data["language"]
    if not errors and snapshot_limits.snapshot_size(snapshot) > snapshot_limits.SNAPSHOT_MAX_CHARS:
        errors["non_field_errors"] = [
            _("The agreement's terms are too long: shorten the texts to at most %(count)d characters in all.")
            % {"count": snapshot_limits.SNAPSHOT_MAX_CHARS}
        ]
    if not errors:
        errors.update(_others_part_errors(agreement.snapshot, snapshot, party))
    if errors:
        raise ValidationError(errors)
    return snapshot


def _others_part_errors(before: dict, after: dict, party: str) -> dict[str, list[str]]:
    """Each party fills in its own part: a change to the other party's part is a field error."""
    errors: dict[str, list[str]] = {}
    for key, owner in parts.OWNER.items():
        if owner == party:
            continue
        old, new = (before[key], after[key]) if key in before else (before["pilot"][key], after["pilot"][key])
        if old != new:
            if owner == "school":
                errors[key] = [_("The school or day-care centre fills this in.")]
            else:
                errors[key] = [_("The company fills this in.")]
    return errors


def _completeness_errors(snapshot: dict, party_list: tuple[str, ...] = parts.PARTIES) -> dict[str, list[str]]:
    """What the given parties must fill in before marking their parts ready (and the coordinator reviews)."""
    messages = {
        "personal_data.categories": _("Name the personal data the product processes."),
    }
    required = _("Fill this in before marking your part ready.")
    return {key: [messages.get(key, required)] for party in party_list for key in parts.missing(snapshot, party)}


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """A snapshot as {"contacts.school.name": ...}, so an edit's record names exactly the fields it changed."""
    if isinstance(value, dict):
        flat: dict[str, Any] = {}
        for key, item in value.items():
            flat.update(_flatten(item, f"{prefix}{key}."))
        return flat
    return {prefix.rstrip("."): value}


@transaction.atomic
def agreement_update(
    *, actor: User, agreement: Agreement, data: Mapping[str, Any], version: concurrency.Expected = None
) -> Agreement:
    """A party fills in the agreement. `version`: the one the party saw; if someone saved since, StaleEdit (412)."""
    workflow.require(actor, "edit", agreement)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    workflow.check(actor, "edit", agreement)
    concurrency.check(agreement, version)
    snapshot = _merge_details(agreement, data, permissions.party_of(actor, agreement))
    if snapshot["language"] != agreement.language:
        snapshot = _relocalised(snapshot, agreement.language, agreement.pilot)
        agreement.language = snapshot["language"]
    changed = audit.changes(_flatten(agreement.snapshot), _flatten(snapshot))
    if not changed:
        return agreement  # nothing changed: no save, no entry
    # A party that edits after marking its part ready, or anyone who changes what both share, clears both
    # marks: each confirms the changed text again. Completing one's own part before marking it keeps the
    # other party's mark: that part was not theirs to confirm.
    party = permissions.party_of(actor, agreement)
    clears = agreement.ready_at(party) is not None or not all(parts.in_own_part(key, party) for key in changed)
    cleared = [p for p in parts.PARTIES if agreement.ready_at(p) is not None] if clears else []
    agreement.snapshot = snapshot
    if cleared:
        agreement.school_ready_at = agreement.company_ready_at = None
    agreement.version += 1  # the row is locked: this is the next version
    agreement.save(
        update_fields=["snapshot", "language", "school_ready_at", "company_ready_at", "updated_at", "version"]
    )
    data: dict[str, Any] = {"changes": changed}
    if cleared:
        data["ready_cleared"] = cleared
    audit.log(actor=actor, obj=agreement, action="edit", frm=agreement.status, data=data)
    for other in (p for p in cleared if p != party):
        _tell(
            "agreement_ready_cleared",
            agreement,
            _side_users(agreement, other),
            actor=actor,
            organisation=_names(agreement, party)["organisation"],
        )
    return agreement


def _set_status(agreement: Agreement, status: str) -> None:
    snapshot = {**agreement.snapshot, "status": status}
    Agreement.objects.filter(pk=agreement.pk).update(snapshot=snapshot)
    agreement.snapshot = snapshot


def _coordinators(agreement: Agreement) -> list[User]:
    return list(notifications.coordinators_of(agreement.municipality_id))


def _parties(agreement: Agreement) -> list[User]:
    return audience.pilot_parties(agreement.pilot)


def agreement_facts(agreement: Agreement) -> dict[str, str]:
    """What a message about an agreement names: its number, the pilot's title and the two parties."""
    snapshot = agreement.snapshot
    return {
        "number": agreement.number,
        "title": snapshot["pilot"]["title"],
        "unit": snapshot["unit"]["name"],
        "company": snapshot["company"]["name"],
        "starts_on": snapshot["pilot"]["starts_on"],
        "ends_on": snapshot["pilot"]["ends_on"],
    }


def agreement_path(agreement: Agreement) -> str:
    return reverse("agreement-detail", args=[agreement.pk])


def _tell(kind: str, agreement: Agreement, recipients, *, actor: User | None, **facts: Any) -> None:
    notifications.event(
        kind,
        recipients,
        data={**agreement_facts(agreement), **facts},
        path=agreement_path(agreement),
        actor=actor,
    )


def _side_users(agreement: Agreement, party: str) -> list[User]:
    """Who hears for a party: its contact person if a member of that side, else that side's members."""
    organisation, roles = (
        (agreement.unit_id, ["teacher", "principal"])
        if party == "school"
        else (agreement.company_id, ["representative"])
    )
    members = list(notifications.users_of(organisation, roles))
    contact = (agreement.snapshot["contacts"][party].get("email") or "").strip().lower()
    chosen = [user for user in members if user.email.lower() == contact]
    return chosen or members


def _names(agreement: Agreement, party: str | None) -> dict[str, str]:
    """The names a message about the agreement uses: its number, title and the acting party's organisation."""
    snapshot = agreement.snapshot
    organisation = snapshot["unit" if party == "school" else "company"]["name"] if party else ""
    return {"number": agreement.number, "title": snapshot["pilot"]["title"], "organisation": organisation}


@transaction.atomic
def agreement_submit(*, actor: User, agreement: Agreement, comment: str = "") -> Agreement:
    """Mark the actor's part ready. The first mark keeps the agreement a draft and tells the other party;
    the second submits it to the coordinators of the unit's municipality, who are told.

    Only the actor's own part must be complete (400 with the missing fields otherwise).
    """
    workflow.require(actor, "submit", agreement)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    workflow.check(actor, "submit", agreement)
    party = permissions.party_of(actor, agreement)
    errors = _completeness_errors(agreement.snapshot, (party,))
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    # Mark, then read the other mark back: two parties marking at once cannot both miss each other's mark.
    marked = Agreement.objects.filter(
        pk=agreement.pk, status__in=Agreement.EDITABLE, **{f"{party}_ready_at__isnull": True}
    ).update(**{f"{party}_ready_at": now}, **concurrency.bump())
    if not marked:
        workflow.check(actor, "submit", Agreement.objects.get(pk=agreement.pk))
    agreement.refresh_from_db()
    other = Agreement.other(party)
    if agreement.ready_at(other) is None:
        audit.log(
            actor=actor, obj=agreement, action="ready", frm=agreement.status, comment=comment, data={"party": party}
        )
        _tell(
            "agreement_part_ready",
            agreement,
            _side_users(agreement, other),
            actor=actor,
            organisation=_names(agreement, party)["organisation"],
        )
        return agreement
    errors = _completeness_errors(agreement.snapshot)
    if errors:  # the other part was complete when marked, and any edit since cleared the mark
        raise ValidationError(errors)
    agreement = transition(
        agreement, "submit", actor=actor, comment=comment, data={"party": party}, submitted_at=now, by_system=True
    )
    _set_status(agreement, agreement.status)
    # Here the agreement has become submitted: the coordinators of the unit's municipality review it.
    _tell("agreement_submitted", agreement, _coordinators(agreement), actor=actor)
    _tell("agreement_sent_for_approval", agreement, _side_users(agreement, other), actor=actor)
    return agreement


@transaction.atomic
def agreement_remind(*, actor: User, agreement: Agreement, comment: str = "") -> Agreement:
    """Ask the other party to complete its part: they are told what is still missing. At most once a day
    per party (429 with Retry-After before that), and only while their part is not marked ready."""
    workflow.require(actor, "remind", agreement)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    party = permissions.party_of(actor, agreement)
    other = Agreement.other(party)
    wait = permissions.remind_wait(agreement, other)
    if wait and agreement.is_editable and agreement.ready_at(other) is None:
        raise Throttled(str(workflow.refusal(actor, "remind", agreement)), retry_after=wait)
    workflow.check(actor, "remind", agreement)
    Agreement.objects.filter(pk=agreement.pk).update(**{f"{other}_reminded_at": timezone.now()}, **concurrency.bump())
    agreement.refresh_from_db()
    audit.log(actor=actor, obj=agreement, action="remind", frm=agreement.status, comment=comment, data={"party": other})
    _tell(
        "agreement_remind",
        agreement,
        _side_users(agreement, other),
        actor=actor,
        organisation=_names(agreement, party)["organisation"],
        missing=parts.missing(agreement.snapshot, other),
        comment=comment,
    )
    return agreement


@transaction.atomic
def agreement_approve(*, actor: User, agreement: Agreement, comment: str = "") -> Agreement:
    """Approve the submitted text; from here on the terms are frozen and the parties sign exactly this text."""
    agreement = transition(
        agreement, "approve", actor=actor, comment=comment, approved_at=timezone.now(), return_comment=""
    )
    frozen = {**agreement.snapshot, "status": agreement.status, "issued_at": agreement.approved_at.isoformat()}
    Agreement.objects.filter(pk=agreement.pk).update(snapshot=frozen)
    agreement.snapshot = frozen
    transaction.on_commit(lambda: produce_later(approved_document, agreement.pk), robust=True)
    _tell("agreement_approved", agreement, _parties(agreement), actor=actor, comment=comment)
    return agreement


@transaction.atomic
def agreement_return(*, actor: User, agreement: Agreement, comment: str) -> Agreement:
    workflow.require(actor, "return", agreement)
    if not comment.strip():
        raise ValidationError({"comment": [_("Say what the parties should change.")]})
    # The parties change what the coordinator asks and mark their parts ready again.
    agreement = transition(
        agreement,
        "return",
        actor=actor,
        comment=comment,
        return_comment=comment,
        school_ready_at=None,
        company_ready_at=None,
    )
    _set_status(agreement, agreement.status)
    _tell("agreement_returned", agreement, _parties(agreement), actor=actor, comment=comment)
    return agreement


@transaction.atomic
def agreement_cancel(*, actor: User, agreement: Agreement, comment: str = "") -> Agreement:
    """Call the agreement off; kyky.process releases its pilot's place in the same transaction."""
    agreement = transition(agreement, "cancel", actor=actor, comment=comment)
    _set_status(agreement, agreement.status)
    _tell("agreement_cancelled", agreement, _parties(agreement), actor=actor, comment=comment)
    return agreement


def agreement_complete(*, actor: User, agreement: Agreement) -> Agreement:
    """Called when the coordinator closes the pilot (kyky.process)."""
    agreement = transition(agreement, "complete", actor=actor, by_system=True, data={"pilot": agreement.pilot_id})
    _set_status(agreement, agreement.status)
    return agreement


# Documents


class ApprovedDocumentMismatch(RuntimeError):
    """The approved document cannot be stored again: its re-rendering differs from what was already signed."""


def ensure_approved_pdf(agreement: Agreement) -> Agreement:
    """Render and store the approved document once, idempotently; afterwards it is only ever read back.

    Run by the `approved_document` task after the approval commits. It renders before taking the row lock,
    so a slow rendering never holds up a signer.
    """
    agreement.refresh_from_db(fields=["approved_pdf", "approved_sha256", "approved_at", "snapshot"])
    if agreement.approved_document_ready or agreement.approved_at is None:
        return agreement
    # The document the parties sign: the approved terms, still marked as a draft until both have signed.
    pdf = render_agreement_pdf(agreement.snapshot, draft=True)
    digest = hashlib.sha256(pdf).hexdigest()
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if not locked.approved_document_ready:
            if locked.approved_sha256 not in ("", digest) and locked.signatures.exists():
                # Signed before the bytes were stored (an old row) and now rendering differently: never
                # put other bytes under those signatures.
                raise ApprovedDocumentMismatch(f"{locked.number}: approved document re-renders differently.")
            locked.approved_pdf.save(f"{locked.number}-approved-{digest[:12]}.pdf", ContentFile(pdf), save=False)
            locked.approved_sha256 = digest
            locked.save(update_fields=["approved_pdf", "approved_sha256"])
    agreement.refresh_from_db(fields=["approved_pdf", "approved_sha256"])
    return agreement


def ensure_approved_sha256(agreement: Agreement) -> str:
    """The stored approved document's hash, producing the document first if the task has not run yet."""
    return ensure_approved_pdf(agreement).approved_sha256


@task()
def approved_document(agreement_id: int, attempt: int = 1) -> str:
    return _retrying(approved_document, agreement_id, attempt, lambda a: ensure_approved_pdf(a).approved_sha256)


def _signature_payload(signature: Signature) -> dict[str, str]:
    return {
        "party": signature.party,
        "name": signature.name,
        "role": signature.role,
        "organisation": signature.organisation,
        "signed_at": signature.signed_at.isoformat(),
        "document_sha256": signature.document_sha256,
        "method": signature.method,
        "assurance": signature.assurance,
    }


@transaction.atomic
def agreement_sign(
    *, actor: User, agreement: Agreement, document_sha256: str, authentication: Mapping[str, str] | None = None
) -> Agreement:
    """Record the actor's acceptance of the approved document they were shown (named by its SHA-256).

    `authentication` says how the actor signed in ({"method": "password" | "oidc", "assurance": ...},
    from the session); it is recorded on the signature. The second signature moves the agreement to
    signed; the final PDF is rendered and stored once, after the transaction commits.
    """
    workflow.require(actor, "sign", agreement)
    authentication = {"method": "password", "assurance": "", **(authentication or {})}
    if settings.SIGNING_REQUIRES_OIDC and authentication["method"] != "oidc":
        raise PermissionDenied(
            _("Signing requires signing in through %(provider)s. Log out, sign in with it, and sign again.")
            % {"provider": settings.OIDC_NAME or _("the city's identity provider")}
        )
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    workflow.check(actor, "sign", agreement)
    if not agreement.approved_document_ready:
        raise DocumentNotReady()
    if document_sha256.strip().lower() != agreement.approved_sha256:
        raise ConflictError(_("This is not the approved document. Download the agreement again and check it."))
    party = permissions.party_of(actor, agreement)
    organisation = agreement.snapshot["unit" if party == "school" else "company"]["name"]
    with translation.override(agreement.language):  # frozen into the document, in the document's language
        role = str(actor.member.get_role_display())
    Signature.objects.create(
        agreement=agreement,
        party=party,
        user=actor,
        name=actor.name,
        role=role,
        organisation=organisation,
        document_sha256=agreement.approved_sha256,
        method=authentication["method"],
        assurance=authentication["assurance"],
    )
    if agreement.signatures.count() < 2:
        concurrency.touch(agreement)
        audit.log(actor=actor, obj=agreement, action="sign", frm=agreement.status, data={"party": party})
        other = "company" if party == "school" else "school"
        _tell(
            "agreement_signed",
            agreement,
            audience.pilot_side(agreement.pilot, other),
            actor=actor,
            organisation=organisation,
        )
    else:
        agreement = transition(
            agreement, "sign", actor=actor, by_system=True, data={"party": party}, signed_at=timezone.now()
        )
        _set_status(agreement, agreement.status)
        transaction.on_commit(lambda: produce_later(final_document, agreement.pk), robust=True)
        _tell("agreement_in_force", agreement, _parties(agreement) + _coordinators(agreement), actor=actor)
    return agreement


def ensure_final_pdf(agreement: Agreement) -> Agreement:
    """Render and store the signed agreement's PDF once; afterwards it is only ever read back.

    Renders before taking the row lock (the lock only guards the store), like ensure_approved_pdf.
    """
    agreement.refresh_from_db(fields=["final_pdf", "final_sha256", "status"])
    if agreement.final_sha256 or agreement.status not in (Agreement.Status.SIGNED, Agreement.Status.COMPLETED):
        return agreement
    signatures = [_signature_payload(s) for s in agreement.signatures.all()]
    pdf = sealed_agreement_pdf(agreement.snapshot, signatures=signatures)
    digest = hashlib.sha256(pdf).hexdigest()
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if not locked.final_sha256:
            locked.final_pdf.save(f"{locked.number}-{digest[:12]}.pdf", ContentFile(pdf), save=False)
            locked.final_sha256 = digest
            locked.save(update_fields=["final_pdf", "final_sha256"])
    agreement.refresh_from_db()
    return agreement


@task()
def final_document(agreement_id: int, attempt: int = 1) -> str:
    return _retrying(final_document, agreement_id, attempt, lambda a: ensure_final_pdf(a).final_sha256)


# Producing the documents off the request path, and again after a failure

#: Pauses before the 2nd, 3rd, ... attempt of a document task, where the task backend can defer (django-tasks-db).
#: After these, and with any backend, `documents_due()` (the hourly `send_reminders`, or `render_documents`)
#: tries every missing document again.
DOCUMENT_BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30))


def produce_later(document_task, agreement_id: int) -> None:
    """Queue a document's production after the commit. A queue that is away, or a rendering that fails at once
    (the immediate backend runs it here), never fails the request: the workflow has moved on, the PDF answers
    409 with Retry-After until it is stored, and it is produced again later (see documents_due)."""
    try:
        document_task.enqueue(agreement_id)
    except Exception:
        logger.exception("Could not queue %s for agreement %s; documents_due will.", document_task.name, agreement_id)


def _retrying(document_task, agreement_id: int, attempt: int, produce: Callable[[Agreement], str]) -> str:
    try:
        return produce(Agreement.objects.get(pk=agreement_id))
    except Exception as exc:
        logger.error(
            "Agreement %s: %s failed (attempt %s): %s: %s",
            agreement_id,
            document_task.name,
            attempt,
            type(exc).__name__,
            exc,
        )
        backend = document_task.get_backend()
        if backend.supports_defer and attempt <= len(DOCUMENT_BACKOFF):
            try:
                document_task.using(run_after=timezone.now() + DOCUMENT_BACKOFF[attempt - 1]).enqueue(
                    agreement_id, attempt + 1
                )
            except Exception:
                logger.exception("Could not queue the retry of %s for agreement %s.", document_task.name, agreement_id)
        raise


def documents_due() -> dict[str, int]:
    """Produce every document still missing: the approved PDF of approved agreements, the final PDF of signed
    and completed ones. Idempotent (each is stored once); a failure is logged and left for the next run.
    Returns how many were produced and how many failed."""
    done = {"produced": 0, "failed": 0}
    missing: list[tuple[int, Callable[[Agreement], Agreement]]] = [
        (pk, ensure_approved_pdf)
        for pk in Agreement.objects.filter(status=Agreement.Status.APPROVED, approved_at__isnull=False)
        .filter(models.Q(approved_sha256="") | models.Q(approved_pdf=""))
        .values_list("pk", flat=True)
    ]
    missing += [
        (pk, ensure_final_pdf)
        for pk in Agreement.objects.filter(
            status__in=(Agreement.Status.SIGNED, Agreement.Status.COMPLETED), final_sha256=""
        ).values_list("pk", flat=True)
    ]
    for pk, ensure in missing:
        try:
            ensure(Agreement.objects.get(pk=pk))
        except Exception as exc:
            logger.error("Agreement %s: producing its document failed again: %s: %s", pk, type(exc).__name__, exc)
            done["failed"] += 1
        else:
            done["produced"] += 1
    return done


def agreement_pdf(*, actor: User, agreement: Agreement) -> tuple[bytes, str]:
    """The current PDF: the stored signed or approved bytes, or a fresh draft rendering of the terms as they stand.

    Stored documents are read back, never rendered here; until the task has stored them, DocumentNotReady (409).
    """
    permissions.require(actor, "pdf", agreement)
    if agreement.status in (Agreement.Status.SIGNED, Agreement.Status.COMPLETED):
        if not agreement.final_sha256:
            raise DocumentNotReady(_("The signed document is being prepared, try again in a moment."))
        with agreement.final_pdf.open("rb") as stored:
            return stored.read(), f"{agreement.number}.pdf"
    if agreement.status == Agreement.Status.APPROVED:
        if not agreement.approved_document_ready:
            raise DocumentNotReady()
        with agreement.approved_pdf.open("rb") as stored:
            return stored.read(), f"{agreement.number}-approved.pdf"
    return _draft_pdf(agreement.snapshot), f"{agreement.number}-draft.pdf"


#: How long a draft's rendering is kept: the same terms render to the same bytes, so a party's repeated GETs
#: of an unchanged draft cost a cache read, not another render (at most ~1.5 s of CPU with every field full).
DRAFT_PDF_CACHE_SECONDS = 600


def _draft_pdf(snapshot: dict) -> bytes:
    terms = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    key = "agreement-draft-pdf:" + hashlib.sha256(terms.encode()).hexdigest()
    content = cache.get(key)
    if content is None:
        content = render_agreement_pdf(snapshot, draft=True)
        cache.set(key, content, DRAFT_PDF_CACHE_SECONDS)
    return content
