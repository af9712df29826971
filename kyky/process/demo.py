"""Loading the demo content of demo_data.py through the same services that users go through."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from kyky.accounts.models import Membership, Organisation, User
from kyky.accounts.services import organisation_get_or_create, user_onboard
from kyky.pilots import services
from kyky.pilots.models import Need, Pilot, Proposal
from kyky.process import demo_data
from kyky.process import services as process

DEMO_PASSWORD = "kyky-demo-2026"
MAIN_ACCOUNTS = (
    "teacher@kyky.example",
    "principal@kyky.example",
    "representative@kyky.example",
    "coordinator@kyky.example",
)


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


@transaction.atomic
def seed_demo() -> DemoSummary:
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
    for row in demo_data.PROPOSALS:
        organisation = organisations[row["organisation"]]
        if Proposal.objects.filter(organisation=organisation, title=row["title"]).exists():
            continue
        actor = representatives[organisation.pk]
        data = {k: v for k, v in row.items() if k not in _PROPOSAL_KEYS}
        proposal = services.proposal_create(actor=actor, data=data)
        if row["status"] in ("published", "closed"):
            services.proposal_publish(actor=actor, proposal=proposal)
        if row["status"] == "closed":
            services.proposal_close(actor=actor, proposal=proposal, comment="Pilot period is full.")
        summary.created += 1

    for row in demo_data.NEEDS:
        organisation = organisations[row["organisation"]]
        if Need.objects.filter(organisation=organisation, title=row["title"]).exists():
            continue
        actor = users[row["created_by"]]
        need = services.need_create(actor=actor, data={k: v for k, v in row.items() if k not in _NEED_KEYS})
        if row["status"] in ("published", "closed"):
            services.need_publish(actor=actor, need=need)
        summary.created += 1

    _seed_signed_pilot(users)

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


def _seed_signed_pilot(users: dict[str, User]) -> None:
    """One pilot taken all the way: applied, accepted, filled in, approved and signed by both parties."""
    from contracts import services as agreements

    row = demo_data.PILOT
    proposal_row = next(p for p in demo_data.PROPOSALS if p["key"] == row["proposal"])
    need_row = next(n for n in demo_data.NEEDS if n["key"] == row["need"])
    proposal = Proposal.objects.get(title=proposal_row["title"])
    need = Need.objects.get(title=need_row["title"])
    if Pilot.objects.filter(proposal=proposal, need=need).exists():
        return
    unit_users = [users[u["email"]] for u in demo_data.USERS if u["organisation"] == need_row["organisation"]]
    principal = next(u for u in unit_users if u.member.role == Membership.Role.PRINCIPAL)
    teacher = users[need_row["created_by"]]
    company_user = next(users[u["email"]] for u in demo_data.USERS if u["organisation"] == proposal_row["organisation"])
    coordinator = next(
        u
        for u in users.values()
        if u.member.role == Membership.Role.COORDINATOR
        and u.member.organisation.municipality_id == need.municipality_id
    )
    application = services.application_create(
        actor=company_user,
        proposal=proposal,
        need=need,
        message="Murtolukuseikkailu sopisi 4B:n tarpeeseen hyvin: pelillinen, tasoon mukautuva ja tableteilla toimiva.",
    )
    agreement = process.application_accept(actor=principal, application=application).agreement
    agreements.agreement_update(
        actor=teacher,
        agreement=agreement,
        data={
            "place": row["place"],
            "groups": row["groups"],
            "pupil_count": row["pupil_count"],
            "contacts": {"school": row["contacts"]["school"]},
        },
    )
    agreements.agreement_update(
        actor=company_user,
        agreement=agreement,
        data={"contacts": {"company": row["contacts"]["company"]}, "personal_data": row["personal_data"]},
    )
    agreements.agreement_submit(actor=teacher, agreement=agreement)
    agreements.agreement_approve(actor=coordinator, agreement=agreement, comment="Sopimus on kunnossa.")
    digest = agreements.ensure_approved_sha256(agreement)
    agreements.agreement_sign(actor=principal, agreement=agreement, document_sha256=digest)
    agreements.agreement_sign(actor=company_user, agreement=agreement, document_sha256=digest)
