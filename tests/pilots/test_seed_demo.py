"""manage.py seed_demo: a realistic demo, loaded through the services, never duplicated."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from stdnum.fi import ytunnus

from contracts.models import Agreement
from kyky.accounts.models import Membership, Organisation, User
from kyky.core.models import AuditEntry
from kyky.pilots.models import Need, Proposal

pytestmark = pytest.mark.django_db


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
    agreement = Agreement.objects.get()
    assert agreement.status == "signed"
    assert agreement.signatures.count() == 2
    assert agreement.snapshot["personal_data"]["processed"] is True
    assert hashlib.sha256(agreement.final_pdf.read()).hexdigest() == agreement.final_sha256


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
