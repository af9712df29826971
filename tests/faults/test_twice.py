"""Safe to run twice: migrations, seed_demo and apply_retention leave every table as the first run left it."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from kyky.pilots.models import Feedback, Pilot

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    """The number of rows of every model (the sessions and cache tables included)."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


def test_migrate_twice_changes_nothing():
    """On the migrated test database; tests/faults/conftest.py migrates fresh databases twice, too."""
    before = counts()
    run("migrate", "--noinput")
    after_first = counts()
    second = run("migrate", "--noinput")
    assert "No migrations to apply" in second
    assert counts() == after_first == before


def test_seed_demo_twice_adds_nothing_anywhere(settings):
    settings.DEBUG = True
    run("seed_demo")
    first = counts()
    assert first["pilots.Proposal"] and first["contracts.Agreement"]
    run("seed_demo")
    assert counts() == first


def test_apply_retention_twice_removes_once_and_then_nothing(settings, time_machine):
    settings.DEBUG = True
    run("seed_demo")
    completed = Pilot.objects.filter(status="completed").count()
    assert completed
    time_machine.move_to(dt.datetime.now(dt.UTC) + dt.timedelta(days=366 * 3))
    first_out = run("apply_retention")
    assert f"{completed} pilots" in first_out
    first = counts()
    texts = sorted(Feedback.objects.values_list("pk", "worked", "change"))
    second_out = run("apply_retention")
    assert "0 pilots" in second_out
    assert counts() == first
    assert sorted(Feedback.objects.values_list("pk", "worked", "change")) == texts
