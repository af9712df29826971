"""Proposal pages: the list, the page of one proposal, the form and the owner's buttons, for every role."""

from __future__ import annotations

import datetime as dt

import pytest

from kyky.core.models import AuditEntry
from kyky.pilots.models import Proposal
from tests.factories import ProposalFactory, spring, window

pytestmark = pytest.mark.django_db


def form_data(**changes):
    data = {
        "title": "Murtolukuseikkailu",
        "summary": "Peli, jossa murtoluvut tulevat tutuiksi.",
        "description": "Neljän viikon pilotti: oppilaat pelaavat tableteilla kahdesti viikossa.",
        "levels": ["grade_3", "grade_4"],
        "subjects": ["mathematics"],
        "languages": ["fi", "sv"],
        **window(ends_on=spring().friday(17)),
        "delivery": "hybrid",
        "municipalities": ["espoo", "vantaa"],
        "capacity": "4",
        "teacher_hours": "6",
        "requirements": "Tabletit, wifi",
    }
    data.update(changes)
    return data


@pytest.fixture
def published(company, representative):
    return ProposalFactory(organisation=company, title="Murtolukupeli", processes_personal_data=True)


@pytest.fixture
def draft(company, representative):
    return ProposalFactory(organisation=company, title="Luonnos", status=Proposal.Status.DRAFT)


# The list


def test_anonymous_is_sent_to_log_in(client):
    response = client.get("/proposals/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/proposals/")


def test_teacher_sees_published_proposals_but_not_other_companies_drafts(as_user, teacher, published, draft):
    response = as_user(teacher).get("/proposals/")
    assert response.status_code == 200
    assert "Murtolukupeli" in response.text
    assert "Luonnos" not in response.text
    assert "1 pilot offer found" in response.text


def test_representative_finds_their_own_drafts(as_user, representative, published, draft):
    response = as_user(representative).get("/proposals/?status=&mine=true")
    assert "Murtolukupeli" in response.text
    assert "Luonnos" in response.text


def test_list_filters_with_the_api_parameters(as_user, teacher, company):
    ProposalFactory(
        organisation=company,
        title="Laulupeli",
        summary="Laulua.",
        description="Lauluja.",
        subjects=["music"],
        levels=["grade_1"],
    )
    ProposalFactory(organisation=company, title="Murtolukupeli", subjects=["mathematics"], languages=["sv"])
    client = as_user(teacher)
    assert "Laulupeli" not in client.get("/proposals/?subject=mathematics").text
    assert "Murtolukupeli" not in client.get("/proposals/?level=grade_1").text
    assert "Laulupeli" not in client.get("/proposals/?language=sv").text
    assert "Laulupeli" not in client.get("/proposals/?q=murtoluku").text
    after, before = spring().last_friday + dt.timedelta(days=1), spring().first_monday - dt.timedelta(days=1)
    assert "Laulupeli" not in client.get(f"/proposals/?date_from={after}").text
    assert "0 pilot offers found" in client.get(f"/proposals/?date_to={before}").text


def test_the_empty_fields_of_a_submitted_filter_form_mean_any(as_user, representative, published, draft):
    empty = "q=&subject=mathematics&level=&language=&municipality=&date_from=&date_to=&status=published"
    response = as_user(representative).get(f"/proposals/?{empty}", headers={"HX-Request": "true"})
    assert "Murtolukupeli" in response.text and "Luonnos" not in response.text
    response = as_user(representative).get("/proposals/?q=&status=&mine=true")
    assert "2 pilot offers found" in response.text


def test_htmx_shows_filter_errors_with_the_results(as_user, teacher, published):
    response = as_user(teacher).get("/proposals/?date_to=soon", headers={"HX-Request": "true"})
    assert 'role="alert"' in response.text and "Running on or before" in response.text


def test_filters_work_without_javascript_as_a_plain_get_form(as_user, teacher, published):
    response = as_user(teacher).get("/proposals/")
    assert '<form method="get" action="/proposals/#results-head"' in response.text  # lands on the results
    assert 'hx-get="/proposals/"' in response.text
    assert 'hx-push-url="true"' in response.text
    assert '<button type="submit">' in response.text


def test_htmx_gets_only_the_results(as_user, teacher, published):
    response = as_user(teacher).get("/proposals/?q=murtoluku", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Murtolukupeli" in response.text
    assert 'hx-swap-oob="true"' in response.text  # the live result count
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(as_user, teacher, published):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    response = as_user(teacher).get("/proposals/", headers=headers)
    assert "<html" in response.text


def test_a_bad_filter_is_shown_next_to_its_field(as_user, teacher, published):
    response = as_user(teacher).get("/proposals/?date_from=tomorrow")
    assert response.status_code == 200
    assert 'id="id_date_from_error"' in response.text
    assert "0 pilot offers found" in response.text


def test_list_is_paginated(as_user, teacher, company):
    for _ in range(3):
        ProposalFactory(organisation=company)
    client = as_user(teacher)
    first = client.get("/proposals/?page_size=2")
    assert first.text.count('class="item"') == 2
    assert 'href="?page_size=2&amp;page=2"' in first.text
    assert client.get("/proposals/?page_size=2&page=2").text.count('class="item"') == 1


@pytest.mark.parametrize("page_size", [5, 50])
def test_list_renders_in_a_constant_number_of_queries(
    as_user, teacher, company, page_size, django_assert_max_num_queries
):
    for _ in range(60):
        ProposalFactory(organisation=company, subjects=["mathematics", "music"], municipalities=["espoo", "vantaa"])
    client = as_user(teacher)
    # session, user, membership, count, 4 code lists for the filters, the page, 4 prefetched code lists,
    # the coordinators' closures and requests for changes, the teacher's group's published needs (none here,
    # so nothing is ranked)
    with django_assert_max_num_queries(16):
        response = client.get(f"/proposals/?page_size={page_size}")
    assert response.text.count('class="item"') == page_size


# One proposal


def test_teacher_sees_everything_needed_to_decide(as_user, teacher, published):
    response = as_user(teacher).get(f"/proposals/{published.pk}/")
    assert response.status_code == 200
    text = response.text
    for expected in (
        "Murtolukupeli",
        "Pelillinen tapa harjoitella murtolukuja.",
        "10 hours",
        "3 of 3 groups",
        "Pupils' personal data is processed",
        "Grades 3–4",  # grade_3 and grade_4, as a range
        "Mathematics",
        "Finnish",
        "On site",
        "Espoo",
    ):
        assert expected in text, expected
    assert "/edit/" not in text and "/publish/" not in text  # no owner buttons
    assert "History" not in text


def test_owner_sees_buttons_and_history(as_user, representative, draft):
    response = as_user(representative).get(f"/proposals/{draft.pk}/")
    assert f'href="/proposals/{draft.pk}/edit/"' in response.text
    assert f'action="/proposals/{draft.pk}/publish/"' in response.text
    assert f'action="/proposals/{draft.pk}/close/"' not in response.text  # a draft cannot be closed
    assert "History" not in response.text  # factories write no audit entries


@pytest.mark.parametrize("user", ["teacher", "other_representative", "vantaa_coordinator"])
def test_outsiders_get_404_for_a_draft(as_user, request, draft, user):
    client = as_user(request.getfixturevalue(user))
    assert client.get(f"/proposals/{draft.pk}/").status_code == 404
    assert client.get(f"/proposals/{draft.pk}/edit/").status_code == 404
    assert client.post(f"/proposals/{draft.pk}/publish/").status_code == 404
    assert Proposal.objects.get(pk=draft.pk).status == "draft"


def test_unknown_proposal_is_404(as_user, teacher):
    assert as_user(teacher).get("/proposals/999999/").status_code == 404


# Creating and editing


def test_representative_creates_a_draft(as_user, representative, company):
    client = as_user(representative)
    assert client.get("/proposals/new/").status_code == 200
    response = client.post("/proposals/new/", form_data())
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/proposals/{proposal.pk}/"
    assert proposal.organisation == company
    assert proposal.status == "draft"
    assert sorted(proposal.languages.values_list("pk", flat=True)) == ["fi", "sv"]
    assert AuditEntry.objects.filter(object_id=proposal.pk, action="create").exists()


@pytest.mark.parametrize("user", ["teacher", "principal", "coordinator"])
def test_only_representatives_may_create(as_user, request, user):
    client = as_user(request.getfixturevalue(user))
    assert client.get("/proposals/new/").status_code == 403
    assert client.post("/proposals/new/", form_data()).status_code == 403
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_on": "2000-01-01"}, "ends_on"),  # before the start
        ({"capacity": "0"}, "capacity"),
        ({"teacher_hours": "501"}, "teacher_hours"),
        ({"levels": []}, "levels"),
        ({"languages": ["xx"]}, "languages"),
        ({"title": ""}, "title"),
        ({"delivery": "teleport"}, "delivery"),
        ({"starts_on": "someday"}, "starts_on"),
    ],
)
def test_form_errors_show_next_to_the_field_keep_the_input_and_save_nothing(as_user, representative, changes, field):
    response = as_user(representative).post("/proposals/new/", form_data(**changes))
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.text
    assert "Neljän viikon pilotti" in response.text  # what the user typed is still there
    assert not Proposal.objects.exists()


def test_service_errors_are_mapped_onto_the_form(as_user, representative, published, monkeypatch):
    from django.core.exceptions import ValidationError

    from kyky.pilots import services

    def refuse(**kwargs):
        raise ValidationError({"capacity": ["Too few."], "__all__": ["Something else."]})

    monkeypatch.setattr(services, "proposal_update", refuse)
    response = as_user(representative).post(f"/proposals/{published.pk}/edit/", form_data())
    assert 'id="id_capacity_error"' in response.text
    assert "Too few." in response.text and "Something else." in response.text


def test_owner_edits(as_user, representative, published):
    client = as_user(representative)
    page = client.get(f"/proposals/{published.pk}/edit/")
    assert 'value="Murtolukupeli"' in page.text
    response = client.post(f"/proposals/{published.pk}/edit/", form_data(title="Uusi nimi"))
    assert response.status_code == 302
    assert Proposal.objects.get(pk=published.pk).title == "Uusi nimi"


@pytest.mark.parametrize("user", ["teacher", "other_representative", "coordinator"])
def test_insiders_without_the_right_get_403_on_edit(as_user, request, published, user):
    client = as_user(request.getfixturevalue(user))
    assert client.get(f"/proposals/{published.pk}/edit/").status_code == 403
    assert client.post(f"/proposals/{published.pk}/edit/", form_data(title="X")).status_code == 403
    assert Proposal.objects.get(pk=published.pk).title == "Murtolukupeli"


def test_a_closed_proposal_cannot_be_edited(as_user, representative, company):
    closed = ProposalFactory(organisation=company, status=Proposal.Status.CLOSED)
    response = as_user(representative).get(f"/proposals/{closed.pk}/edit/")
    assert response.status_code == 409
    assert "closed" in response.text


def test_a_proposal_closed_while_its_form_was_open_is_a_409_and_keeps_the_input(
    as_user, representative, published, monkeypatch
):
    from kyky.errors import TransitionError
    from kyky.pilots import services

    def closed_meanwhile(**kwargs):
        raise TransitionError(action="edit", current="closed", label="pilot proposal", current_display="closed")

    monkeypatch.setattr(services, "proposal_update", closed_meanwhile)
    response = as_user(representative).post(f"/proposals/{published.pk}/edit/", form_data(title="Uusi nimi"))
    assert response.status_code == 409
    assert "Cannot edit: the pilot proposal is closed." in response.text
    assert 'value="Uusi nimi"' in response.text


# Transitions


def test_owner_publishes_a_draft(as_user, representative, draft):
    response = as_user(representative).post(f"/proposals/{draft.pk}/publish/", follow=True)
    assert response.redirect_chain == [(f"/proposals/{draft.pk}/", 302)]
    assert "The proposal is published" in response.text
    assert Proposal.objects.get(pk=draft.pk).status == "published"
    assert "History" in response.text


def test_publishing_twice_is_a_409_naming_the_state(as_user, representative, published):
    response = as_user(representative).post(f"/proposals/{published.pk}/publish/")
    assert response.status_code == 409
    assert "Cannot publish" in response.text
    assert "published" in response.text


def test_publishing_a_proposal_that_has_ended_is_refused_with_the_reason(as_user, representative, company):
    import datetime as dt

    old = ProposalFactory(
        organisation=company, status="draft", starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2020, 2, 1)
    )
    response = as_user(representative).post(f"/proposals/{old.pk}/publish/")
    assert response.status_code == 400
    assert "already ended" in response.text
    assert Proposal.objects.get(pk=old.pk).status == "draft"


@pytest.mark.parametrize("user", ["teacher", "other_representative"])
def test_insiders_without_the_right_get_403_on_close(as_user, request, published, user):
    assert as_user(request.getfixturevalue(user)).post(f"/proposals/{published.pk}/close/").status_code == 403
    assert Proposal.objects.get(pk=published.pk).status == "published"


def test_coordinator_of_a_served_municipality_closes(as_user, coordinator, vantaa_coordinator, published):
    assert as_user(vantaa_coordinator).post(f"/proposals/{published.pk}/close/").status_code == 403
    page = as_user(coordinator).get(f"/proposals/{published.pk}/")
    assert f'href="/proposals/{published.pk}/close-here/"' in page.text
    assert f'href="/proposals/{published.pk}/edit/"' not in page.text
    assert as_user(coordinator).post(f"/proposals/{published.pk}/close/").status_code == 400  # no reason given
    # A reason sent to the old address leads to the confirmation step, not straight to closing.
    response = as_user(coordinator).post(f"/proposals/{published.pk}/close/", {"comment": "Ei sovi"})
    assert response.status_code == 200 and 'id="confirm-close"' in response.text
    assert not published.closures.exists()
    response = as_user(coordinator).post(
        f"/proposals/{published.pk}/close-here/", {"comment": "Ei sovi", "confirmed": "True"}
    )
    assert response.status_code == 302
    assert Proposal.objects.get(pk=published.pk).status == "published"
    page = as_user(coordinator).get(f"/proposals/{published.pk}/")
    assert f'action="/proposals/{published.pk}/reopen/"' in page.text
    assert as_user(coordinator).post(f"/proposals/{published.pk}/reopen/").status_code == 302
    assert not published.closures.exists()


def test_transitions_only_take_post(as_user, representative, draft):
    assert as_user(representative).get(f"/proposals/{draft.pk}/publish/").status_code == 405
