"""A running pilot made through the services (without rendering any PDF), for the evaluation tests."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from contracts.models import Agreement
from kyky.pilots import services
from kyky.pilots.models import Pilot
from kyky.process import services as process
from tests.factories import NeedFactory, ProposalFactory

HELSINKI = ZoneInfo("Europe/Helsinki")


def running_pilot(*, company, school, representative, principal, levels=("grade_4",), **need) -> Pilot:
    """Applied, accepted, its agreement marked signed and the pilot running; its agreed dates are the factories' spring term, ahead of today."""
    proposal = ProposalFactory(
        organisation=company, levels=["ece", "pre_primary", *[f"grade_{n}" for n in range(1, 10)]]
    )
    need = NeedFactory(organisation=school, levels=list(levels), **need)
    application = services.application_create(actor=representative, proposal=proposal, need=need)
    pilot = process.application_accept(actor=principal, application=application)
    # As if both had signed and one party had marked it started (signing would render and seal PDFs).
    Agreement.objects.filter(pilot=pilot).update(status=Agreement.Status.SIGNED)
    Pilot.objects.filter(pk=pilot.pk).update(status=Pilot.Status.RUNNING)
    return Pilot.objects.select_related("agreement").get(pk=pilot.pk)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=HELSINKI)


ANSWER = {
    "rating": 4,
    "goals": "yes",
    "again": True,
    "worked": "Oppilaat innostuivat.",
    "change": "Lyhyemmät tehtävät.",
}
