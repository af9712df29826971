"""The migration to the evaluation's new shape keeps what was given: the rating, and the one text as "what worked"."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("pilots", "0005_titles_are_single_lines")]
AFTER = [("pilots", "0006_evaluations")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_feedback_keeps_its_rating_and_its_text_becomes_what_worked():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    executor = MigrationExecutor(connection)
    old = executor._create_project_state(with_applied_migrations=True).apps  # every app as migrated now
    espoo = old.get_model("catalog", "Municipality").objects.get(pk="espoo")
    Organisation = old.get_model("accounts", "Organisation")
    school = Organisation.objects.create(name="Koulu", kind="school", municipality=espoo)
    company = Organisation.objects.create(name="Yritys Oy", kind="company", municipality=espoo, business_id="2464547-9")
    user = old.get_model("accounts", "User").objects.create(email="ope@koulu.example", name="Ope")
    window = {"starts_on": "2027-01-11", "ends_on": "2027-05-28"}
    proposal = old.get_model("pilots", "Proposal").objects.create(
        organisation=company, created_by=user, title="Peli", description="Peli", **window
    )
    need = old.get_model("pilots", "Need").objects.create(
        organisation=school, created_by=user, title="Tarve", description="Tarve", language_id="fi",
        group_size=20, municipality=espoo, **window,
    )  # fmt: skip
    application = old.get_model("pilots", "Application").objects.create(
        proposal=proposal, need=need, initiated_by="school", created_by=user, status="accepted"
    )
    pilot = old.get_model("pilots", "Pilot").objects.create(
        application=application, proposal=proposal, need=need, unit=school, company=company, municipality=espoo,
        status="completed",
    )  # fmt: skip
    old.get_model("pilots", "Feedback").objects.create(
        pilot=pilot, side="school", author=user, rating=4, text="Oppilaat pitivät pelistä."
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor = MigrationExecutor(connection)
    new = executor._create_project_state(with_applied_migrations=True).apps
    feedback = new.get_model("pilots", "Feedback").objects.get()
    assert (feedback.rating, feedback.worked, feedback.change) == (4, "Oppilaat pitivät pelistä.", "")
    assert (feedback.goals, feedback.again, feedback.faces) == ("", None, "")
    assert feedback.updated_at == feedback.created_at

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # the whole schema again for the tests that follow
