"""Delivery through a real SMTP server on loopback (aiosmtpd), and retries when the server is away."""

from __future__ import annotations

import email
import socket
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from kyky.accounts.models import User
from kyky.core import mail
from kyky.core.models import Email
from kyky.pilots import services as pilots

pytestmark = [pytest.mark.django_db, pytest.mark.real_clock]


def free_port() -> int:
    """A loopback port nothing listens on, chosen by the system (the server starts on it, or stays away)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(settings):
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False

    class Server:
        inbox = Inbox()
        controller = None

        def start(self):
            self.controller = Controller(self.inbox, hostname="127.0.0.1", port=port)
            self.controller.start()

        def stop(self):
            if self.controller is not None:
                self.controller.stop()
                self.controller = None

    server = Server()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _english(teacher, principal, representative):
    User.objects.update(language="en")


def test_an_event_is_delivered_over_smtp_with_both_parts_and_the_list_headers(
    smtp, commit, proposal, need, representative, teacher, principal
):
    smtp.start()
    application = commit(pilots.application_create, actor=representative, proposal=proposal, need=need, message="Hei!")
    assert sorted(rcpt for e in smtp.inbox.envelopes for rcpt in e.rcpt_tos) == sorted([teacher.email, principal.email])
    message = email.message_from_bytes(smtp.inbox.envelopes[0].content, policy=default_policy)
    assert message["Subject"].strip() == "Laskuri Oy applies to your need “Murtoluvut <4B> & kaverit”"
    assert message["Content-Language"] == "en"
    assert message["List-Unsubscribe"] == "<http://127.0.0.1:8000/settings/>"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f"/applications/{application.pk}/" in text and "Hei!" in text
    assert "Murtoluvut &lt;4B&gt; &amp; kaverit" in html
    assert Email.objects.filter(status="sent").count() == 2


def test_a_failed_send_never_breaks_the_request_and_is_retried_with_back_off(
    smtp, commit, proposal, need, representative, teacher
):
    # No server listens: the step still succeeds, and the e-mails wait for their next attempt.
    application = commit(pilots.application_create, actor=representative, proposal=proposal, need=need)
    assert application.pk
    waiting = Email.objects.get(recipient=teacher)
    assert waiting.status == "queued" and waiting.attempts == 1
    assert "Connection" in waiting.last_error or "refused" in waiting.last_error.lower()
    pause = waiting.next_attempt_at - timezone.now()
    assert 0 < pause.total_seconds() <= 60
    assert mail.retry_due() == 0  # not due yet

    smtp.start()
    Email.objects.update(next_attempt_at=timezone.now())  # the minute has passed
    assert mail.retry_due() == 2
    assert Email.objects.get(recipient=teacher).status == "sent"
    assert len(smtp.inbox.envelopes) == 2
    assert mail.retry_due() == 0  # nothing twice


def test_an_email_is_given_up_after_its_last_attempt(smtp, commit, proposal, need, representative, teacher):
    commit(pilots.application_create, actor=representative, proposal=proposal, need=need)
    pauses = []
    for _attempt in mail.BACKOFF:
        queued = Email.objects.get(recipient=teacher)
        if queued.status != "queued":
            break
        pauses.append(queued.next_attempt_at)
        Email.objects.filter(pk=queued.pk).update(next_attempt_at=timezone.now())
        mail.send(queued.pk)
    given_up = Email.objects.get(recipient=teacher)
    assert given_up.status == "failed" and given_up.attempts == len(mail.BACKOFF) + 1
    assert mail.retry_due() == 0
