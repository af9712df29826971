"""Organisations and memberships: business IDs, and roles that fit the organisation's kind."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from kyky.accounts.models import Membership, Organisation, User
from kyky.catalog.models import Municipality

pytestmark = pytest.mark.django_db


def company(business_id):
    return Organisation(
        name="Testi Oy", kind="company", municipality=Municipality.objects.get(pk="espoo"), business_id=business_id
    )


@pytest.mark.parametrize("business_id", ["2464547-9", "1572860-0", "24645479"])
def test_valid_business_ids_pass(business_id):
    organisation = company(business_id)
    organisation.full_clean()
    assert organisation.business_id == (business_id if "-" in business_id else "2464547-9")


@pytest.mark.parametrize("business_id", ["2464547-8", "1234567-8", "abc", ""])
def test_invalid_business_ids_are_refused(business_id):
    with pytest.raises(ValidationError) as info:
        company(business_id).full_clean()
    assert "business_id" in info.value.message_dict


def test_schools_have_no_business_id():
    school = Organisation(
        name="Koulu", kind="school", municipality=Municipality.objects.get(pk="espoo"), business_id="2464547-9"
    )
    with pytest.raises(ValidationError):
        school.full_clean()


@pytest.mark.parametrize(
    ("kind", "role", "fits"),
    [
        ("school", "teacher", True),
        ("daycare", "principal", True),
        ("company", "representative", True),
        ("city", "coordinator", True),
        ("company", "teacher", False),
        ("school", "representative", False),
        ("school", "coordinator", False),
        ("city", "principal", False),
    ],
)
def test_role_must_fit_the_kind_of_organisation(kind, role, fits):
    organisation = Organisation(name="X", kind=kind, municipality=Municipality.objects.get(pk="espoo"))
    membership = Membership(organisation=organisation, role=role)
    if fits:
        membership.clean()
    else:
        with pytest.raises(ValidationError):
            membership.clean()


def test_email_is_unique_whatever_its_case():
    User.objects.create_user("Maija@Example.org", "pw", name="Maija")
    assert User.objects.get_by_natural_key("maija@example.org").name == "Maija"
    with pytest.raises(Exception):  # noqa: B017 - the database refuses it, whichever error class
        User.objects.create(email="MAIJA@example.org", name="Toinen")
