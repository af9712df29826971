"""The authorization matrix (issue 11, item 6): every API endpoint and page, asked by every role, about an object
of their own and one of another organisation, answers as one table below says.

The roles: anonymous, a teacher and the principal of an Espoo school, a company's representative, an Espoo
coordinator ("coordinator"), a Vantaa coordinator ("other_coordinator") and a platform admin (Django staff, no
membership). "own" objects belong to the school and the company (an Espoo pair); "other" objects to another
Espoo school and another company. So a coordinator of Espoo may act on both, and a Vantaa coordinator on none:
a coordinator's power stops at their municipality's border.

Each cell is the status code a careful product answers (DESIGN §6, STYLE "Tests"): outsiders 404 (the object
"does not exist" for them), insiders without the right 403, the anonymous 401 (API) or the login page (pages).
A cell that fails is either a hole to fix in the domain, or a table to correct with a reason.

The world is built once per module through the real services (an application, agreements in every state,
signed PDFs, a confirmed round's offers, a reference) and every case runs in a savepoint that is rolled back,
so each write sees the same world; ``test_the_world_is_untouched`` and the check at the start of every case
prove it. ``test_every_url_has_a_row`` fails when a URL is added without a row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.test import TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from contracts import services as agreements
from contracts.models import Agreement
from kyky.accounts import services as account_services
from kyky.accounts.models import Membership
from kyky.catalog.models import Municipality
from kyky.core.models import AuditEntry
from kyky.matching import services as matching
from kyky.matching.indexes import process_cache
from kyky.matching.models import Offer, Round
from kyky.pilots import services as pilots
from kyky.pilots.models import Need, Pilot, Proposal
from kyky.process import services as process
from kyky.references.models import Reference
from tests.conftest import HELSINKI, TODAY
from tests.factories import (
    CityFactory,
    CompanyFactory,
    MembershipFactory,
    NeedFactory,
    OrganisationFactory,
    ProposalFactory,
    UserFactory,
    spring,
    window,
)

Role = Membership.Role

ROLES = ("anonymous", "teacher", "principal", "representative", "coordinator", "other_coordinator", "staff")
SIDES = ("own", "other")

AUTH = "auth"  # the anonymous must sign in: 401 from the API, the login page (302) from a page
LOGIN = "login"


# The shapes of the table


def E(
    *,
    anonymous: Any = AUTH,
    teacher: Any = 404,
    principal: Any = None,
    representative: Any = 404,
    coordinator: Any = 404,
    other_coordinator: Any = 404,
    staff: Any = 404,
) -> dict[str, tuple]:
    """Expected status per role; a value is one code for both objects, or (own, other). The principal answers
    as the teacher unless told otherwise."""
    cells = {
        "anonymous": anonymous,
        "teacher": teacher,
        "principal": teacher if principal is None else principal,
        "representative": representative,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "staff": staff,
    }
    return {role: value if isinstance(value, tuple) else (value, value) for role, value in cells.items()}


def public(code: int = 200) -> dict[str, tuple]:
    """Anyone, signed in or not."""
    return E(anonymous=code, teacher=code, representative=code, coordinator=code, other_coordinator=code, staff=code)


def members(code: int = 200, *, staff: Any = None, anonymous: Any = AUTH) -> dict[str, tuple]:
    """Anyone signed in (the platform's staff too, unless told otherwise)."""
    return E(
        anonymous=anonymous,
        teacher=code,
        representative=code,
        coordinator=code,
        other_coordinator=code,
        staff=code if staff is None else staff,
    )


def parties(
    ok: int, *, teacher: Any = None, principal: Any = None, representative: Any = None, coordinator: Any = 403
) -> dict[str, tuple]:
    """The two parties of a pairing (a school's teachers and principal, a company's representatives) on their own;
    another pairing's does not exist for them (404), nor for a Vantaa coordinator or the staff. The Espoo
    coordinator sees both pairings (they are in Espoo) and may do what `coordinator` says."""
    return E(
        teacher=teacher if teacher is not None else (ok, 404),
        principal=principal if principal is not None else (ok, 404),
        representative=representative if representative is not None else (ok, 404),
        coordinator=coordinator,
    )


def coordinators(ok: int, *, others: int = 403, other_coordinator: Any = 404) -> dict[str, tuple]:
    """Only a coordinator of the object's municipality (Espoo); everyone else signed in gets `others`."""
    return E(
        teacher=others,
        representative=others,
        coordinator=ok,
        other_coordinator=other_coordinator,
        staff=others,
    )


def company_only(ok: int, *, other: int = 404, rest: int = 404, coordinator: Any = None) -> dict[str, tuple]:
    """The proposal's own company; another company gets `other`, everyone else `rest`."""
    return E(
        teacher=rest,
        representative=(ok, other),
        coordinator=rest if coordinator is None else coordinator,
        other_coordinator=rest,
        staff=rest,
    )


def unit_only(ok: int, *, other: int = 404, rest: int = 404) -> dict[str, tuple]:
    """The need's own unit (teachers and principal); another unit gets `other`, everyone else `rest`."""
    return E(teacher=(ok, other), representative=rest, coordinator=rest, other_coordinator=rest, staff=rest)


# Request bodies: built from the side's objects (`w`) and the user who sends it


def proposal_body(w, user) -> dict:
    return {
        "title": "Murtolukuseikkailu",
        "summary": "Peli, jossa murtoluvut tulevat tutuiksi.",
        "description": "Neljän viikon pilotti: oppilaat pelaavat tableteilla kahdesti viikossa.",
        "subjects": ["mathematics"],
        "levels": ["grade_3", "grade_4"],
        "languages": ["fi"],
        **window(),
        "capacity": 10,  # the world's offer has accepted 6 groups
        "teacher_hours": 6,
        "requirements": "Tabletit",
        "delivery": "onsite",
        "municipalities": ["espoo"],
        "processes_personal_data": False,
    }


def need_body(w, user) -> dict:
    return {
        "title": "Murtoluvut toiminnallisesti",
        "description": "4B-luokka tarvitsee konkreettisia tapoja ymmärtää murtolukuja.",
        "subjects": ["mathematics"],
        "levels": ["grade_4"],
        "language": "fi",
        "group_size": 22,
        **window(),
        "accepts_remote": True,
    }


def feedback_body(w, user) -> dict:
    return {"rating": 4, "goals": "yes", "again": True, "worked": "Hyvin.", "change": ""}


def feedback_form(w, user) -> dict:
    return {"rating": "4", "goals": "yes", "again": "yes", "worked": "Hyvin.", "change": ""}


def agreement_form(w, user) -> dict:
    """The party's part of the draft agreement as its form posts it (a non-party posts the school's)."""
    from frontend.workflow_forms import AgreementForm

    member = user.member if user is not None else None
    party = "company" if member is not None and member.role == Role.REPRESENTATIVE else "school"
    snapshot = Agreement.objects.get(pk=w["agreement"]).snapshot
    return {**AgreementForm.bound_from(snapshot, party), "title": "Murtoluvut pelillisesti"}


COMMENT = {"comment": "Perustelu."}


def sign_body(w, user) -> dict:
    return {"document_sha256": w["approved_sha256"]}


def sees(
    *,
    teacher: tuple = (True, False),
    principal: tuple | None = None,
    representative: tuple = (True, False),
    coordinator: tuple = (True, True),
    other_coordinator: tuple = (False, False),
    staff: tuple = (False, False),
) -> dict[str, tuple]:
    """Whether a list shows the role the side's object (own, other): by default a pairing's, seen by its parties
    and by the coordinators of its municipality."""
    return {
        "anonymous": (False, False),
        "teacher": teacher,
        "principal": teacher if principal is None else principal,
        "representative": representative,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "staff": staff,
    }


NOBODY = (False, False)


@dataclass(frozen=True)
class Row:
    method: str
    path: str  # {name} is filled from the world: the object of the side asked about
    expect: dict[str, tuple]
    body: dict | Callable[[dict, Any], dict] | None = None
    multipart: bool = False
    # A list: the side's object (a placeholder) that it must show, or must not, as `sees` says per role.
    lists: tuple[str, dict[str, tuple]] | None = None
    why: str = field(default="", compare=False)

    @property
    def api(self) -> bool:
        return self.path.startswith("/api/v1/")

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}"


P = "/api/v1"

# fmt: off
ROWS = [
    # The API: accounts and the caller's own data
    Row("POST", f"{P}/auth/token/", public(400), {"email": "nobody@kyky.example", "password": "wrong"},
        why="anyone may ask; wrong credentials are a 400 whoever asks"),
    Row("DELETE", f"{P}/auth/token/revoke/", members(204)),
    Row("POST", f"{P}/auth/logout/", members(204)),
    Row("GET", f"{P}/me/", members(200)),
    Row("PATCH", f"{P}/me/", members(200), {"language": "fi"}),
    Row("DELETE", f"{P}/me/", members(204), why="everyone may delete their own account, and only that"),
    Row("GET", f"{P}/me/tasks/", members(200)),
    Row("GET", f"{P}/me/export/", members(200)),
    Row("GET", f"{P}/", members(200)),
    # Code lists and verification: public
    Row("GET", f"{P}/subjects/", public()),
    Row("GET", f"{P}/levels/", public()),
    Row("GET", f"{P}/languages/", public()),
    Row("GET", f"{P}/agreements/verify/{{final_sha256}}/", public()),
    Row("POST", f"{P}/agreements/verify/", public(200), {"file": b"%PDF-1.4 not really"}, multipart=True),
    # Proposals
    Row("GET", f"{P}/proposals/", members(), lists=("draft_proposal", sees(teacher=NOBODY, coordinator=NOBODY))),
    Row("POST", f"{P}/proposals/", E(representative=201, teacher=403, coordinator=403, other_coordinator=403,
                                     staff=403), proposal_body),
    Row("GET", f"{P}/proposals/{{proposal}}/", members()),
    Row("GET", f"{P}/proposals/{{draft_proposal}}/", company_only(200)),
    Row("GET", f"{P}/proposals/{{closed_proposal}}/",
        E(teacher=404, representative=(200, 404), coordinator=200, other_coordinator=200, staff=200),
        why="closed in Espoo: gone for Espoo's schools and other companies, still there for its company and "
            "the coordinators (who may reopen it) and elsewhere"),
    Row("PATCH", f"{P}/proposals/{{proposal}}/", company_only(200, other=403, rest=403), {"title": "Uusi nimi"}),
    Row("DELETE", f"{P}/proposals/{{draft_proposal}}/", company_only(204)),
    Row("POST", f"{P}/proposals/{{draft_proposal}}/publish/", company_only(200)),
    Row("POST", f"{P}/proposals/{{proposal}}/close/",
        E(teacher=403, representative=(200, 403), coordinator=200, other_coordinator=403, staff=200), COMMENT,
        why="the company closes everywhere, a coordinator it serves for their municipality, the staff moderates"),
    Row("POST", f"{P}/proposals/{{closed_proposal}}/reopen/",
        E(teacher=404, representative=(403, 404), coordinator=200, other_coordinator=403, staff=403), COMMENT,
        why="closed in Espoo: gone for Espoo's schools and other companies; its company sees it but only a "
            "coordinator reopens"),
    Row("POST", f"{P}/proposals/{{proposal}}/request_changes/", coordinators(200, other_coordinator=403), COMMENT),
    Row("POST", f"{P}/proposals/{{changes_proposal}}/withdraw_request/", coordinators(200, other_coordinator=403)),
    Row("GET", f"{P}/proposals/{{proposal}}/matches/", E(teacher=403, representative=(200, 403), coordinator=200,
                                                          other_coordinator=403, staff=403)),
    Row("POST", f"{P}/proposals/{{proposal}}/matches/{{need}}/hide/",
        E(teacher=403, representative=(200, 403), coordinator=200, other_coordinator=403, staff=403)),
    # Needs
    Row("GET", f"{P}/needs/", members(), lists=("draft_need", sees(representative=NOBODY, coordinator=NOBODY))),
    Row("POST", f"{P}/needs/", E(teacher=201, representative=403, coordinator=403, other_coordinator=403, staff=403),
        need_body),
    Row("GET", f"{P}/needs/{{need}}/", members()),
    Row("GET", f"{P}/needs/{{draft_need}}/", unit_only(200)),
    Row("PATCH", f"{P}/needs/{{need}}/", unit_only(200, other=403, rest=403), {"title": "Uusi nimi"}),
    Row("DELETE", f"{P}/needs/{{draft_need}}/", unit_only(204)),
    Row("POST", f"{P}/needs/{{draft_need}}/publish/", unit_only(200)),
    Row("POST", f"{P}/needs/{{need}}/close/", unit_only(200, other=403, rest=403)),
    Row("GET", f"{P}/needs/{{draft_need}}/matches/", unit_only(200)),
    Row("GET", f"{P}/needs/{{need}}/matches/", members()),
    Row("POST", f"{P}/needs/{{need}}/matches/{{proposal}}/hide/", members(200, staff=403),
        why="anyone who sees a published need may hide a match for their own organisation; staff has none"),
    # Applications
    Row("GET", f"{P}/applications/", members(), lists=("application", sees())),
    Row("POST", f"{P}/applications/", E(teacher=(201, 403), representative=(201, 403), coordinator=403,
                                        other_coordinator=403, staff=403),
        lambda w, user: {"proposal": w["proposal"], "need": w["need"], "message": "Hei"}),
    Row("GET", f"{P}/applications/{{application}}/", parties(200, coordinator=200)),
    Row("POST", f"{P}/applications/{{application}}/accept/",
        parties(200, teacher=(403, 404), representative=(403, 404)),
        why="the company applied: the school answers, and only its principal commits the unit"),
    Row("POST", f"{P}/applications/{{application}}/decline/", parties(200, representative=(403, 404))),
    Row("POST", f"{P}/applications/{{application}}/withdraw/", parties(200, teacher=(403, 404), principal=(403, 404))),
    # Pilots
    Row("GET", f"{P}/pilots/", members(), lists=("pilot", sees())),
    Row("GET", f"{P}/pilots/{{pilot}}/", parties(200, coordinator=200)),
    Row("POST", f"{P}/pilots/{{pilot}}/start/", parties(200)),
    Row("POST", f"{P}/pilots/{{running_pilot}}/feedback/", parties(200), feedback_body),
    Row("POST", f"{P}/pilots/{{running_pilot}}/complete/", parties(403, coordinator=200)),
    # Agreements
    Row("GET", f"{P}/agreements/", members(), lists=("agreement", sees())),
    Row("GET", f"{P}/agreements/{{agreement}}/", parties(200, coordinator=200)),
    Row("PATCH", f"{P}/agreements/{{agreement}}/", parties(200), {"title": "Murtoluvut pelillisesti"}),
    Row("POST", f"{P}/agreements/{{agreement}}/submit/", parties(200)),
    Row("POST", f"{P}/agreements/{{agreement}}/remind/", parties(200)),
    Row("POST", f"{P}/agreements/{{submitted_agreement}}/approve/", parties(403, coordinator=200)),
    Row("POST", f"{P}/agreements/{{submitted_agreement}}/return/", parties(403, coordinator=200), COMMENT),
    Row("POST", f"{P}/agreements/{{approved_agreement}}/sign/", parties(200, teacher=(403, 404)), sign_body,
        why="the principal signs for the unit, the representative for the company"),
    Row("POST", f"{P}/agreements/{{agreement}}/cancel/", parties(200, coordinator=200)),
    Row("GET", f"{P}/agreements/{{signed_agreement}}/pdf/", parties(200, coordinator=200)),
    # The same routes in other states: the rule about who comes first (403/404), then the state (409)
    Row("GET", f"{P}/agreements/{{approved_agreement}}/pdf/", parties(200, coordinator=200)),
    Row("PATCH", f"{P}/agreements/{{signed_agreement}}/", parties(409), {"title": "Myöhässä"}),
    Row("POST", f"{P}/agreements/{{approved_agreement}}/cancel/", parties(200, teacher=(403, 404)),
        why="once approved, only those who would sign may call it off"),
    Row("POST", f"{P}/agreements/{{signed_agreement}}/cancel/", parties(409, coordinator=409)),
    Row("POST", f"{P}/agreements/{{signed_agreement}}/sign/", parties(409, teacher=(403, 404)), sign_body),
    Row("POST", f"{P}/agreements/{{signed_agreement}}/approve/", parties(403, coordinator=409)),
    Row("POST", f"{P}/pilots/{{running_pilot}}/start/", parties(409)),
    # Rounds and their suggestions (offers)
    Row("GET", f"{P}/rounds/", E(teacher=403, representative=403, coordinator=200, other_coordinator=200, staff=403),
        lists=("round", sees(teacher=NOBODY, representative=NOBODY))),
    Row("POST", f"{P}/rounds/", E(teacher=403, representative=403, coordinator=201, other_coordinator=201,
                                  staff=403), lambda w, user: window()),
    Row("GET", f"{P}/rounds/{{round}}/", coordinators(200)),
    Row("POST", f"{P}/rounds/{{round}}/remove/", coordinators(200), lambda w, user: {"pairs": [w["round_pair"]]}),
    Row("POST", f"{P}/rounds/{{round}}/confirm/", coordinators(200)),
    Row("POST", f"{P}/rounds/{{round}}/cancel/", coordinators(200)),
    Row("GET", f"{P}/suggestions/", members(), lists=("offer", sees(coordinator=NOBODY))),
    Row("GET", f"{P}/suggestions/{{offer}}/", parties(200, coordinator=404)),
    Row("POST", f"{P}/suggestions/{{offer}}/apply/", parties(409, coordinator=404),
        why="an offered pair is answered as an offer: 409 for its sides"),
    Row("POST", f"{P}/suggestions/{{offer}}/accept/", parties(200, teacher=(403, 404), coordinator=404)),
    Row("POST", f"{P}/suggestions/{{offer}}/decline/", parties(200, coordinator=404)),
    # References and reports
    Row("GET", f"{P}/references/", members(), lists=("reference", sees(teacher=NOBODY))),
    Row("GET", f"{P}/references/{{reference}}/", public()),
    Row("POST", f"{P}/references/{{reference}}/withdraw/", coordinators(200, other_coordinator=403),
        {"reason": "Ei pidä paikkaansa."}, why="public by code, so an outsider coordinator gets 403, not 404"),
    Row("GET", f"{P}/reports/", E(teacher=403, representative=403, coordinator=200, other_coordinator=200,
                                  staff=403), why="each coordinator reads their own municipality's figures"),
    # The OpenAPI description
    Row("GET", "/api/schema/", public()),
    Row("GET", "/api/docs/", public()),

    # Pages: public ones
    Row("GET", "/", public()),
    Row("GET", "/accessibility/", public()),
    Row("GET", "/feedback/", public()),
    Row("POST", "/feedback/", public(302), {"message": "Hyvä palvelu.", "email": "", "page": "/"}),
    Row("GET", "/verify/", public()),
    Row("POST", "/verify/", public(200), {"file": b"%PDF-1.4 not really"}, multipart=True),
    Row("GET", "/verify/{verification_code}/", public()),
    Row("GET", "/references/{reference}/", public()),
    Row("GET", "/references/{reference}/badge.svg", public()),
    Row("GET", "/calendar/{calendar}.ics", public(), why="the address is the secret"),
    Row("POST", "/i18n/setlang/", public(302), {"language": "fi", "next": "/"}),
    Row("POST", "/i18n/setlang-keep/", public(302), {"ui_language": "fi", "next": "/"}),
    # Signing in and out
    Row("GET", "/accounts/login/", E(anonymous=200, teacher=302, representative=302, coordinator=302,
                                     other_coordinator=302, staff=302), why="the signed-in go to their start page"),
    Row("POST", "/accounts/login/", E(anonymous=200, teacher=302, representative=302, coordinator=302,
                                      other_coordinator=302, staff=302), {"username": "x@kyky.example", "password": "x"}),
    Row("GET", "/accounts/logout/", public()),
    Row("POST", "/accounts/logout/", public(302)),
    Row("GET", "/accounts/password-reset/", public()),
    Row("POST", "/accounts/password-reset/", public(302), {"email": "nobody@kyky.example"}),
    Row("GET", "/accounts/password-reset/sent/", public()),
    Row("GET", "/accounts/reset/MQ/bad-token/", public(), why="a wrong link says so, for anyone"),
    Row("GET", "/accounts/reset/done/", public()),
    Row("GET", "/oidc/authenticate/", public(404), why="sign-in through the city is off unless configured"),
    Row("GET", "/oidc/callback/", public(404)),
    Row("GET", "/oidc/refused/", public(403)),
    # The signed-in user's own pages
    Row("GET", "/settings/", members()),
    Row("POST", "/settings/", members(302), {"language": "en", "notifications": "digest"}),
    Row("POST", "/settings/calendar/", members(302)),
    Row("GET", "/tasks/badge/", members()),
    Row("GET", "/settings/data/", members()),
    Row("GET", "/settings/data/export/", members()),
    Row("GET", "/settings/data/delete/", members()),
    Row("POST", "/settings/data/delete/", members(302), lambda w, user: {"email": user.email if user else "", "confirm": "on"}),
    # Proposals
    Row("GET", "/proposals/", members()),
    Row("GET", "/proposals/new/", E(teacher=403, representative=200, coordinator=403, other_coordinator=403,
                                    staff=403)),
    Row("POST", "/proposals/new/", E(teacher=403, representative=302, coordinator=403, other_coordinator=403,
                                     staff=403), proposal_body),
    Row("GET", "/proposals/{proposal}/", members()),
    Row("GET", "/proposals/{draft_proposal}/", company_only(200)),
    Row("GET", "/proposals/{proposal}/edit/", company_only(200, other=403, rest=403)),
    Row("POST", "/proposals/{proposal}/edit/", company_only(302, other=403, rest=403), proposal_body),
    Row("GET", "/proposals/{draft_proposal}/delete/", company_only(200)),
    Row("POST", "/proposals/{draft_proposal}/delete/", company_only(302)),
    Row("POST", "/proposals/{draft_proposal}/publish/", company_only(302)),
    Row("POST", "/proposals/{proposal}/close/",
        E(teacher=403, representative=(302, 403), coordinator=200, other_coordinator=403, staff=302), COMMENT,
        why="a coordinator's close is moderation: the confirmation step first"),
    Row("POST", "/proposals/{closed_proposal}/reopen/",
        E(teacher=404, representative=(403, 404), coordinator=302, other_coordinator=403, staff=403)),
    Row("GET", "/proposals/{proposal}/close-here/", coordinators(200, other_coordinator=403)),
    Row("GET", "/proposals/{closed_proposal}/close-here/",
        E(teacher=404, representative=(403, 404), coordinator=409, other_coordinator=403, staff=403)),
    Row("POST", "/proposals/{proposal}/close-here/", coordinators(302, other_coordinator=403),
        {"comment": "Ei sovi.", "confirmed": "True"}),
    Row("POST", "/proposals/{proposal}/request-changes/", coordinators(302, other_coordinator=403), COMMENT),
    Row("POST", "/proposals/{changes_proposal}/withdraw-request/", coordinators(302, other_coordinator=403)),
    Row("POST", "/proposals/{proposal}/matches/{need}/hide/",
        E(teacher=403, representative=(302, 403), coordinator=302, other_coordinator=403, staff=403)),
    Row("POST", "/proposals/{proposal}/interest/",
        E(teacher=(302, 400), representative=403, coordinator=403, other_coordinator=403, staff=403),
        lambda w, user: {"need": w["need"], "message": "Hei"},
        why="a unit offers only its own needs: another unit's is not a choice (400, nothing saved)"),
    # Needs
    Row("GET", "/needs/", members()),
    Row("GET", "/needs/new/", E(teacher=200, representative=403, coordinator=403, other_coordinator=403, staff=403)),
    Row("POST", "/needs/new/", E(teacher=302, representative=403, coordinator=403, other_coordinator=403, staff=403),
        need_body),
    Row("GET", "/needs/{need}/", members()),
    Row("GET", "/needs/{draft_need}/", unit_only(200)),
    Row("GET", "/needs/{need}/edit/", unit_only(200, other=403, rest=403)),
    Row("POST", "/needs/{need}/edit/", unit_only(302, other=403, rest=403), need_body),
    Row("GET", "/needs/{draft_need}/delete/", unit_only(200)),
    Row("POST", "/needs/{draft_need}/delete/", unit_only(302)),
    Row("POST", "/needs/{draft_need}/publish/", unit_only(302)),
    Row("POST", "/needs/{need}/close/", unit_only(302, other=403, rest=403)),
    Row("POST", "/needs/{need}/matches/{proposal}/hide/", members(302, staff=403)),
    Row("POST", "/needs/{need}/apply/",
        E(teacher=403, representative=(302, 400), coordinator=403, other_coordinator=403, staff=403),
        lambda w, user: {"proposal": w["proposal"], "message": "Hei"}),
    # Applications, offers and suggestions
    Row("GET", "/applications/?page_size=50", members(), lists=("latest_need", sees()),
        why="the page names an application by its need"),
    Row("GET", "/applications/{application}/", parties(200, coordinator=200)),
    Row("POST", "/applications/{application}/accept/", parties(302, teacher=(403, 404), representative=(403, 404))),
    Row("POST", "/applications/{application}/decline/", parties(302, representative=(403, 404))),
    Row("POST", "/applications/{application}/withdraw/", parties(302, teacher=(403, 404), principal=(403, 404))),
    Row("GET", "/offers/{offer}/", parties(200, coordinator=404)),
    Row("POST", "/offers/{offer}/accept/", parties(302, teacher=(403, 404), coordinator=404)),
    Row("POST", "/offers/{offer}/decline/", parties(302, coordinator=404)),
    Row("POST", "/suggestions/{offer}/apply/", parties(409, coordinator=404)),
    # Agreements and pilots
    Row("GET", "/agreements/", members(), lists=("agreement", sees())),
    Row("GET", "/agreements/{agreement}/", parties(200, coordinator=200)),
    Row("GET", "/agreements/{agreement}/edit/", parties(200)),
    Row("POST", "/agreements/{agreement}/edit/", parties(302), lambda w, user: agreement_form(w, user)),
    Row("GET", "/agreements/{signed_agreement}/pdf/", parties(200, coordinator=200)),
    Row("POST", "/agreements/{agreement}/submit/", parties(302)),
    Row("POST", "/agreements/{agreement}/remind/", parties(302)),
    Row("POST", "/agreements/{submitted_agreement}/approve/", parties(403, coordinator=302)),
    Row("POST", "/agreements/{submitted_agreement}/return/", parties(403, coordinator=302), COMMENT),
    Row("POST", "/agreements/{approved_agreement}/sign/", parties(302, teacher=(403, 404)), sign_body),
    Row("GET", "/agreements/{agreement}/cancel/", parties(200, coordinator=200)),
    Row("POST", "/agreements/{agreement}/cancel/", parties(302, coordinator=302), {"confirm": "on", "comment": ""}),
    Row("GET", "/pilots/{pilot}/", parties(302, coordinator=302), why="a pilot lives on its agreement's page"),
    Row("POST", "/pilots/{pilot}/start/", parties(302)),
    Row("POST", "/pilots/{running_pilot}/feedback/", parties(302), feedback_form),
    Row("POST", "/pilots/{running_pilot}/complete/", parties(403, coordinator=302)),
    # References
    Row("GET", "/references/", members(), lists=("reference", sees(teacher=NOBODY))),
    Row("POST", "/references/{reference}/withdraw/", coordinators(302, other_coordinator=403),
        {"reason": "Ei pidä paikkaansa."}),
    # The coordinator's pages
    Row("GET", "/coordinator/", E(teacher=403, representative=403, coordinator=200, other_coordinator=200,
                                  staff=403)),
    Row("GET", "/coordinator/reports/", E(teacher=403, representative=403, coordinator=200, other_coordinator=200,
                                          staff=403)),
    Row("POST", "/coordinator/rounds/", E(teacher=403, representative=403, coordinator=302, other_coordinator=302,
                                          staff=403), lambda w, user: window()),
    Row("GET", "/coordinator/rounds/{round}/", coordinators(200)),
    Row("POST", "/coordinator/rounds/{round}/remove/", coordinators(302),
        lambda w, user: {"only": w["round_pair"]}),
    Row("POST", "/coordinator/rounds/{round}/confirm/", coordinators(302)),
    Row("POST", "/coordinator/rounds/{round}/cancel/", coordinators(302)),
    # Django's admin: every page of it goes through admin_site.admin_view, which this row stands for
    Row("GET", "/admin/", E(anonymous=302, teacher=302, representative=302, coordinator=302, other_coordinator=302,
                            staff=200)),
]
# fmt: on


# The world


def _member(organisation, role, email):
    return MembershipFactory(organisation=organisation, role=role, user__email=email).user


def _commit(step, *args, **kwargs):
    """Run a step and what it queues for after its commit (stored PDFs, e-mails), as a real request would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return step(*args, **kwargs)


def _pair(*, unit, company, teacher, principal, representative, coordinator, level: str) -> dict[str, Any]:
    """One side's objects: published and draft offers and needs, an application, agreements in each state."""
    w: dict[str, Any] = {}
    proposal = ProposalFactory(organisation=company, capacity=10, title=f"Murtolukupeli {level}")
    w["proposal"] = proposal.pk
    w["draft_proposal"] = ProposalFactory(organisation=company, status=Proposal.Status.DRAFT).pk
    closed = ProposalFactory(organisation=company)
    pilots.proposal_close_here(actor=coordinator, proposal=closed, comment="Ei sovi Espooseen.")
    w["closed_proposal"] = closed.pk
    asked = ProposalFactory(organisation=company)
    pilots.proposal_request_changes(actor=coordinator, proposal=asked, comment="Tarkenna kuvausta.")
    w["changes_proposal"] = asked.pk
    w["need"] = NeedFactory(organisation=unit, created_by=teacher).pk
    w["draft_need"] = NeedFactory(organisation=unit, created_by=teacher, status=Need.Status.DRAFT).pk
    w["application"] = pilots.application_create(
        actor=representative, proposal=proposal, need=NeedFactory(organisation=unit, created_by=teacher), message=""
    ).pk

    def accepted():
        need = NeedFactory(organisation=unit, created_by=teacher)
        application = pilots.application_create(actor=representative, proposal=proposal, need=need)
        return process.application_accept(actor=principal, application=application)

    def approved():
        pilot = accepted()
        agreements.agreement_submit(actor=teacher, agreement=pilot.agreement)
        agreements.agreement_submit(actor=representative, agreement=pilot.agreement)
        _commit(agreements.agreement_approve, actor=coordinator, agreement=pilot.agreement)
        return pilot, Agreement.objects.get(pk=pilot.agreement.pk)

    def signed():
        pilot, agreement = approved()
        agreements.agreement_sign(actor=principal, agreement=agreement, document_sha256=agreement.approved_sha256)
        _commit(
            agreements.agreement_sign,
            actor=representative,
            agreement=agreement,
            document_sha256=agreement.approved_sha256,
        )
        return pilot, Agreement.objects.get(pk=agreement.pk)

    def running():
        pilot, _agreement = signed()
        pilot = Pilot.objects.get(pk=pilot.pk)  # with its agreement as signed, not as the caller last saw it
        pilots.pilot_start(actor=teacher, pilot=pilot)
        for user in (teacher, representative):
            pilots.pilot_feedback(actor=user, pilot=pilot, **feedback_body(w, user))
        return pilot

    w["agreement"] = accepted().agreement.pk
    pilot = accepted()
    agreements.agreement_submit(actor=teacher, agreement=pilot.agreement)
    agreements.agreement_submit(actor=representative, agreement=pilot.agreement)
    w["submitted_agreement"] = pilot.agreement.pk
    _pilot, agreement = approved()
    w["approved_agreement"], w["approved_sha256"] = agreement.pk, agreement.approved_sha256
    pilot, agreement = signed()
    w["pilot"], w["signed_agreement"] = pilot.pk, agreement.pk
    w["final_sha256"], w["verification_code"] = agreement.final_sha256, agreement.verification_code
    w["running_pilot"] = running().pk
    done = Pilot.objects.get(pk=running().pk)
    _commit(process.pilot_complete, actor=coordinator, pilot=done)
    w["reference"] = Reference.objects.get(pilots=done).code
    w["latest_need"] = done.need_id  # of the side's newest application
    w["calendar"] = account_services.calendar_secret(user=teacher)
    return w


def build_world() -> dict[str, Any]:
    espoo, vantaa = Municipality.objects.get(pk="espoo"), Municipality.objects.get(pk="vantaa")
    school = OrganisationFactory(name="Auroran koulu", languages=["fi"])
    other_school = OrganisationFactory(name="Mattlidens skola", languages=["sv"])
    company, other_company = CompanyFactory(name="Laskuri Oy"), CompanyFactory(name="Kielikone Oy")
    espoo_city = CityFactory(municipality=espoo, name="Espoon kaupunki")
    vantaa_city = CityFactory(municipality=vantaa, name="Vantaan kaupunki")
    users = {
        "anonymous": None,
        "teacher": _member(school, Role.TEACHER, "teacher@auroran.example"),
        "principal": _member(school, Role.PRINCIPAL, "principal@auroran.example"),
        "representative": _member(company, Role.REPRESENTATIVE, "rep@laskuri.example"),
        "coordinator": _member(espoo_city, Role.COORDINATOR, "coordinator@espoo.example"),
        "other_coordinator": _member(vantaa_city, Role.COORDINATOR, "coordinator@vantaa.example"),
        "staff": UserFactory(email="admin@kyky.example", is_staff=True, is_superuser=True),
    }
    colleague = _member(espoo_city, Role.COORDINATOR, "colleague@espoo.example")
    sides = {
        "own": {
            "unit": school,
            "company": company,
            "teacher": users["teacher"],
            "principal": users["principal"],
            "representative": users["representative"],
            "level": "ece",
        },
        "other": {
            "unit": other_school,
            "company": other_company,
            "teacher": _member(other_school, Role.TEACHER, "teacher@mattliden.example"),
            "principal": _member(other_school, Role.PRINCIPAL, "principal@mattliden.example"),
            "representative": _member(other_company, Role.REPRESENTATIVE, "rep@kielikone.example"),
            "level": "upper_secondary",
        },
    }
    # First a confirmed round, while only its two pairs exist: each side gets one offer.
    for side in sides.values():
        side["offer_need"] = NeedFactory(organisation=side["unit"], created_by=side["teacher"], levels=[side["level"]])
        ProposalFactory(organisation=side["company"], levels=[side["level"]], capacity=2)
    process_cache().clear()
    term = spring()
    confirmed = matching.round_create(actor=users["coordinator"], starts_on=term.first_monday, ends_on=term.last_friday)
    _commit(matching.round_confirm, actor=users["coordinator"], round_=confirmed)
    world: dict[str, Any] = {"users": users}
    for name, side in sides.items():
        world[name] = _pair(
            unit=side["unit"],
            company=side["company"],
            teacher=side["teacher"],
            principal=side["principal"],
            representative=side["representative"],
            coordinator=users["coordinator"],
            level=side["level"],
        )
        world[name]["offer"] = Offer.objects.get(need=side["offer_need"]).pk
    # Draft rounds to preview: the coordinator's own and a colleague's, both Espoo's.
    process_cache().clear()
    for name, author in (("own", users["coordinator"]), ("other", colleague)):
        draft = matching.round_create(actor=author, starts_on=term.first_monday, ends_on=term.last_friday)
        world[name]["round"] = draft.pk
        world[name]["round_pair"] = draft.pairs.values_list("pk", flat=True).first()
        assert world[name]["round_pair"], "a draft round needs a pair to remove"
    world["audit_entries"] = AuditEntry.objects.count()
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once per module (and xdist worker) in a transaction that is rolled back at the end; each case runs in
    a savepoint of it (pytest-django's `db`), rolled back after the case."""
    ten = dt.datetime.combine(TODAY, dt.time(10), tzinfo=HELSINKI)
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), time_machine.travel(ten), fast, transaction.atomic():
        built = build_world()
        yield built
        transaction.set_rollback(True)
    process_cache().clear()


@pytest.fixture
def fresh(world, db):
    """Every case starts from the world as built: nothing a previous case wrote is left."""
    process_cache().clear()
    assert AuditEntry.objects.count() == world["audit_entries"], "a previous case's writes leaked into this one"
    yield world
    process_cache().clear()


def _path(row: Row, values: dict[str, Any]) -> str:
    return row.path.format(**values)


def _send(row: Row, user, values: dict, api, client):
    path = _path(row, values)
    body = row.body(values, user) if callable(row.body) else row.body
    if row.api:
        caller = api.as_user(user) if user is not None else api
        send = getattr(caller, row.method.lower())
        if row.multipart:
            return send(path, {"file": _upload(body["file"])}, format="multipart")
        return send(path, body, format="json") if body is not None else send(path)
    if user is not None:
        client.force_login(user)
    send = getattr(client, row.method.lower())
    if row.multipart:
        return send(path, {"file": _upload(body["file"])})
    return send(path, body or {}) if row.method != "GET" else send(path)


LINKS = {"latest_need": "/needs/{}/", "agreement": "/agreements/{}/", "reference": "/references/{}/"}


def _listed(row: Row, response, name: str, value) -> bool:
    """Whether the list answered shows the object: by its id (or code) in the API, by its link on a page."""
    if row.api:
        return any(value in (item.get("id"), item.get("code")) for item in response.json()["results"])
    return LINKS[name].format(value) in response.content.decode()


def _upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("agreement.pdf", content, content_type="application/pdf")


CASES = [
    pytest.param(row, role, side, id=f"{row.id} {role} {side}") for row in ROWS for role in ROLES for side in SIDES
]


@pytest.mark.parametrize(("row", "role", "side"), CASES)
def test_matrix(row: Row, role: str, side: str, fresh, api, client):
    expected = row.expect[role][SIDES.index(side)]
    if expected == AUTH:
        expected = 401 if row.api else LOGIN
    before = AuditEntry.objects.count()
    response = _send(row, fresh["users"][role], fresh[side], api, client)
    where = f"{row.id} as {role} on {side}: {response.status_code}"
    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), where
    else:
        detail = b"" if response.status_code < 400 else getattr(response, "content", b"")[:300]
        assert response.status_code == expected, f"{where}, expected {expected} {detail!r}"
    if row.lists and response.status_code == 200:
        name, seen = row.lists
        shown = _listed(row, response, name, fresh[side][name])
        assert shown == seen[role][SIDES.index(side)], f"{where}: the list {'shows' if shown else 'hides'} {name}"
    if response.status_code >= 400:
        assert AuditEntry.objects.count() == before, f"{where}: a refused request changed something"
        if row.api and response.status_code in (401, 403, 404):
            assert set(response.json()) >= {"detail", "code"}, where


# Coverage: a URL without a row fails here


def _walk(resolver: URLResolver, prefix: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, prefix + str(pattern.pattern).removeprefix("^"))
        else:
            yield prefix + str(pattern.pattern).removeprefix("^"), pattern  # as ResolverMatch.route spells it


SAMPLE = {
    "final_sha256": "0" * 64,
    "reference": "abcdefgh12",
    "verification_code": "ABCD-EFGH-IJKL",
    "calendar": "secret",
    "approved_sha256": "0" * 64,
}


def _covered() -> dict[str, set[str]]:
    """Each route the table's rows reach, with the methods they ask it."""

    class Sample(dict):
        def __missing__(self, key):
            return SAMPLE.get(key, "1")

    covered: dict[str, set[str]] = {}
    for row in ROWS:
        match = resolve(row.path.format_map(Sample()).partition("?")[0])
        covered.setdefault(match.route, set()).add(row.method)
    return covered


def _methods(pattern: URLPattern) -> set[str]:
    """The methods a DRF route answers (its viewset's actions or its view's handlers); pages: any one row."""
    callback = pattern.callback
    view = getattr(callback, "cls", None)
    actions = getattr(callback, "actions", None)
    if actions:
        # (DRF adds "head" to a GET route's actions on its first request: neither it nor "options" needs a row.)
        return {m.upper() for m in actions if m in view.http_method_names and m not in ("head", "options")}
    if view is not None and hasattr(view, "http_method_names"):
        return {m.upper() for m in view.http_method_names if m not in ("head", "options") and hasattr(view, m)}
    return set()


def test_every_url_has_a_row():
    covered = _covered()
    missing = []
    for route, pattern in _walk(get_resolver()):
        if route.startswith("admin/") and "admin/" in covered:
            continue  # Django's admin: every page is wrapped by admin_site.admin_view, checked by the /admin/ row
        if "<format>" in route or "<drf_format_suffix:format>" in route:
            # DRF's format-suffix twin (.json) of a route: the same view; it needs its twin covered.
            twin = route.replace(r"\.(?P<format>[a-z0-9]+)/?$", "/$").replace("<drf_format_suffix:format>", "")
            if twin not in covered:
                missing.append(f"{route} (the format twin of an uncovered route)")
            continue
        if route not in covered:
            missing.append(f"{route} ({pattern.name})")
            continue
        if lacking := _methods(pattern) - covered[route]:
            missing.append(f"{route} ({pattern.name}) {sorted(lacking)}")
    assert not missing, "URLs without a row in the authorization matrix:\n" + "\n".join(missing)


def test_the_world_is_untouched(fresh):
    """The world every case starts from is the one built (the cases' writes were rolled back)."""
    assert Agreement.objects.filter(pk=fresh["own"]["agreement"], status="draft").exists()
    assert Round.objects.filter(pk=fresh["own"]["round"], status="draft").exists()
    assert Offer.objects.filter(pk=fresh["own"]["offer"], status="offered").exists()
    assert Proposal.objects.filter(pk=fresh["own"]["draft_proposal"]).exists()
