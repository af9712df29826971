"""A PDF rendering that fails leaves the workflow where it is and the document retryable.

WeasyPrint fails for real here: the renderer's fetcher may read none of the project's static files (as if
the stylesheet and fonts were unreadable), so loading the stylesheet stops the rendering. The approval and
the second signature still succeed, the PDF answers 409 with Retry-After like a pending one, and once the
files are readable again `render_documents` (or the hourly `send_reminders`) stores the document.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from contracts import rendering
from contracts.models import Agreement
from contracts.rendering import RenderingError, render_agreement_pdf
from kyky.pilots import services as pilots
from kyky.process import services as process
from kyky.process.reminders import send_reminders
from tests.factories import NeedFactory, ProposalFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/agreements/"


@pytest.fixture
def broken_renderer(monkeypatch):
    """The renderer cannot read its stylesheet and fonts until `.repair()`."""

    class Switch:
        def break_(self):
            rendering.stylesheet.cache_clear()
            rendering.font_configuration.cache_clear()
            monkeypatch.setattr(rendering.FETCHER, "roots", ())

        def repair(self):
            monkeypatch.undo()
            rendering.stylesheet.cache_clear()
            rendering.font_configuration.cache_clear()

    switch = Switch()
    switch.break_()
    yield switch
    switch.repair()


@pytest.fixture
def submitted(api, company, school, teacher, principal, representative, coordinator):
    proposal = ProposalFactory(organisation=company, capacity=3, processes_personal_data=False)
    application = pilots.application_create(
        actor=teacher, proposal=proposal, need=NeedFactory(organisation=school), message=""
    )
    agreement = process.application_accept(actor=representative, application=application).agreement
    assert api.as_user(teacher).post(f"{URL}{agreement.pk}/submit/").status_code == 200
    assert api.as_user(representative).post(f"{URL}{agreement.pk}/submit/").json()["status"] == "submitted"
    return agreement


def assert_pending(api, client, user, agreement):
    """The API and the page say the document is being prepared: 409 with Retry-After."""
    answer = api.as_user(user).get(f"{URL}{agreement.pk}/pdf/")
    assert answer.status_code == 409 and int(answer["Retry-After"]) > 0
    assert answer.json()["code"] == "document_not_ready"
    client.force_login(user)
    page = client.get(f"/agreements/{agreement.pk}/pdf/")
    assert page.status_code == 409 and int(page["Retry-After"]) > 0


def assert_served(api, user, agreement) -> bytes:
    answer = api.as_user(user).get(f"{URL}{agreement.pk}/pdf/", HTTP_ACCEPT="application/pdf")
    assert answer.status_code == 200, answer.content[:300]
    content = b"".join(answer.streaming_content) if answer.streaming else answer.content
    assert content.startswith(b"%PDF")
    return content


def test_the_renderer_really_fails_while_broken(broken_renderer, submitted):
    with pytest.raises(RenderingError):
        render_agreement_pdf(submitted.snapshot, draft=True)


def test_a_failed_approved_document_leaves_the_approval_and_is_produced_by_the_retry(
    broken_renderer, api, client, submitted, coordinator, principal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approved = api.as_user(coordinator).post(f"{URL}{submitted.pk}/approve/")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    agreement = Agreement.objects.get(pk=submitted.pk)
    assert agreement.status == "approved" and not agreement.approved_document_ready
    assert_pending(api, client, principal, agreement)
    # Signing waits for the document too, and changes nothing.
    refused = api.as_user(principal).post(f"{URL}{agreement.pk}/sign/", {"document_sha256": "0" * 64})
    assert refused.status_code == 409 and refused["Retry-After"]
    assert not agreement.signatures.exists()

    # Still failing: the command says so and changes nothing.
    with pytest.raises(CommandError):
        call_command("render_documents")
    assert not Agreement.objects.get(pk=agreement.pk).approved_document_ready

    broken_renderer.repair()
    call_command("render_documents")
    agreement.refresh_from_db()
    assert agreement.status == "approved" and agreement.approved_document_ready
    assert_served(api, principal, agreement)
    call_command("render_documents")  # nothing left to do, nothing changed
    assert Agreement.objects.get(pk=agreement.pk).approved_sha256 == agreement.approved_sha256


def test_a_failed_final_document_leaves_the_signatures_and_is_produced_by_the_hourly_run(
    api, client, submitted, coordinator, principal, representative, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        assert api.as_user(coordinator).post(f"{URL}{submitted.pk}/approve/").status_code == 200
    digest = Agreement.objects.get(pk=submitted.pk).approved_sha256
    assert digest
    assert api.as_user(principal).post(f"{URL}{submitted.pk}/sign/", {"document_sha256": digest}).status_code == 200

    rendering.stylesheet.cache_clear()
    rendering.font_configuration.cache_clear()
    monkeypatch.setattr(rendering.FETCHER, "roots", ())
    with django_capture_on_commit_callbacks(execute=True):
        signed = api.as_user(representative).post(f"{URL}{submitted.pk}/sign/", {"document_sha256": digest})
    assert signed.status_code == 200 and signed.json()["status"] == "signed"
    agreement = Agreement.objects.get(pk=submitted.pk)
    assert agreement.status == "signed" and not agreement.final_sha256 and agreement.signatures.count() == 2
    assert_pending(api, client, representative, agreement)
    assert send_reminders()["documents"] == 0  # still failing

    monkeypatch.undo()
    rendering.stylesheet.cache_clear()
    rendering.font_configuration.cache_clear()
    assert send_reminders()["documents"] == 1
    agreement.refresh_from_db()
    assert agreement.status == "signed" and agreement.final_sha256
    assert_served(api, representative, agreement)
    assert send_reminders()["documents"] == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the worker closes connections, as in production
def test_with_the_database_task_backend_the_failed_task_queues_its_retry_and_the_retry_stores_the_document(
    broken_renderer, api, submitted, coordinator, principal, settings, django_capture_on_commit_callbacks, time_machine
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    worker = ("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--verbosity", "0")
    with django_capture_on_commit_callbacks(execute=True):
        assert api.as_user(coordinator).post(f"{URL}{submitted.pk}/approve/").status_code == 200
    call_command(*worker)  # the first attempt fails and queues the second for a minute later
    results = list(DBTaskResult.objects.filter(task_path__endswith=".approved_document").order_by("enqueued_at"))
    assert [r.status for r in results] == ["FAILED", "READY"]
    assert results[1].args_kwargs["args"] == [submitted.pk, 2]
    assert not Agreement.objects.get(pk=submitted.pk).approved_document_ready

    broken_renderer.repair()
    call_command(*worker)  # not due yet
    assert DBTaskResult.objects.get(pk=results[1].pk).status == "READY"
    time_machine.move_to(timezone.now() + dt.timedelta(minutes=2))
    call_command(*worker)
    assert DBTaskResult.objects.get(pk=results[1].pk).status == "SUCCESSFUL"
    agreement = Agreement.objects.get(pk=submitted.pk)
    assert agreement.status == "approved" and agreement.approved_document_ready
    assert_served(api, principal, agreement)
