"""Who an event about a pairing concerns, on each side: the one home of this rule for every notice.

- a unit's side of a need: the teacher who wrote the need, whoever in the unit sent the application,
  and the unit's principals (who accept and sign for it);
- a company's side: its representatives.
Coordinators hear of agreements waiting for their approval and of agreements in force (contracts).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kyky.accounts.models import Membership, User
from kyky.pilots.models import Application, Need, Pilot, Proposal


def school_side(need: Need, *also: User | None) -> list[User]:
    people = (
        User.objects.filter(is_active=True, membership__organisation_id=need.organisation_id)
        .filter(
            Q(pk=need.created_by_id)
            | Q(membership__role=Membership.Role.PRINCIPAL)
            | Q(pk__in=[u.pk for u in also if u is not None])
        )
        .order_by("pk")
    )
    return list(people)


def company_side(proposal: Proposal) -> list[User]:
    return list(_representatives(proposal.organisation_id))


def _representatives(company_id: int) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, membership__organisation_id=company_id, membership__role=Membership.Role.REPRESENTATIVE
    ).order_by("pk")


def side(kind: str, *, need: Need, proposal: Proposal, also: tuple[User | None, ...] = ()) -> list[User]:
    """The people of one side ("school" or "company") of a need and a proposal."""
    return school_side(need, *also) if kind == "school" else company_side(proposal)


def application_side(application: Application, kind: str) -> list[User]:
    sender = application.created_by if application.initiated_by == kind else None
    return side(kind, need=application.need, proposal=application.proposal, also=(sender,))


def pilot_side(pilot: Pilot, kind: str) -> list[User]:
    return application_side(pilot.application, kind)


def pilot_parties(pilot: Pilot) -> list[User]:
    return pilot_side(pilot, "school") + pilot_side(pilot, "company")
