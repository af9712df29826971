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


@pytest.mark.parametrize("kind", ["association", "research"])
def test_associations_and_research_organisations_may_go_without_a_business_id(kind):
    organisation = Organisation(name="Lukuliike ry", kind=kind, municipality=Municipality.objects.get(pk="espoo"))
    organisation.full_clean()
    organisation.save()
    assert organisation.is_provider and not organisation.is_unit


@pytest.mark.parametrize("kind", ["association", "research"])
def test_a_business_id_given_to_an_association_is_checked(kind):
    espoo = Municipality.objects.get(pk="espoo")
    with pytest.raises(ValidationError) as info:
        Organisation(name="Lukuliike ry", kind=kind, municipality=espoo, business_id="2464547-8").full_clean()
    assert "business_id" in info.value.message_dict
    valid = Organisation(name="Lukuliike ry", kind=kind, municipality=espoo, business_id="24645479")
    valid.full_clean()
    assert valid.business_id == "2464547-9"


def test_the_database_refuses_a_company_without_a_business_id_but_not_an_association():
    espoo = Municipality.objects.get(pk="espoo")
    Organisation.objects.create(name="Yhdistys ry", kind="association", municipality=espoo)
    with pytest.raises(Exception):  # noqa: B017 - the check constraint, whichever error class
        Organisation.objects.create(name="Yritys Oy", kind="company", municipality=espoo)


@pytest.mark.parametrize(
    ("kind", "role", "fits"),
    [
        ("school", "teacher", True),
        ("daycare", "principal", True),
        ("company", "representative", True),
        ("association", "representative", True),
        ("research", "representative", True),
        ("association", "teacher", False),
        ("research", "coordinator", False),
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
