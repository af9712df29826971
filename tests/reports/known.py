"""A municipality's data with known figures, made through the services and then set to known states and times.

In Espoo, in the period (today − 200 days … a week after the factories' spring term, when the pilots are agreed
to run):
- pilots A (Auroran koulu, a company; mathematics, grade 4, Finnish), completed, evaluated 5 and 4;
  B (a day-care centre, an association; foreign languages and mathematics, pre-primary, Swedish), running, the
  day-care's evaluation 1 not counted (not completed); C (a company), cancelled; E (another school, a research
  organisation; environmental studies, grade 1, Finnish), completed, evaluated 3 (faces sad) and 2;
- agreements signed 10, 20 and 40 days after their needs were published (A, B, E): median 20.0 days;
- proposals: 1 draft (serving every municipality), 4 published, 1 closed; needs: 2 published, 1 matched,
  2 closed; applications: 3 accepted, 1 cancelled, 1 pending, 1 declined;
and outside it: a Vantaa pilot with its rows, a proposal serving only Vantaa, and a pilot (with its agreement,
proposal and need) of a year before, its application sent then.
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from contracts.models import Agreement
from kyky.catalog.models import Language, Municipality
from kyky.pilots import services
from kyky.pilots.models import Application, Need, Pilot, Proposal
from kyky.reports.selectors import Period
from tests.conftest import _member
from tests.factories import CompanyFactory, NeedFactory, OrganisationFactory, ProposalFactory, spring
from tests.pilots.running import ANSWER, running_pilot


def build(*, school, company, representative, principal, teacher) -> SimpleNamespace:
    today = timezone.localdate()
    period = Period(today - timedelta(days=200), spring().last_friday + timedelta(days=7))
    before = period.start - timedelta(days=1)
    last_year = {"starts_on": today - timedelta(days=400), "ends_on": today - timedelta(days=300)}
    vantaa = Municipality.objects.get(pk="vantaa")

    daycare = OrganisationFactory(name="Päiväkoti Kielokumpu", kind="daycare", languages=["sv"])
    other_school = OrganisationFactory(name="Tapiolan koulu")
    association = CompanyFactory(name="Lukuliike ry", kind="association", business_id="")
    university = CompanyFactory(name="Otaniemen yliopisto", kind="research", business_id="")
    vantaa_school = OrganisationFactory(name="Peltolaakson koulu", municipality=vantaa)
    director = _member(daycare, "principal", "johtaja@kielokumpu.example")
    daycare_teacher = _member(daycare, "teacher", "ope@kielokumpu.example")
    other_principal = _member(other_school, "principal", "rehtori@tapiola.example")
    volunteer = _member(association, "representative", "v@lukuliike.example")
    researcher = _member(university, "representative", "tutkija@yliopisto.example")
    vantaa_principal = _member(vantaa_school, "principal", "rehtori@peltolaakso.example")

    def pilot(unit, provider, provider_user, unit_principal, levels, subjects, language="fi"):
        return running_pilot(company=provider, school=unit, representative=provider_user, principal=unit_principal,
                             levels=levels, subjects=subjects, language=Language.objects.get(pk=language))  # fmt: skip

    a = pilot(school, company, representative, principal, ["grade_4"], ["mathematics"])
    b = pilot(daycare, association, volunteer, director, ["pre_primary"], ["foreign_languages", "mathematics"], "sv")
    c = pilot(school, company, representative, principal, ["grade_4", "grade_5"], ["mathematics"])
    e = pilot(other_school, university, researcher, other_principal, ["grade_1"], ["environmental_studies"])
    v = pilot(vantaa_school, company, representative, vantaa_principal, ["grade_4"], ["mathematics"])
    Proposal.objects.get(pk=v.proposal_id).municipalities.set([vantaa])

    # The evaluations (given while running), then the known states and times.
    services.pilot_feedback(actor=teacher, pilot=a, **{**ANSWER, "rating": 5, "goals": "yes", "again": True})
    services.pilot_feedback(actor=representative, pilot=a, **{**ANSWER, "rating": 4, "goals": "partly"})
    services.pilot_feedback(actor=daycare_teacher, pilot=b, **{**ANSWER, "rating": 1, "goals": "no"})
    services.pilot_feedback(actor=other_principal, pilot=e,
                            **{**ANSWER, "rating": 3, "goals": "no", "again": False, "faces": "sad"})  # fmt: skip
    services.pilot_feedback(actor=researcher, pilot=e, **{**ANSWER, "rating": 2, "goals": "yes"})
    services.pilot_feedback(actor=vantaa_principal, pilot=v, **{**ANSWER, "rating": 1})

    now = timezone.now()
    Pilot.objects.filter(pk__in=[a.pk, e.pk, v.pk]).update(status="completed", completed_at=now)
    Pilot.objects.filter(pk=c.pk).update(status="cancelled")
    Agreement.objects.filter(pilot__in=[a, e, v]).update(status="completed")
    Agreement.objects.filter(pilot=c).update(status="cancelled")
    published = {}
    for item, days in ((a, 10), (b, 20), (e, 40), (v, 5)):
        published[item.pk] = now - timedelta(days=days + 1)
        Need.objects.filter(pk=item.need_id).update(published_at=published[item.pk])
        Agreement.objects.filter(pilot=item).update(signed_at=published[item.pk] + timedelta(days=days))
    Need.objects.filter(pk__in=[a.need_id, e.need_id]).update(status="closed")
    Need.objects.filter(pk=b.need_id).update(status="matched")
    Need.objects.filter(pk=c.need_id).update(status="published")
    Application.objects.filter(pk=c.application_id).update(status="cancelled")

    # Two more applications on a new need: one pending, one declined.
    extra_need = NeedFactory(organisation=school, title="Lisätarve")
    Proposal.objects.filter(pk__in=[a.proposal_id, b.proposal_id]).update(groups_accepted=0)
    pending = services.application_create(actor=representative, proposal=a.proposal, need=extra_need)
    declined = services.application_create(actor=volunteer, proposal=b.proposal, need=extra_need)
    Application.objects.filter(pk=declined.pk).update(status="declined")

    # Proposals: a draft serving every municipality, a closed one, one serving only Vantaa.
    ProposalFactory(organisation=company, status="draft", municipalities=[])
    ProposalFactory(organisation=company, status="closed")
    ProposalFactory(organisation=company, municipalities=["vantaa"])
    # Before the period: a proposal, a need, and a pilot with its agreement (signed then) and application.
    old_proposal = ProposalFactory(organisation=company, **last_year)
    NeedFactory(organisation=school, status="published", **last_year)
    old = pilot(school, company, representative, principal, ["grade_9"], ["history"])
    Pilot.objects.filter(pk=old.pk).update(status="completed", completed_at=before)
    agreement = Agreement.objects.get(pilot=old)
    terms = {**agreement.snapshot["pilot"], **{key: day.isoformat() for key, day in last_year.items()}}
    Agreement.objects.filter(pk=agreement.pk).update(
        snapshot={**agreement.snapshot, "pilot": terms}, signed_at=before, status="completed"
    )
    Application.objects.filter(pk=old.application_id).update(created_at=before)
    Proposal.objects.filter(pk__in=[old_proposal.pk, old.proposal_id]).update(**last_year)
    Need.objects.filter(pk=old.need_id).update(**last_year)

    return SimpleNamespace(period=period, pilots=SimpleNamespace(a=a, b=b, c=c, e=e, v=v, old=old),
                           pending=pending, declined=declined)  # fmt: skip


EXPECTED = {
    "proposals": {"draft": 1, "published": 4, "closed": 1},
    "needs": {"draft": 0, "published": 2, "matched": 1, "closed": 2},
    "applications": {"pending": 1, "accepted": 3, "declined": 1, "withdrawn": 0, "cancelled": 1},
    "pilots": {"planned": 0, "running": 1, "completed": 2, "cancelled": 1},
    "agreements": {
        "draft": 0, "submitted": 0, "returned": 0, "approved": 0, "signed": 1, "completed": 2, "cancelled": 1,
    },
    "median_days_to_signed": 20.0,
    "signed_agreements": 3,
    "by_subject": [
        {"code": "mathematics", "name": "Mathematics", "pilots": 2},
        {"code": "foreign_languages", "name": "Foreign languages", "pilots": 1},
        {"code": "environmental_studies", "name": "Environmental studies", "pilots": 1},
    ],
    "by_level": [
        {"code": "pre_primary", "name": "Pre-primary education (age 6)", "pilots": 1},
        {"code": "grade_1", "name": "Grade 1", "pilots": 1},
        {"code": "grade_4", "name": "Grade 4", "pilots": 1},
    ],
    "by_language": [
        {"code": "fi", "name": "Finnish", "pilots": 2},
        {"code": "sv", "name": "Swedish", "pilots": 1},
    ],
    "by_unit_kind": [
        {"code": "school", "name": "school", "pilots": 2},
        {"code": "daycare", "name": "day-care centre", "pilots": 1},
    ],
    "ratings": {"school": 4.0, "company": 3.0},
    "companies": 3,
    "units": 3,
    "providers": {"company": 1, "association": 1, "research": 1},
}  # fmt: skip
