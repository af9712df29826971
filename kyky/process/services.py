"""The steps of the process that cross objects: the one home for each, above both pilots and contracts.

- accepting an application creates the pilot (kyky.pilots) and its draft agreement (contracts);
- cancelling an agreement cancels its pilot, frees the proposal's place and reopens the need;
- completing a pilot completes its agreement.
Each runs in one transaction: either every object moves, or none does.
"""

from __future__ import annotations

from django.db import transaction

from contracts import services as agreements
from contracts.models import Agreement
from kyky.accounts.models import User
from kyky.pilots import services as pilots
from kyky.pilots.models import Application, Pilot
from kyky.pilots.permissions import side_of


@transaction.atomic
def application_accept(*, actor: User, application: Application, comment: str = "") -> Pilot:
    """Accept the application: a pilot, and its draft agreement prefilled from both sides."""
    pilot = pilots.application_accept(actor=actor, application=application, comment=comment)
    application = pilot.application
    school_user, company_user = (
        (application.created_by, actor) if application.initiated_by == "school" else (actor, application.created_by)
    )
    # The school's contact is the teacher whose need it is, while they work at the unit; not the principal
    # who accepted on the unit's behalf.
    need_author = pilot.need.created_by
    if need_author.is_active and side_of(need_author, unit_id=pilot.unit_id, company_id=pilot.company_id) == "school":
        school_user = need_author
    agreements.agreement_create(actor=actor, pilot=pilot, school_user=school_user, company_user=company_user)
    return pilot


@transaction.atomic
def agreement_cancel(*, actor: User, agreement: Agreement, comment: str = "") -> Agreement:
    """Cancel the agreement; its pilot is cancelled, the place freed and the need open again."""
    agreement = agreements.agreement_cancel(actor=actor, agreement=agreement, comment=comment)
    pilots.pilot_release(actor=actor, pilot=agreement.pilot, comment=comment)
    return agreement


@transaction.atomic
def pilot_complete(*, actor: User, pilot: Pilot, comment: str = "") -> Pilot:
    """The coordinator completes the pilot; its signed agreement is completed with it."""
    pilot = pilots.pilot_complete(actor=actor, pilot=pilot, comment=comment)
    agreements.agreement_complete(actor=actor, agreement=pilot.agreement)
    return pilot
