"""send_reminders on a controlled clock: each dated notice and reminder once per occasion, digests at 07:00."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from contracts.models import Agreement
from kyky.accounts.models import User
from kyky.core import mail
from kyky.core.models import Email, Notification, Reminder
from kyky.pilots import services as pilots
from kyky.pilots.models import Pilot
from kyky.process.reminders import send_reminders
from kyky.process.selectors import pilot_window
from tests.conftest import HELSINKI
from tests.process.conftest import sign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(teacher, principal, representative, coordinator):
    User.objects.update(language="en")


def at(time_machine, day: dt.date, hour: int = 10, minute: int = 0) -> None:
    time_machine.move_to(dt.datetime.combine(day, dt.time(hour, minute), tzinfo=HELSINKI), tick=False)


def subjects(mailoutbox, user) -> list[str]:
    return [m.subject for m in mailoutbox if user.email in m.to]


def run(commit) -> dict:
    return commit(send_reminders)


def flush(mailoutbox) -> None:
    """Send what the set-up steps queued (their commits never ran in the test's transaction), and forget it."""
    mail.retry_due(timezone.now() + dt.timedelta(hours=1))
    mailoutbox.clear()


def test_an_unanswered_application_is_reminded_once_after_five_days(
    time_machine, commit, mailoutbox, application, teacher, principal, representative
):
    flush(mailoutbox)
    created = timezone.localdate(application.created_at)
    at(time_machine, created + dt.timedelta(days=4), 23, 59)
    assert run(commit)["applications"] == 0
    at(time_machine, created + dt.timedelta(days=5), 11)
    assert run(commit)["applications"] == 1
    assert subjects(mailoutbox, principal) == [
        "Reminder: “Murtolukupeli” for “Murtoluvut <4B> & kaverit” waits for your answer"
    ]
    assert "Laskuri Oy has waited 5 days for an answer" in mailoutbox[0].body
    assert not subjects(mailoutbox, representative)
    at(time_machine, created + dt.timedelta(days=9))
    assert run(commit)["applications"] == 0  # once per occasion
    assert len(subjects(mailoutbox, principal)) == 1
    assert Reminder.objects.filter(kind="reminder_application", object_id=application.pk).count() == 1


def test_an_answered_application_is_not_reminded(time_machine, commit, mailoutbox, application, teacher):
    pilots.application_decline(actor=teacher, application=application)
    flush(mailoutbox)
    at(time_machine, timezone.localdate(application.created_at) + dt.timedelta(days=6))
    assert run(commit)["applications"] == 0
    assert not mailoutbox


def test_an_unsigned_agreement_is_reminded_every_three_days_at_most_three_times(
    time_machine, commit, mailoutbox, approved, principal, representative
):
    approved_on = timezone.localdate(approved.approved_at)
    flush(mailoutbox)
    at(time_machine, approved_on + dt.timedelta(days=2))
    assert run(commit)["signatures"] == 0
    at(time_machine, approved_on + dt.timedelta(days=3), 11)
    assert run(commit)["signatures"] == 2  # both sides yet to sign
    assert subjects(mailoutbox, representative) == [f"Reminder: agreement {approved.number} waits for your signature"]
    assert run(commit)["signatures"] == 0  # the same hour again: nothing twice

    sign(approved, principal)  # the school signs: from now on only the company is reminded
    flush(mailoutbox)
    at(time_machine, approved_on + dt.timedelta(days=6), 11)
    assert run(commit)["signatures"] == 1
    assert subjects(mailoutbox, representative) and not subjects(mailoutbox, principal)
    at(time_machine, approved_on + dt.timedelta(days=9), 11)
    assert run(commit)["signatures"] == 1
    at(time_machine, approved_on + dt.timedelta(days=12), 11)
    assert run(commit)["signatures"] == 0
    at(time_machine, approved_on + dt.timedelta(days=30), 11)
    assert run(commit)["signatures"] == 0
    occasions = Reminder.objects.filter(kind="reminder_sign", side="company").values_list("occasion", flat=True)
    assert sorted(occasions) == [1, 2, 3]
    reminders = [m for m in mailoutbox if representative.email in m.to and m.subject.startswith("Reminder")]
    assert "was approved 9 days ago" in reminders[-1].body


def test_a_late_first_run_sends_only_the_latest_sign_reminder(
    time_machine, commit, mailoutbox, approved, representative
):
    flush(mailoutbox)
    at(time_machine, timezone.localdate(approved.approved_at) + dt.timedelta(days=7))
    assert run(commit)["signatures"] == 2
    assert len(subjects(mailoutbox, representative)) == 1
    assert Reminder.objects.get(kind="reminder_sign", side="company").occasion == 2


def _signed_pilot(approved, principal, representative) -> Pilot:
    sign(approved, principal)
    sign(approved, representative)
    approved.refresh_from_db()
    assert approved.status == Agreement.Status.SIGNED
    return approved.pilot


def test_a_pilot_starting_in_a_week_is_announced_once_to_both_parties(
    time_machine, commit, mailoutbox, approved, principal, representative, teacher
):
    pilot = _signed_pilot(approved, principal, representative)
    starts, _ends = pilot_window(pilot)
    flush(mailoutbox)
    at(time_machine, starts - dt.timedelta(days=8))
    assert run(commit)["pilots_starting"] == 0
    at(time_machine, starts - dt.timedelta(days=7), 3)
    assert run(commit)["pilots_starting"] == 1
    expected = f"The pilot “Murtolukupeli” starts on {starts.day} {starts.strftime('%B')} {starts.year}"
    for user in (teacher, principal, representative):
        assert subjects(mailoutbox, user) == [expected]
    at(time_machine, starts - dt.timedelta(days=2))
    assert run(commit)["pilots_starting"] == 0


def test_feedback_is_due_at_the_end_and_reminded_a_week_later_to_the_side_still_missing(
    time_machine, commit, mailoutbox, approved, principal, representative, teacher
):
    pilot = _signed_pilot(approved, principal, representative)
    starts, ends = pilot_window(pilot)
    at(time_machine, starts)
    pilots.pilot_start(actor=teacher, pilot=pilot)
    flush(mailoutbox)
    at(time_machine, ends - dt.timedelta(days=1))
    assert run(commit)["feedback"] == 0
    at(time_machine, ends, 16)
    assert run(commit)["feedback"] == 2  # each side once
    assert subjects(mailoutbox, teacher) == ["Give your feedback on the pilot “Murtolukupeli”"]
    assert subjects(mailoutbox, representative) == ["Give your feedback on the pilot “Murtolukupeli”"]
    pilots.pilot_feedback(actor=representative, pilot=pilot, rating=5, goals="yes", again=True, worked="Hyvä pilotti.")
    flush(mailoutbox)
    at(time_machine, ends + dt.timedelta(days=6))
    assert run(commit)["feedback"] == 0
    at(time_machine, ends + dt.timedelta(days=7))
    assert run(commit)["feedback"] == 1  # the school only: the company has given its feedback
    assert subjects(mailoutbox, teacher) == ["Reminder: your feedback on the pilot “Murtolukupeli” is missing"]
    assert not subjects(mailoutbox, representative)
    at(time_machine, ends + dt.timedelta(days=20))
    assert run(commit)["feedback"] == 0


def test_digest_readers_get_one_email_a_day_at_seven(
    time_machine, commit, mailoutbox, proposal, need, teacher, principal, representative
):
    User.objects.filter(pk=principal.pk).update(notifications="digest")
    today = timezone.localdate()
    at(time_machine, today, 15)
    commit(pilots.application_create, actor=representative, proposal=proposal, need=need, message="Hei!")
    second = type(need).objects.create(
        organisation=need.organisation, created_by=teacher, title="Toinen tarve", description="x", language=need.language,
        group_size=10, starts_on=need.starts_on, ends_on=need.ends_on, municipality=need.municipality, status="published",
    )  # fmt: skip
    second.levels.set(need.levels.all())
    commit(pilots.application_create, actor=representative, proposal=proposal, need=second)
    assert not subjects(mailoutbox, principal)  # nothing at once
    assert subjects(mailoutbox, teacher)  # the teacher reads at once

    tomorrow = today + dt.timedelta(days=1)
    at(time_machine, tomorrow, 6, 59)
    assert run(commit)["digests"] == 0
    at(time_machine, tomorrow, 7, 0)
    assert run(commit)["digests"] == 1
    (digest,) = [m for m in mailoutbox if principal.email in m.to]
    assert digest.subject == "KYKY: 2 things that concern you"
    assert "Laskuri Oy applies to your need “Murtoluvut <4B> & kaverit”" in digest.body
    assert "Laskuri Oy applies to your need “Toinen tarve”" in digest.body
    assert digest.extra_headers["List-Unsubscribe"].endswith("/settings/>")
    at(time_machine, tomorrow, 8)
    assert run(commit)["digests"] == 0  # one a day
    assert Email.objects.filter(kind="digest", recipient=principal).count() == 1
    assert not Notification.objects.filter(recipient=principal, email__isnull=True).exists()


def test_the_command_runs_and_says_what_it_did(commit):
    out = StringIO()
    commit(call_command, "send_reminders", stdout=out)
    assert "signatures: 0" in out.getvalue() and "digests: 0" in out.getvalue()
