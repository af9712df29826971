"""The code lists of DESIGN §7, public, in the reader's language."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_levels_in_order_from_early_childhood(api):
    response = api.get("/api/v1/levels/")
    assert response.status_code == 200
    codes = [row["code"] for row in response.json()]
    assert codes == ["ece", "pre_primary", *[f"grade_{n}" for n in range(1, 10)], "upper_secondary", "vocational"]


def test_subjects_and_languages(api):
    subjects = {row["code"] for row in api.get("/api/v1/subjects/").json()}
    assert len(subjects) == 25
    assert {"mathematics", "second_national_language", "special_support", "multiliteracy"} <= subjects
    assert [row["code"] for row in api.get("/api/v1/languages/").json()] == ["fi", "sv", "en"]


@pytest.mark.parametrize(("language", "name"), [("fi", "Matematiikka"), ("sv", "Matematik"), ("en", "Mathematics")])
def test_names_follow_the_accept_language(api, language, name):
    rows = api.get("/api/v1/subjects/", HTTP_ACCEPT_LANGUAGE=language).json()
    assert {row["code"]: row["name"] for row in rows}["mathematics"] == name
