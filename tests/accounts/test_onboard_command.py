"""manage.py onboard."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kyky.accounts.models import Membership, Organisation, User

pytestmark = pytest.mark.django_db


def onboard(*args):
    out = StringIO()
    call_command("onboard", *args, stdout=out)
    return out.getvalue()


def test_onboards_a_company_representative_with_a_password():
    output = onboard(
        "--org", "Laskuri Oy", "--kind", "company", "--municipality", "espoo",
        "--email", "Anna@Laskuri.example", "--role", "representative",
        "--password", "s3cret-pass-phrase", "--business-id", "2464547-9", "--name", "Anna Laskuri",
    )  # fmt: skip
    assert "Created organisation Laskuri Oy" in output
    user = User.objects.get(email="anna@laskuri.example")
    assert user.check_password("s3cret-pass-phrase")
    assert user.member.role == "representative"
    assert user.member.organisation.business_id == "2464547-9"


@pytest.mark.parametrize(("kind", "business_id"), [("association", ""), ("research", "1572860-0")])
def test_onboards_an_association_or_research_organisation_representative(kind, business_id):
    args = ["--org", "Tutkiva Oppiminen", "--kind", kind, "--municipality", "espoo",
            "--email", "tutkija@yliopisto.example", "--role", "representative", "--password", "s3cret-pass-phrase"]  # fmt: skip
    output = onboard(*args, *(["--business-id", business_id] if business_id else []))
    assert "Created organisation Tutkiva Oppiminen" in output
    member = User.objects.get(email="tutkija@yliopisto.example").member
    assert (member.organisation.kind, member.organisation.business_id, member.role) == (
        kind,
        business_id,
        "representative",
    )


def test_an_association_with_a_wrong_check_digit_is_refused():
    with pytest.raises(CommandError, match="business_id"):
        onboard("--org", "Lukuliike ry", "--kind", "association", "--municipality", "espoo",
                "--email", "a@lukuliike.example", "--role", "representative", "--business-id", "2464547-8")  # fmt: skip
    assert not Organisation.objects.filter(name="Lukuliike ry").exists()


def test_second_user_joins_the_existing_organisation_and_gets_a_generated_password():
    common = ["--org", "Auroran koulu", "--kind", "school", "--municipality", "espoo", "--languages", "fi,en"]
    onboard(*common, "--email", "rehtori@aurora.example", "--role", "principal")
    output = onboard(*common, "--email", "ope@aurora.example", "--role", "teacher")
    assert "Using existing organisation" in output
    assert "Initial password: " in output
    password = output.split("Initial password: ")[1].split()[0]
    assert User.objects.get(email="ope@aurora.example").check_password(password)
    assert Organisation.objects.filter(name="Auroran koulu").count() == 1
    assert sorted(Organisation.objects.get().languages.values_list("code", flat=True)) == ["en", "fi"]
    assert Membership.objects.count() == 2


def test_running_twice_changes_nothing():
    args = ["--org", "Espoon kaupunki", "--kind", "city", "--municipality", "espoo", "--email", "k@espoo.example"]
    onboard(*args, "--role", "coordinator", "--password", "long-enough-pass")
    onboard(*args, "--role", "coordinator")
    assert User.objects.count() == 1
    assert User.objects.get().check_password("long-enough-pass")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "company", "--role", "representative", "--business-id", "1234567-8"], "business_id"),
        (["--kind", "company", "--role", "representative"], "business_id"),
        (["--kind", "school", "--role", "coordinator"], "role"),
        (["--kind", "school", "--role", "teacher", "--municipality", "atlantis"], "municipality"),
    ],
)
def test_bad_input_is_a_clear_error_and_creates_nothing(args, message):
    base = {"--org": "Testi", "--municipality": "espoo", "--email": "x@test.example"}
    for flag in ("--municipality",):
        if flag in args:
            base.pop(flag)
    flat = [item for pair in base.items() for item in pair] + args
    with pytest.raises(CommandError, match=message):
        onboard(*flat)
    assert not User.objects.exists()
    assert not Organisation.objects.exists()


def test_user_cannot_move_to_another_organisation_silently():
    onboard("--org", "A", "--kind", "school", "--municipality", "espoo", "--email", "a@x.example", "--role", "teacher")
    with pytest.raises(CommandError, match="already belongs"):
        onboard(
            "--org", "B", "--kind", "school", "--municipality", "espoo", "--email", "a@x.example", "--role", "teacher"
        )
