"""Retention: personal data of pilots completed longer ago than KYKY_RETENTION_MONTHS is removed, once, on a
controlled clock; the figures stay right and the signed PDF stays as it was signed. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
from io import StringIO

import pytest
from django.core.management import call_command

from contracts import services as agreements
from contracts.models import Agreement
from kyky.core.models import AuditEntry
from kyky.pilots import services
from kyky.pilots.models import Feedback, Pilot
from kyky.privacy.services import apply_retention, months_before
from kyky.process import services as process
from kyky.reports import selectors as reports
from tests.factories import NeedFactory, ProposalFactory
from tests.pilots.running import ANSWER

pytestmark = pytest.mark.django_db


@pytest.fixture
def completed(company, school, representative, principal, teacher, coordinator, django_capture_on_commit_callbacks):
    """A pilot taken through the real process: agreement with contacts, signed (a sealed PDF), evaluated, completed."""
    application = services.application_create(
        actor=representative, proposal=ProposalFactory(organisation=company), need=NeedFactory(organisation=school)
    )
    agreement = process.application_accept(actor=principal, application=application).agreement
    agreements.agreement_update(actor=teacher, agreement=agreement,
                                data={"contacts": {"school": {"phone": "+358 40 123 4567"}}})  # fmt: skip
    agreements.agreement_submit(actor=teacher, agreement=agreement)
    agreements.agreement_submit(actor=representative, agreement=agreement)
    with django_capture_on_commit_callbacks(execute=True):
        agreements.agreement_approve(actor=coordinator, agreement=agreement)
    digest = Agreement.objects.get(pk=agreement.pk).approved_sha256
    agreements.agreement_sign(actor=principal, agreement=agreement, document_sha256=digest)
    with django_capture_on_commit_callbacks(execute=True):
        agreements.agreement_sign(actor=representative, agreement=agreement, document_sha256=digest)
    pilot = services.pilot_start(actor=teacher, pilot=Pilot.objects.get(pk=agreement.pilot_id))
    services.pilot_feedback(actor=teacher, pilot=pilot, **{**ANSWER, "rating": 5, "worked": "Liisa Virtanen auttoi."})
    services.pilot_feedback(actor=teacher, pilot=pilot, **{**ANSWER, "rating": 5, "worked": "Oppilaat innostuivat."})
    services.pilot_feedback(actor=representative, pilot=pilot, **{**ANSWER, "rating": 3})
    return process.pilot_complete(actor=coordinator, pilot=Pilot.objects.get(pk=pilot.pk))


def _at(moment: dt.datetime) -> dt.datetime:
    return moment + dt.timedelta(days=1)  # past the period whatever the month lengths (29 February)


def test_nothing_is_removed_before_the_period_has_passed(completed, time_machine):
    time_machine.move_to(months_before(completed.completed_at, -24) - dt.timedelta(minutes=1))
    assert apply_retention().pilots == 0
    assert Feedback.objects.filter(worked="Oppilaat innostuivat.").exists()
    assert Pilot.objects.get().personal_data_removed_at is None


def test_after_the_period_contacts_and_texts_go_and_everything_else_stays(completed, coordinator, time_machine):
    agreement = Agreement.objects.get()
    pdf = agreement.final_pdf.open("rb").read()
    assert hashlib.sha256(pdf).hexdigest() == agreement.final_sha256
    period = reports.Period(completed.completed_at.date() - dt.timedelta(days=1), completed.ends_on)
    before = reports.report(actor=coordinator, period=period)

    time_machine.move_to(_at(months_before(completed.completed_at, -24)))
    result = apply_retention()
    assert (result.pilots, result.evaluations, result.contacts) == (1, 2, 2)

    pilot = Pilot.objects.get()
    assert pilot.personal_data_removed_at is not None and pilot.status == "completed"
    assert list(Feedback.objects.order_by("side").values_list("side", "rating", "goals", "worked", "change")) == [
        ("company", 3, "yes", "", ""),
        ("school", 5, "yes", "", ""),
    ]
    agreement = Agreement.objects.get()
    assert agreement.snapshot["contacts"] == {side: dict.fromkeys(["name", "title", "email", "phone"], "")
                                              for side in ("school", "company")}  # fmt: skip
    # The signed PDF is kept byte for byte, and the signatures' names with it.
    assert agreement.final_pdf.open("rb").read() == pdf and agreement.final_sha256 == hashlib.sha256(pdf).hexdigest()
    assert agreement.signatures.count() == 2 and all(s.name for s in agreement.signatures.all())
    # The audit trail kept which contact changed, not the number.
    edit = AuditEntry.objects.get(content_type__model="agreement", action="edit")
    assert edit.data["changes"] == {"contacts.school.phone": [None, None]}
    assert "Liisa" not in str(list(AuditEntry.objects.values_list("data", flat=True)))
    entry = AuditEntry.objects.get(action="retention")
    assert (entry.actor, entry.content_type.model, entry.object_id) == (None, "pilot", pilot.pk)
    assert entry.data == {"months": 24, "evaluations": 2, "contacts": 2, "audit_entries": 1}
    # The report counts the pilot and its ratings as before.
    after = reports.report(actor=coordinator, period=period)
    assert after == before and after["pilots"]["completed"] == 1 and after["ratings"] == {"school": 5.0, "company": 3.0}


def test_retention_is_idempotent(completed, time_machine):
    time_machine.move_to(_at(months_before(completed.completed_at, -25)))
    assert apply_retention().pilots == 1
    assert apply_retention().pilots == 0
    assert AuditEntry.objects.filter(action="retention").count() == 1


def test_the_period_comes_from_the_setting(completed, settings, time_machine):
    settings.RETENTION_MONTHS = 6
    time_machine.move_to(_at(months_before(completed.completed_at, -6)))
    assert apply_retention().pilots == 1


def test_running_and_recent_pilots_are_left_alone(completed, company, school, representative, principal, time_machine):
    from tests.pilots.running import running_pilot

    running = running_pilot(company=company, school=school, representative=representative, principal=principal)
    services.pilot_feedback(actor=representative, pilot=running, **ANSWER)
    time_machine.move_to(_at(months_before(completed.completed_at, -30)))
    assert apply_retention().pilots == 1
    assert Feedback.objects.get(pilot=running).worked == ANSWER["worked"]


def test_the_command_reports_what_it_did(completed, time_machine):
    time_machine.move_to(_at(months_before(completed.completed_at, -24)))
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "Retention 24 months" in out.getvalue() and "1 pilots" in out.getvalue()
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "0 pilots" in out.getvalue()


def test_the_page_says_the_texts_were_removed(client, completed, teacher, time_machine):
    time_machine.move_to(_at(months_before(completed.completed_at, -24)))
    apply_retention()
    client.force_login(teacher)
    page = client.get(f"/agreements/{Agreement.objects.get().pk}/").content.decode()
    assert "were removed when the retention period ended" in page and "Oppilaat innostuivat." not in page


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (dt.datetime(2027, 3, 31, 12, tzinfo=dt.UTC), 1, dt.datetime(2027, 2, 28, 12, tzinfo=dt.UTC)),
        (dt.datetime(2028, 3, 31, 12, tzinfo=dt.UTC), 1, dt.datetime(2028, 2, 29, 12, tzinfo=dt.UTC)),
        (dt.datetime(2029, 1, 15, 12, tzinfo=dt.UTC), 24, dt.datetime(2027, 1, 15, 12, tzinfo=dt.UTC)),
        (dt.datetime(2027, 1, 15, 12, tzinfo=dt.UTC), -24, dt.datetime(2029, 1, 15, 12, tzinfo=dt.UTC)),
    ],
)
def test_months_are_calendar_months(moment, months, expected):
    assert months_before(moment, months) == expected
