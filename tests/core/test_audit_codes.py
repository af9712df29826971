"""The audit trail holds codes: old translated rows are mapped back, and every reader sees their own language."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as global_apps
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from contracts.models import Agreement
from kyky.core import audit
from kyky.core.models import AuditEntry
from kyky.pilots.models import Application, Proposal
from tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("kyky.core.migrations.0003_action_codes")


def _entry(model, action: str, comment: str = "", frm: str = "", to: str = "x") -> AuditEntry:
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model), object_id=1, action=action, from_state=frm,
        to_state=to, comment=comment,
    )  # fmt: skip


def test_the_data_migration_maps_translated_words_back_to_codes():
    rows = {
        "fi submit": _entry(Agreement, "lähettää"),
        "fi approve": _entry(Agreement, "hyväksyä"),
        "fi accept": _entry(Application, "hyväksyä"),
        "fi withdraw": _entry(Application, "perua"),
        "fi cancel": _entry(Agreement, "perua"),
        "sv approve": _entry(Agreement, "godkänna"),
        "sv accept": _entry(Application, "godkänna"),
        "en first signature": _entry(Agreement, "sign", comment="school", frm="approved", to="approved"),
        "fi signature": _entry(Agreement, "allekirjoittaa", frm="approved", to="signed"),
        "application created": _entry(Application, "create"),
        "round pairs": _entry(Proposal, "poistaa pareja"),
        "already a code": _entry(Proposal, "publish"),
    }
    migration.to_codes(global_apps, None)
    got = {name: AuditEntry.objects.get(pk=entry.pk) for name, entry in rows.items()}
    assert {name: entry.action for name, entry in got.items()} == {
        "fi submit": "submit",
        "fi approve": "approve",
        "fi accept": "accept",
        "fi withdraw": "withdraw",
        "fi cancel": "cancel",
        "sv approve": "approve",
        "sv accept": "accept",
        "en first signature": "sign",
        "fi signature": "sign",
        "application created": "apply",
        "round pairs": "remove_pairs",
        "already a code": "publish",
    }
    assert got["en first signature"].data == {"party": "school"} and got["en first signature"].comment == ""
    migration.to_codes(global_apps, None)  # safe to run twice
    assert AuditEntry.objects.get(pk=rows["fi submit"].pk).action == "submit"


def test_the_trail_refuses_words_that_are_not_codes(representative, company):
    proposal = ProposalFactory(organisation=company)
    with pytest.raises(ValueError):
        audit.log(actor=representative, obj=proposal, action="julkaista", frm="draft", to="published")


@pytest.mark.parametrize(("language", "label"), [("fi", "julkaistu"), ("sv", "publicerad"), ("en", "published")])
def test_each_reader_sees_the_same_record_in_their_own_language(api, representative, company, language, label):
    proposal = ProposalFactory(organisation=company, status=Proposal.Status.DRAFT)
    with translation.override("fi"):  # the actor works in Finnish
        client = api.as_user(representative)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fi"
        assert client.post(f"/api/v1/proposals/{proposal.pk}/publish/").status_code == 200
    entry = AuditEntry.objects.get(object_id=proposal.pk, content_type__model="proposal", action="publish")
    with translation.override(language):
        assert entry.action_display == label


def test_history_on_a_page_reads_in_the_pages_language_and_names_the_changed_fields(client, representative, company):
    proposal = ProposalFactory(organisation=company, capacity=3)
    client.force_login(representative)
    client.post(
        f"/proposals/{proposal.pk}/edit/",
        {
            "title": proposal.title, "summary": proposal.summary, "description": proposal.description,
            "subjects": ["mathematics"], "levels": ["grade_3", "grade_4"], "languages": ["fi"],
            "starts_on": proposal.starts_on.isoformat(), "ends_on": proposal.ends_on.isoformat(), "capacity": 4,
            "teacher_hours": 10, "delivery": "onsite", "municipalities": ["espoo"],
        },
        HTTP_ACCEPT_LANGUAGE="fi",
    )  # fmt: skip
    assert AuditEntry.objects.filter(object_id=proposal.pk, content_type__model="proposal", action="edit").exists()
    page = client.get(f"/proposals/{proposal.pk}/", HTTP_ACCEPT_LANGUAGE="fi").text
    assert "Muokattu" in page and "Muutettu:" in page
