"""The OpenAPI description is valid and covers the public API of DESIGN §6."""

from __future__ import annotations

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_schema_validates_without_warnings(tmp_path):
    # spectacular exits non-zero on any warning or on a schema that fails OpenAPI validation
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert "/api/v1/proposals/{id}/publish/" in (tmp_path / "schema.yaml").read_text()


def test_schema_and_docs_are_public(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/auth/token/",
        "/api/v1/subjects/",
        "/api/v1/levels/",
        "/api/v1/languages/",
        "/api/v1/proposals/",
        "/api/v1/proposals/{id}/",
        "/api/v1/proposals/{id}/close/",
        "/api/v1/needs/",
        "/api/v1/needs/{id}/publish/",
    ):
        assert path in paths
    assert "409" in paths["/api/v1/proposals/{id}/publish/"]["post"]["responses"]
    assert "400" in paths["/api/v1/proposals/"]["post"]["responses"]
    assert "503" in paths["/api/v1/subjects/"]["get"]["responses"]  # the database away, on every operation
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()
    assert b"cdn.jsdelivr" not in docs.content  # served from our own static files


def test_landing_page_links_to_login(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b'href="/accounts/login/"' in response.content
