"""The steps of the process that cross objects: the one home for each, above both pilots and contracts.

- accepting an application creates the pilot (kyky.pilots) and its draft agreement (contracts);
- cancelling an agreement cancels its pilot, frees the proposal's place and reopens the need;
- completing a pilot completes its agreement, and with an evaluation counts in the provider's reference;
- a matchmaking round's offer that both sides accept becomes an accepted application, its pilot and draft agreement.
Each runs in one transaction: either every object moves, or none does.
"""

from __future__ import annotations

from django.db import transaction

from contracts import services as agreements
from contracts.models import Agreement
from kyky.accounts.models import User
from kyky.core import notifications
from kyky.matching import services as matching
from kyky.matching.models import Offer
from kyky.pilots import audience
from kyky.pilots import services as pilots
from kyky.pilots.models import Application, Pilot
from kyky.pilots.permissions import side_of
from kyky.references import services as references


def _school_contact(pilot: Pilot, fallback: User) -> User:
    """The school's contact on a new agreement: the teacher whose need it is, while they work at the unit; not
    the principal who accepted on the unit's behalf."""
    author = pilot.need.created_by
    if author.is_active and side_of(author, unit_id=pilot.unit_id, company_id=pilot.company_id) == "school":
        return author
    return fallback


@transaction.atomic
def application_accept(*, actor: User, application: Application, comment: str = "") -> Pilot:
    """Accept the application: a pilot, and its draft agreement prefilled from both sides."""
    pilot = pilots.application_accept(actor=actor, application=application, comment=comment)
    application = pilot.application
    school_user, company_user = (
        (application.created_by, actor) if application.initiated_by == "school" else (actor, application.created_by)
    )
    agreement = agreements.agreement_create(
        actor=actor, pilot=pilot, school_user=_school_contact(pilot, school_user), company_user=company_user
    )
    matching.offers_lapse(need_id=pilot.need_id, actor=actor)  # the need's other offers free their places
    notifications.event(
        "application_accepted",
        audience.application_side(application, application.initiated_by),
        data={**pilots.application_facts(application), "number": agreement.number, "comment": comment},
        path=agreements.agreement_path(agreement),
        actor=actor,
    )
    return pilot


@transaction.atomic
def offer_accept(*, actor: User, offer: Offer, comment: str = "") -> Offer:
    """The actor's side accepts the offer; when the other side already has, the pilot and its agreement follow.

    The offer kept its place since the round was confirmed. If the pair can no longer be accepted (the
    proposal closed, the need found another pilot) the whole step answers 409 and nothing changes.
    """
    offer = matching.offer_accept(actor=actor, offer=offer, comment=comment)
    if offer.status != Offer.Status.ACCEPTED:
        return offer
    side = "school" if offer.school_answered_by_id == actor.pk else "company"
    first_side = "company" if side == "school" else "school"
    first_user = offer.company_answered_by if first_side == "company" else offer.school_answered_by
    pilot = pilots.application_from_offer(
        actor=actor,
        proposal=offer.proposal,
        need=offer.need,
        first_side=first_side,
        first_user=first_user,
        offer_id=offer.pk,
    )
    agreement = agreements.agreement_create(
        actor=actor,
        pilot=pilot,
        school_user=_school_contact(pilot, offer.school_answered_by),
        company_user=offer.company_answered_by,
    )
    Offer.objects.filter(pk=offer.pk).update(application=pilot.application)
    matching.offers_lapse(need_id=offer.need_id, actor=actor, keep=offer.pk)
    for kind in ("school", "company"):
        notifications.event(
            "offer_accepted",
            audience.application_side(pilot.application, kind),
            data={**matching.offer_facts(offer), "number": agreement.number},
            path=agreements.agreement_path(agreement),
            actor=actor,
        )
    offer.refresh_from_db()
    return offer


@transaction.atomic
def agreement_cancel(*, actor: User, agreement: Agreement, comment: str = "") -> Agreement:
    """Cancel the agreement; its pilot is cancelled, the place freed and the need open again."""
    agreement = agreements.agreement_cancel(actor=actor, agreement=agreement, comment=comment)
    pilots.pilot_release(actor=actor, pilot=agreement.pilot, comment=comment)
    return agreement


@transaction.atomic
def pilot_complete(*, actor: User, pilot: Pilot, comment: str = "") -> Pilot:
    """The coordinator completes the pilot; its signed agreement is completed with it, and a pilot with an
    evaluation gives the provider its "Co-created with the schools of <city>" reference."""
    pilot = pilots.pilot_complete(actor=actor, pilot=pilot, comment=comment)
    agreements.agreement_complete(actor=actor, agreement=pilot.agreement)
    references.reference_for_pilot(actor=actor, pilot=pilot)
    return pilot
