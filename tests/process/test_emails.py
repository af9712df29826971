"""One e-mail for every event that concerns someone: to whom, in whose language, naming what, linking where."""

from __future__ import annotations

import pytest
from django.utils import translation

from contracts import services as agreements
from kyky.accounts.models import User
from kyky.core import notifications
from kyky.core.models import Email, Notification
from kyky.matching import services as matching
from kyky.pilots import services as pilots
from kyky.process import services as process
from tests.factories import MembershipFactory
from tests.process.conftest import sign

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture(autouse=True)
def _everyone_reads_english(teacher, principal, representative, coordinator):
    User.objects.update(language="en")
    for user in (teacher, principal, representative, coordinator):
        user.refresh_from_db()


def html_of(message) -> str:
    (html, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    return html


def the_one(sent, user):
    messages = sent().get(user.email, [])
    assert len(messages) == 1, [m.subject for m in messages]
    return messages[0]


def test_a_companys_application_reaches_the_need_author_and_the_principal(
    commit, sent, proposal, need, representative, teacher, principal
):
    application = commit(pilots.application_create, actor=representative, proposal=proposal, need=need, message="Hei!")
    for user in (teacher, principal):
        message = the_one(sent, user)
        assert message.subject == "Laskuri Oy applies to your need “Murtoluvut <4B> & kaverit”"
        assert f"{SITE}/applications/{application.pk}/" in message.body
        assert "Hei!" in message.body
    assert representative.email not in sent()  # the actor is not told of their own step


def test_a_schools_interest_reaches_the_companys_representatives(commit, sent, proposal, need, teacher, representative):
    commit(pilots.application_create, actor=teacher, proposal=proposal, need=need)
    message = the_one(sent, representative)
    assert message.subject == "Auroran koulu is interested in your pilot offer “Murtolukupeli”"


def test_accepting_tells_the_sender_with_a_link_to_the_new_agreement(
    commit, sent, application, principal, representative
):
    agreement = commit(process.application_accept, actor=principal, application=application).agreement
    message = the_one(sent, representative)
    assert message.subject == "Accepted: “Murtolukupeli” for “Murtoluvut <4B> & kaverit”"
    assert f"{SITE}/agreements/{agreement.pk}/" in message.body
    assert agreement.number in message.body


def test_declining_tells_the_sender_with_the_comment(commit, sent, application, teacher, representative):
    commit(pilots.application_decline, actor=teacher, application=application, comment="Ei tänä keväänä.")
    message = the_one(sent, representative)
    assert message.subject.startswith("Declined: “Murtolukupeli”")
    assert "Ei tänä keväänä." in message.body and "Auroran koulu declined" in message.body


def test_withdrawing_tells_the_side_that_was_to_answer(commit, sent, application, representative, teacher, principal):
    commit(pilots.application_withdraw, actor=representative, application=application)
    assert the_one(sent, teacher).subject.startswith("Withdrawn: “Murtolukupeli”")
    assert the_one(sent, principal)


def test_a_submitted_agreement_reaches_the_coordinators_of_the_units_municipality_only(
    commit, sent, agreement, teacher, representative, coordinator, vantaa_coordinator
):
    commit(agreements.agreement_submit, actor=teacher, agreement=agreement)  # the school's part is ready
    assert coordinator.email not in sent()
    commit(agreements.agreement_submit, actor=representative, agreement=agreement)  # both: submitted
    message = the_one(sent, coordinator)
    assert message.subject == f"Agreement {agreement.number} waits for your approval: Auroran koulu – Laskuri Oy"
    assert f"{SITE}/agreements/{agreement.pk}/" in message.body
    assert vantaa_coordinator.email not in sent()
    assert set(sent()) == {coordinator.email, teacher.email, representative.email}  # the parties hear of both steps


def test_a_returned_agreement_reaches_both_parties_with_the_comment(
    commit, sent, agreement, teacher, principal, representative, coordinator
):
    agreements.agreement_submit(actor=teacher, agreement=agreement)
    agreements.agreement_submit(actor=representative, agreement=agreement)
    commit(
        agreements.agreement_return, actor=coordinator, agreement=agreement, comment="Lisää paikka <b>tarkemmin</b>."
    )
    for user in (teacher, principal, representative):
        message = the_one(sent, user)
        assert message.subject == f"Agreement {agreement.number} was returned for changes: Murtolukupeli"
        assert "Lisää paikka <b>tarkemmin</b>." in message.body  # the text part is plain text
        assert "Lisää paikka &lt;b&gt;tarkemmin&lt;/b&gt;." in html_of(message)  # the HTML part escapes it


def test_an_approved_agreement_asks_both_parties_to_sign(commit, sent, agreement, teacher, coordinator, representative):
    agreements.agreement_submit(actor=teacher, agreement=agreement)
    agreements.agreement_submit(actor=representative, agreement=agreement)
    commit(agreements.agreement_approve, actor=coordinator, agreement=agreement)
    assert the_one(sent, representative).subject.startswith(f"Agreement {agreement.number} is approved")
    assert coordinator.email not in sent()


def test_the_first_signature_tells_the_other_party(commit, sent, approved, principal, representative, teacher):
    commit(sign, approved, principal)
    message = the_one(sent, representative)
    assert message.subject == f"Auroran koulu signed agreement {approved.number}: your signature is needed"
    assert teacher.email not in sent()  # the school's side signed: it is the company that must act


def test_the_second_signature_tells_everyone_it_is_in_force(
    commit, sent, approved, principal, representative, teacher, coordinator
):
    sign(approved, principal)
    commit(sign, approved, representative)
    for user in (teacher, principal, coordinator):
        assert the_one(sent, user).subject == f"Agreement {approved.number} is signed and in force: Murtolukupeli"


def test_cancelling_tells_both_parties(commit, sent, agreement, teacher, principal, representative):
    commit(process.agreement_cancel, actor=representative, agreement=agreement, comment="Aikataulu ei sovi.")
    for user in (teacher, principal):
        assert "Aikataulu ei sovi." in the_one(sent, user).body


def test_every_email_has_text_and_html_a_language_and_an_unsubscribe_link(commit, sent, application, principal):
    commit(process.application_accept, actor=principal, application=application)
    message = the_one(sent, application.created_by)
    assert message.extra_headers["Content-Language"] == "en"
    assert message.extra_headers["List-Unsubscribe"] == f"<{SITE}/settings/>"
    html = html_of(message)
    assert '<html lang="en">' in html and f'href="{SITE}/settings/"' in html
    assert "Murtoluvut &lt;4B&gt; &amp; kaverit" in html  # user-written titles are escaped
    assert "Murtoluvut <4B> & kaverit" in message.body


def test_each_recipient_reads_their_own_language(commit, sent, proposal, need, representative, teacher, principal):
    User.objects.filter(pk=teacher.pk).update(language="fi")
    User.objects.filter(pk=principal.pk).update(language="sv")
    with translation.override("en"):  # the actor's language does not matter
        commit(pilots.application_create, actor=representative, proposal=proposal, need=need)
    finnish, swedish = the_one(sent, teacher), the_one(sent, principal)
    assert finnish.extra_headers["Content-Language"] == "fi"
    assert finnish.subject == "Laskuri Oy hakee tarpeeseesi ”Murtoluvut <4B> & kaverit”"
    assert "Hei" in finnish.body and "Vastaa hakemukseen" in finnish.body
    assert swedish.extra_headers["Content-Language"] == "sv"
    assert swedish.subject.startswith("Laskuri Oy ansöker till ditt behov")
    assert "Svara på ansökan" in swedish.body


def test_a_user_without_a_language_reads_their_units(commit, sent, proposal, need, representative, other_school):
    swede = MembershipFactory(organisation=other_school, role="principal").user
    User.objects.filter(pk=swede.pk).update(language="")
    need.organisation = other_school
    need.save()
    commit(pilots.application_create, actor=representative, proposal=proposal, need=need)
    assert the_one(sent, swede).extra_headers["Content-Language"] == "sv"


def test_digest_readers_get_nothing_at_once_and_off_means_off(
    commit, sent, proposal, need, representative, teacher, principal
):
    User.objects.filter(pk=teacher.pk).update(notifications="digest")
    User.objects.filter(pk=principal.pk).update(notifications="off")
    commit(pilots.application_create, actor=representative, proposal=proposal, need=need)
    assert sent() == {}
    waiting = Notification.objects.get(recipient=teacher)
    assert waiting.delivery == "digest" and waiting.email is None
    assert Notification.objects.get(recipient=principal).delivery == "off"


def test_nothing_is_sent_for_a_change_that_rolls_back(
    sent, proposal, need, representative, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        pilots.application_create(actor=representative, proposal=proposal, need=need)
        raise RuntimeError("the request fails after the change")
    assert not callbacks
    assert sent() == {} and not Email.objects.exists() and not Notification.objects.exists()


def test_the_older_notify_call_reaches_users_in_their_own_language(commit, sent, teacher, principal):
    from django.utils.translation import gettext_lazy

    User.objects.filter(pk=teacher.pk).update(language="fi")
    commit(
        notifications.notify,
        [teacher.email, principal.email, "nobody@example.com"],
        gettext_lazy("Open KYKY"),
        "Body text",
    )
    assert the_one(sent, teacher).subject == "Avaa KYKY"
    assert the_one(sent, principal).subject == "Open KYKY"
    assert "Body text" in the_one(sent, principal).body


# Offers


@pytest.fixture
def offer(coordinator, proposal, need):
    from datetime import timedelta

    from django.utils import timezone

    from kyky.matching.models import Round

    round_ = matching.round_create(
        actor=coordinator, starts_on=need.starts_on, ends_on=need.ends_on + timedelta(days=1)
    )
    assert round_.pairs.count() == 1
    matching.round_confirm(actor=coordinator, round_=Round.objects.get(pk=round_.pk))
    offer = round_.pairs.get().offer
    assert offer.respond_by == timezone.localdate() + timedelta(days=14)
    return offer


def test_a_confirmed_round_offers_each_pair_to_both_sides(
    commit, sent, coordinator, proposal, need, teacher, principal, representative
):
    from datetime import timedelta

    round_ = matching.round_create(
        actor=coordinator, starts_on=need.starts_on, ends_on=need.ends_on + timedelta(days=1)
    )
    commit(matching.round_confirm, actor=coordinator, round_=round_)
    offer = round_.pairs.get().offer
    for user in (teacher, principal, representative):
        message = the_one(sent, user)
        assert message.subject.startswith(
            "An offer for you: “Murtolukupeli” for “Murtoluvut <4B> & kaverit”, answer by "
        )
        assert f"{SITE}/offers/{offer.pk}/" in message.body
    assert coordinator.email not in sent()


def test_both_acceptances_tell_both_sides_the_pilot_is_created(commit, sent, offer, principal, representative, teacher):
    process.offer_accept(actor=principal, offer=offer)
    commit(process.offer_accept, actor=representative, offer=offer)
    offer.refresh_from_db()
    agreement = offer.application.pilot.agreement
    for user in (teacher, principal):
        message = the_one(sent, user)
        assert message.subject == "Both sides accepted: “Murtolukupeli” for “Murtoluvut <4B> & kaverit”"
        assert f"{SITE}/agreements/{agreement.pk}/" in message.body


def test_a_declined_offer_tells_the_other_side(commit, sent, offer, teacher, representative):
    commit(matching.offer_decline, actor=representative, offer=offer, comment="Ryhmä on liian suuri.")
    message = the_one(sent, teacher)
    assert message.subject.startswith("Declined: the offer “Murtolukupeli”")
    assert "Ryhmä on liian suuri." in message.body


def test_an_offer_that_ran_out_of_time_tells_both_sides(time_machine, commit, sent, offer, teacher, representative):
    import datetime as dt

    from kyky.process.reminders import send_reminders
    from tests.conftest import HELSINKI

    time_machine.move_to(dt.datetime.combine(offer.respond_by + dt.timedelta(days=1), dt.time(2), tzinfo=HELSINKI))
    commit(send_reminders)
    for user in (teacher, representative):
        subjects = [m.subject for m in sent()[user.email]]
        assert "Expired: the offer “Murtolukupeli” for “Murtoluvut <4B> & kaverit”" in subjects
