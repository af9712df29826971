"""manage.py seed_demo: a realistic demo dated around today, loaded through the services, never duplicated."""

from __future__ import annotations

import datetime as dt
import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from stdnum.fi import ytunnus

from contracts.models import Agreement
from kyky.accounts.models import Membership, Organisation, User
from kyky.core.models import AuditEntry
from kyky.core.schoolyear import school_year
from kyky.pilots.models import Need, Pilot, Proposal
from tests.conftest import HELSINKI
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _development_site(settings):
    settings.DEBUG = True


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_demo_is_realistic_and_prints_the_accounts(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        output = seed()
    for email in (
        "teacher@kyky.example",
        "principal@kyky.example",
        "representative@kyky.example",
        "coordinator@kyky.example",
    ):
        assert email in output
        assert User.objects.get(email=email).check_password("kyky-demo-2026")
    units = Organisation.objects.filter(kind__in=["school", "daycare"], municipality="espoo")
    assert units.count() >= 8
    assert units.filter(kind="daycare").exists()
    assert units.filter(languages="sv").exists() and units.filter(languages="fi").exists()
    companies = Organisation.objects.filter(kind="company")
    assert companies.count() >= 6
    assert all(ytunnus.is_valid(c.business_id) for c in companies)
    assert not Organisation.objects.filter(is_demo=False).exists()
    assert Proposal.objects.count() >= 20
    assert Need.objects.count() >= 15
    assert Proposal.objects.filter(status="published").count() >= 15
    assert Need.objects.filter(status="published").count() >= 10
    assert set(Membership.objects.values_list("role", flat=True)) == {
        "teacher",
        "principal",
        "representative",
        "coordinator",
    }
    # Loaded through the services: every published item has its audit trail.
    published = Proposal.objects.filter(status="published").first()
    assert AuditEntry.objects.filter(object_id=published.pk, to_state="published").exists()
    # A pilot with an agreement signed by both parties, its PDF stored and verifiable.
    agreement = Agreement.objects.get(status="signed")
    assert agreement.signatures.count() == 2
    assert agreement.snapshot["personal_data"]["processed"] is True
    assert hashlib.sha256(agreement.final_pdf.read()).hexdigest() == agreement.final_sha256
    # Providers beyond companies: an association without a business ID and a university with one.
    association = Organisation.objects.get(kind="association")
    university = Organisation.objects.get(kind="research")
    assert association.business_id == "" and ytunnus.is_valid(university.business_id)
    for provider in (association, university):
        assert Proposal.objects.filter(organisation=provider, status="published").exists()
        assert Membership.objects.filter(organisation=provider, role="representative").exists()
    # Completed pilots evaluated in the new shape, and the references they earned.
    from kyky.pilots.models import Feedback
    from kyky.references.models import Reference

    assert Feedback.objects.exclude(goals="").filter(again__isnull=False).count() >= 6
    assert Feedback.objects.filter(faces="happy", side="school").count() >= 2
    references = Reference.objects.filter(status="valid")
    assert references.count() == Pilot.objects.filter(status="completed").count() >= 3
    assert references.filter(provider=association, units="daycares").exists()


@pytest.mark.parametrize(
    "day",
    [
        dt.date(2026, 12, 28),  # the Christmas break: the coming term is spring
        dt.date(2027, 8, 16),  # mid-August: the autumn term has just started
        dt.date(2028, 2, 29),  # a leap day in the spring term
        dt.date(2027, 9, 15),
    ],
    ids=str,
)
def test_the_demo_is_current_on_any_day(time_machine, day):
    time_machine.move_to(dt.datetime.combine(day, dt.time(9), tzinfo=HELSINKI), tick=True)
    seed("--if-empty")
    today = timezone.localdate()
    assert today == day
    # Open offers and needs that start ahead, within about a school year; nothing open has ended.
    for model in (Proposal, Need):
        open_rows = model.objects.filter(status="published")
        assert open_rows.count() >= 10
        assert not open_rows.filter(ends_on__lt=today).exists()
        assert open_rows.filter(starts_on__gt=today, starts_on__lte=today + dt.timedelta(days=366)).count() >= 10
        assert all(row.starts_on.weekday() == 0 and row.ends_on.weekday() == 4 for row in model.objects.all())
    # A confirmed matchmaking round's open offer waits on the main teacher's start page.
    from kyky.process.selectors import user_tasks

    teacher = User.objects.get(email="teacher@kyky.example")
    offers = [task for task in user_tasks(actor=teacher, include_matches=False) if task.kind == "offer"]
    assert offers and all(task.due_on > today for task in offers)
    # One pilot of the coming term with a signed agreement.
    signed = Agreement.objects.get(status="signed")
    assert signed.pilot.status == "planned" and signed.pilot.need.starts_on > today
    # History: completed pilots of the previous school year, with feedback from both sides, told in order.
    previous = school_year(today).previous()
    completed = Pilot.objects.filter(status="completed")
    assert completed.count() >= 3
    for pilot in completed:
        assert previous.autumn_start <= pilot.need.starts_on and pilot.need.ends_on <= previous.spring_end
        assert sorted(pilot.feedback.values_list("side", flat=True)) == ["company", "school"]
        assert pilot.agreement.status == "completed"
        assert pilot.agreement.number.startswith(f"KYKY-{pilot.created_at.astimezone(HELSINKI).year}-")
        assert pilot.started_at.date() == pilot.need.starts_on
        assert pilot.completed_at.date() > pilot.need.ends_on
        assert pilot.completed_at < timezone.now()
        for obj in (pilot.proposal, pilot.need, pilot.application, pilot, pilot.agreement):
            trail = AuditEntry.objects.filter(object_id=obj.pk, content_type__model=obj._meta.model_name)
            times = list(trail.order_by("id").values_list("created_at", flat=True))
            assert times and times == sorted(times) and times[-1] < timezone.now()
        publishing = AuditEntry.objects.get(
            object_id=pilot.proposal_id, content_type__model="proposal", to_state="published"
        )
        assert publishing.created_at.date() < pilot.proposal.starts_on
    # Running again that day adds nothing.
    counts = (Organisation.objects.count(), Proposal.objects.count(), Pilot.objects.count(), AuditEntry.objects.count())
    seed()
    assert (
        Organisation.objects.count(),
        Proposal.objects.count(),
        Pilot.objects.count(),
        AuditEntry.objects.count(),
    ) == counts


def test_running_twice_duplicates_nothing():
    seed()
    counts = (Organisation.objects.count(), User.objects.count(), Proposal.objects.count(), Need.objects.count())
    seed()
    assert (
        Organisation.objects.count(),
        User.objects.count(),
        Proposal.objects.count(),
        Need.objects.count(),
    ) == counts


def test_if_empty_leaves_an_existing_database_alone(school):
    output = seed("--if-empty")
    assert "not loaded" in output
    assert Proposal.objects.count() == 0


def test_refuses_on_a_site_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        seed()
    assert not Organisation.objects.exists() and not User.objects.exists()


def test_never_reuses_an_organisation_it_did_not_create():
    real = CompanyFactory(name="Laskuri Labs Oy", municipality_id="espoo")
    with pytest.raises(CommandError, match="Laskuri Labs Oy"):
        seed()
    assert list(Organisation.objects.all()) == [real]
    assert not User.objects.exists() and not Proposal.objects.exists()


def test_never_reuses_an_account_it_did_not_create(school):
    Membership.objects.create(user=User.objects.create_user(email="teacher@kyky.example"), organisation=school)
    with pytest.raises(CommandError, match="teacher@kyky.example"):
        seed()
    assert list(Organisation.objects.all()) == [school]


def test_without_a_seal_yet_the_demo_makes_the_development_seal_and_seals_its_signed_agreement(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    """`seed_demo` alone (without `make run`'s create_dev_seal first) still loads a whole demo."""
    from contracts.models import Agreement

    settings.SEAL_P12_FILE = str(tmp_path / "seal" / "dev-seal.p12")
    settings.SEAL_PASSWORD_FILE = str(tmp_path / "seal" / "dev-seal.password")
    settings.SEAL_PASSWORD = None
    with django_capture_on_commit_callbacks(execute=True):
        seed("--if-empty")
    assert (tmp_path / "seal" / "dev-seal.p12").exists()
    signed = Agreement.objects.filter(status__in=["signed", "completed"])
    assert signed.count() == 4 and not signed.filter(final_sha256="").exists()  # three from the history, one coming
