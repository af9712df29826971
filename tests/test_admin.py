"""The admin: every list and every object page opens for a platform administrator; the audit trail is readable."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.core.management import call_command

from kyky.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return User.objects.create_superuser("admin@kyky.example", "admin-password", name="Admin")


def test_every_admin_page_opens(client, superuser, settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True  # the demo loads on development sites only
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client.force_login(superuser)
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        response = client.get(f"/admin/{info[0]}/{info[1]}/")
        assert response.status_code == 200, info
        obj = model._default_manager.first()
        if obj is not None:
            assert client.get(f"/admin/{info[0]}/{info[1]}/{obj.pk}/change/").status_code == 200, info


def test_audit_trail_cannot_be_edited(client, superuser):
    client.force_login(superuser)
    assert client.get("/admin/core/auditentry/add/").status_code == 403
