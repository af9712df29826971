"""An SMTP server that refuses (451, try again later) and then accepts: the step that sent the e-mail still
succeeds and stays done, the e-mail waits for its next attempt, and the retry delivers it once."""

from __future__ import annotations

import socket

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from kyky.core import mail
from kyky.core.models import Email
from kyky.pilots import services as pilots
from kyky.pilots.models import Application
from tests.factories import NeedFactory, ProposalFactory

pytestmark = [pytest.mark.django_db, pytest.mark.real_clock]


class Moody:
    """Answers 451 to every message while `refusing`, then accepts."""

    def __init__(self):
        self.refusing = True
        self.refused = 0
        self.accepted = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refusing:
            self.refused += 1
            return "451 4.3.0 Mailbox temporarily unavailable, try again later"
        self.accepted.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    handler = Moody()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler
    controller.stop()


def test_a_refusing_smtp_server_leaves_the_step_done_and_the_retry_delivers(
    smtp, django_capture_on_commit_callbacks, company, school, teacher, principal, representative
):
    proposal = ProposalFactory(organisation=company, capacity=3)
    need = NeedFactory(organisation=school, created_by=teacher)
    with django_capture_on_commit_callbacks(execute=True):
        application = pilots.application_create(actor=representative, proposal=proposal, need=need, message="Hei")
    assert Application.objects.get(pk=application.pk).status == "pending"
    assert smtp.refused >= 1 and not smtp.accepted
    waiting = list(Email.objects.order_by("pk"))
    assert waiting and all(e.status == "queued" and e.attempts == 1 for e in waiting)
    assert all("451" in e.last_error for e in waiting)
    assert all(e.next_attempt_at > timezone.now() for e in waiting)  # backed off, not hammered
    assert mail.retry_due() == 0

    smtp.refusing = False
    Email.objects.update(next_attempt_at=timezone.now())  # the pause has passed
    assert mail.retry_due() == len(waiting)
    assert {e.status for e in Email.objects.all()} == {"sent"}
    assert sorted(r for e in smtp.accepted for r in e.rcpt_tos) == sorted(e.recipient.email for e in waiting)
    assert mail.retry_due() == 0  # delivered once
    assert Application.objects.get(pk=application.pk).status == "pending"
