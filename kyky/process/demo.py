"""Loading the demo content of demo_data.py through the same services that users go through.

The demo is dated relative to the day it is loaded (see demo_data): the open rows lie ahead in the
coming school year, and the history happened in the previous one. It is only for development sites:
``seed_demo`` refuses with DEBUG off (the command checks that), and it never touches an organisation it
did not create itself (``Organisation.is_demo``).
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from contracts import sealing
from kyky.accounts.models import Membership, Organisation, User
from kyky.accounts.services import organisation_get_or_create, user_onboard
from kyky.pilots import services
from kyky.pilots.models import Application, Need, Pilot, Proposal
from kyky.process import demo_data
from kyky.process import services as process

DEMO_PASSWORD = "kyky-demo-2026"
MAIN_ACCOUNTS = (
    "teacher@kyky.example",
    "principal@kyky.example",
    "representative@kyky.example",
    "coordinator@kyky.example",
)


class DemoRefused(Exception):
    """The demo would have to reuse something that is not the demo's own; nothing was added."""


@dataclass
class DemoSummary:
    organisations: int = 0
    users: int = 0
    proposals: int = 0
    needs: int = 0
    pilots: int = 0
    created: int = 0
    accounts: list[tuple[str, str, str]] = field(default_factory=list)


_PROPOSAL_KEYS = {"key", "organisation", "status"}
_NEED_KEYS = {"key", "organisation", "created_by", "status"}


def _refuse_foreign_rows() -> None:
    """Refuse before adding anything if a demo organisation or account already exists outside the demo."""
    clashes = []
    for row in demo_data.ORGANISATIONS:
        same = Q(name=row["name"], municipality_id=row["municipality"])
        if row.get("business_id"):
            same |= Q(business_id=row["business_id"])
        clashes += Organisation.objects.filter(same, is_demo=False).values_list("name", flat=True)
    emails = [row["email"] for row in demo_data.USERS]
    foreign_users = (
        User.objects.filter(email__in=emails)
        .exclude(membership__organisation__is_demo=True)
        .values_list("email", flat=True)
    )
    if clashes or foreign_users:
        names = ", ".join(sorted(set(clashes)) + sorted(foreign_users))
        raise DemoRefused(
            f"The demo was not loaded: these already exist and were not created by the demo: {names}. "
            "Load the demo into an empty database."
        )


@transaction.atomic
def seed_demo(today: date | None = None) -> DemoSummary:
    today = today or timezone.localdate()
    _refuse_foreign_rows()
    # The signed demo agreements are sealed once this transaction commits; without a configured seal
    # that is the development one, so it must exist before then (as `make run`'s create_dev_seal makes it).
    sealing.ensure_dev_seal()
    summary = DemoSummary()
    organisations: dict[str, Organisation] = {}
    for row in demo_data.ORGANISATIONS:
        organisation, created = organisation_get_or_create(
            name=row["name"],
            kind=row["kind"],
            municipality=row["municipality"],
            business_id=row.get("business_id") or "",
            languages=row.get("languages") or [],
        )
        if created:
            organisation.is_demo = True
            organisation.save(update_fields=["is_demo"])
        organisations[row["key"]] = organisation
        summary.created += created

    users: dict[str, User] = {}
    for row in demo_data.USERS:
        existed = User.objects.filter(email__iexact=row["email"]).exists()
        user, _membership, _created, _password = user_onboard(
            organisation=organisations[row["organisation"]],
            email=row["email"],
            role=row["role"],
            name=row["name"],
            password=None if existed else DEMO_PASSWORD,
        )
        users[row["email"]] = user
        summary.created += not existed

    representatives = {
        m.organisation_id: m.user
        for m in Membership.objects.filter(role=Membership.Role.REPRESENTATIVE).select_related("user").order_by("-id")
    }
    for row in demo_data.history(today):  # first, so that ids and agreement numbers follow the calendar
        summary.created += _seed_past_pilot(users, representatives, organisations, row)

    proposal_rows = demo_data.proposals(today)
    for row in proposal_rows:
        actor = representatives[organisations[row["organisation"]].pk]
        summary.created += _proposal(actor, row) is not None

    need_rows = demo_data.needs(today)
    for row in need_rows:
        summary.created += _need(users[row["created_by"]], row) is not None

    _seed_signed_pilot(users, proposal_rows, need_rows)
    _seed_round(users, today)

    summary.organisations = Organisation.objects.count()
    summary.users = User.objects.count()
    summary.proposals = Proposal.objects.count()
    summary.needs = Need.objects.count()
    summary.pilots = Pilot.objects.count()
    demo_emails = [row["email"] for row in demo_data.USERS]
    for email in demo_emails:
        user = users[email]
        member = user.member
        summary.accounts.append((email, member.get_role_display(), member.organisation.name))
    return summary


def _proposal(actor: User, row: dict[str, Any]) -> Proposal | None:
    """Create (and publish, and close) a proposal; None if the company already has one with that title."""
    if Proposal.objects.filter(organisation=actor.member.organisation, title=row["title"]).exists():
        return None
    proposal = services.proposal_create(actor=actor, data={k: v for k, v in row.items() if k not in _PROPOSAL_KEYS})
    if row.get("status", "published") in ("published", "closed"):
        services.proposal_publish(actor=actor, proposal=proposal)
    if row.get("status") == "closed":
        services.proposal_close(actor=actor, proposal=proposal, comment="Pilot period is full.")
    return proposal


def _need(actor: User, row: dict[str, Any]) -> Need | None:
    if Need.objects.filter(organisation=actor.member.organisation, title=row["title"]).exists():
        return None
    need = services.need_create(actor=actor, data={k: v for k, v in row.items() if k not in _NEED_KEYS})
    if row.get("status", "published") in ("published", "closed"):
        services.need_publish(actor=actor, need=need)
    return need


def _cast(users: dict[str, User], proposal: Proposal, need: Need) -> tuple[User, User, User, User]:
    """The need's teacher and its unit's principal, the company's representative and the unit's coordinator."""
    teacher = need.created_by
    principal = next(
        u for u in users.values() if u.member.organisation_id == need.organisation_id and u.member.role == "principal"
    )
    company_user = next(
        u
        for u in users.values()
        if u.member.organisation_id == proposal.organisation_id and u.member.role == "representative"
    )
    coordinator = next(
        u
        for u in users.values()
        if u.member.role == Membership.Role.COORDINATOR
        and u.member.organisation.municipality_id == need.municipality_id
    )
    return teacher, principal, company_user, coordinator


def _agree(application: Application, users: dict[str, User], details: dict[str, Any], *, clock=None) -> Pilot:
    """Accept the application and take its agreement to signed: filled in, submitted, approved, signed twice.

    ``clock(days)`` (if given) moves the clock to that many days after the acceptance between the steps.
    """
    from contracts import services as agreements

    step = clock or (lambda days: nullcontext())
    teacher, principal, company_user, coordinator = _cast(users, application.proposal, application.need)
    answering = principal if application.initiated_by == "company" else company_user
    with step(0):
        pilot = process.application_accept(actor=answering, application=application)
    agreement = pilot.agreement
    school, company = details.get("contacts", {}).get("school"), details.get("contacts", {}).get("company")
    with step(1):
        school_part = {k: details[k] for k in ("place", "groups", "pupil_count") if k in details}
        if school:
            school_part["contacts"] = {"school": school}
        agreements.agreement_update(actor=teacher, agreement=agreement, data=school_part)
        company_part = {"contacts": {"company": company}} if company else {}
        if "personal_data" in details:
            company_part["personal_data"] = details["personal_data"]
        if company_part:
            agreements.agreement_update(actor=company_user, agreement=agreement, data=company_part)
        agreements.agreement_submit(actor=teacher, agreement=agreement)
        agreements.agreement_submit(actor=company_user, agreement=agreement)
    with step(3):
        agreements.agreement_approve(actor=coordinator, agreement=agreement, comment="Sopimus on kunnossa.")
        digest = agreements.ensure_approved_sha256(agreement)
    with step(6):
        agreements.agreement_sign(actor=principal, agreement=agreement, document_sha256=digest)
    with step(7):
        agreements.agreement_sign(actor=company_user, agreement=agreement, document_sha256=digest)
    pilot.refresh_from_db()
    return pilot


def _seed_signed_pilot(users: dict[str, User], proposal_rows: list[dict], need_rows: list[dict]) -> None:
    """One pilot of the coming term taken all the way: applied, accepted, filled in, approved and signed by both."""
    row = demo_data.PILOT
    proposal_row = next(p for p in proposal_rows if p["key"] == row["proposal"])
    need_row = next(n for n in need_rows if n["key"] == row["need"])
    proposal = Proposal.objects.get(title=proposal_row["title"])
    need = Need.objects.get(title=need_row["title"])
    if Pilot.objects.filter(proposal=proposal, need=need).exists():
        return
    company_user = _cast(users, proposal, need)[2]
    application = services.application_create(
        actor=company_user,
        proposal=proposal,
        need=need,
        message="Murtolukuseikkailu sopisi 4B:n tarpeeseen hyvin: pelillinen, tasoon mukautuva ja tableteilla toimiva.",
    )
    _agree(application, users, row)


def _seed_past_pilot(
    users: dict[str, User],
    representatives: dict[int, User],
    organisations: dict[str, Organisation],
    row: dict[str, Any],
) -> int:
    """A pilot of the previous school year, made through the real services with the clock where it was.

    The services rightly refuse to publish a proposal or a need that has already ended, and a pilot's
    history (published, applied, accepted, agreed, signed, started, given feedback, completed) only reads
    true if each step happened before the next and before the pilot's end. So every step is taken through
    the same services as the open demo, with the clock travelled (time-machine) to the weekday when it
    happened: weeks before the pilot's start for the publishing and the agreement, the first day for the
    start, the last day for the feedback and the Monday after for the completion. The audit entries,
    agreement number, signatures and timestamps therefore agree with each other. Only the clock of this
    process moves, and only for the duration of each step. Returns how many rows were created (0 or 1).
    """
    import time_machine  # a development dependency, like the demo itself

    def at(day: date, hour: int = 10):
        moment = timezone.make_aware(datetime.combine(day, time(hour)))
        return time_machine.travel(moment, tick=True)

    proposal_row, need_row = row["proposal"], row["need"]
    company = organisations[proposal_row["organisation"]]
    if Proposal.objects.filter(organisation=company, title=proposal_row["title"]).exists():
        return 0
    starts_on, ends_on = proposal_row["starts_on"], proposal_row["ends_on"]
    before = starts_on - timedelta(weeks=6)  # a Monday: the terms' pilots start on Mondays
    with at(before):
        proposal = _proposal(representatives[company.pk], proposal_row)
    with at(before + timedelta(days=1)):
        need = _need(users[need_row["created_by"]], need_row)
    teacher, principal, company_user, coordinator = _cast(users, proposal, need)
    applicant = company_user if row["initiated_by"] == "company" else teacher
    with at(before + timedelta(weeks=1)):
        application = services.application_create(actor=applicant, proposal=proposal, need=need, message=row["message"])
    accepted = before + timedelta(weeks=1, days=1)
    pilot = _agree(application, users, row["agreement"], clock=lambda days: at(accepted + timedelta(days=days)))
    with at(starts_on, 9):
        pilot = services.pilot_start(actor=teacher, pilot=pilot)
    with at(ends_on, 14):
        for side, actor in (("school", teacher), ("company", company_user)):
            services.pilot_feedback(actor=actor, pilot=pilot, **row["feedback"][side])
    with at(ends_on + timedelta(days=3)):
        process.pilot_complete(actor=coordinator, pilot=pilot, comment=row["complete_comment"])
        services.proposal_close(actor=company_user, proposal=proposal, comment=row["close_comment"])
    return 1


def _seed_round(users: dict[str, User], today: date) -> None:
    """Espoo's coordinator runs a matchmaking round over the coming spring and confirms it: its pairs are
    open offers, so the demo's teachers, principals and companies find one waiting on their start pages."""
    from kyky.matching import services as matching
    from kyky.matching.models import Round

    coordinator = users["coordinator@kyky.example"]
    municipality = coordinator.member.organisation.municipality_id
    if Round.objects.filter(municipality_id=municipality).exists():
        return
    spring = demo_data.demo_year(today).spring
    draft = matching.round_create(actor=coordinator, starts_on=spring.starts_on, ends_on=spring.ends_on)
    matching.round_confirm(actor=coordinator, round_=draft, comment="Kevään pilotit: vastatkaa kahden viikon sisällä.")
