"""Learning need pages: the list, one need, the form and the unit's buttons, for every role."""

from __future__ import annotations

import pytest

from kyky.pilots.models import Need
from tests.factories import NeedFactory, window

pytestmark = pytest.mark.django_db


def form_data(**changes):
    data = {
        "title": "Murtoluvut haltuun",
        "description": "Nelosluokka tarvitsee toiminnallisen tavan oppia murtolukuja.",
        "levels": ["grade_4"],
        "subjects": ["mathematics"],
        "language": "fi",
        "group_size": "22",
        **window(),
        "accepts_remote": "on",
    }
    data.update(changes)
    return data


@pytest.fixture
def published(school, teacher):
    return NeedFactory(organisation=school, title="Murtoluvut")


@pytest.fixture
def draft(school, teacher):
    return NeedFactory(organisation=school, title="Luonnos", status=Need.Status.DRAFT)


def test_anonymous_is_sent_to_log_in(client):
    assert client.get("/needs/").status_code == 302
    assert client.get("/needs/new/").status_code == 302


def test_representative_browses_published_needs(as_user, representative, published, draft):
    response = as_user(representative).get("/needs/")
    assert response.status_code == 200
    assert "Murtoluvut" in response.text
    assert "Luonnos" not in response.text


def test_needs_filter_and_htmx(as_user, representative, school):
    NeedFactory(organisation=school, title="Laulua", description="Laulua.", subjects=["music"], levels=["grade_1"])
    NeedFactory(organisation=school, title="Murtoluvut")
    client = as_user(representative)
    assert "Laulua" not in client.get("/needs/?subject=mathematics").text
    response = client.get("/needs/?level=grade_1", headers={"HX-Request": "true"})
    assert "<html" not in response.text
    assert "Laulua" in response.text and "Murtoluvut" not in response.text


@pytest.mark.parametrize("page_size", [5, 50])
def test_list_renders_in_a_constant_number_of_queries(
    as_user, representative, school, page_size, django_assert_max_num_queries
):
    for _ in range(60):
        NeedFactory(organisation=school, subjects=["mathematics", "music"], levels=["grade_3", "grade_4"])
    client = as_user(representative)
    with django_assert_max_num_queries(11):
        response = client.get(f"/needs/?page_size={page_size}")
    assert response.text.count('class="item"') == page_size


def test_need_page_shows_the_group_and_the_window(as_user, representative, published):
    response = as_user(representative).get(f"/needs/{published.pk}/")
    assert response.status_code == 200
    for expected in ("Murtoluvut", "Auroran koulu", "Grade 4", "Mathematics", "Finnish", "22 pupils", "Espoo"):
        assert expected in response.text, expected
    assert "/edit/" not in response.text


def test_colleague_in_the_same_unit_sees_buttons(as_user, principal, draft):
    response = as_user(principal).get(f"/needs/{draft.pk}/")
    assert f'href="/needs/{draft.pk}/edit/"' in response.text
    assert f'action="/needs/{draft.pk}/publish/"' in response.text


@pytest.mark.parametrize("user", ["other_teacher", "representative", "coordinator"])
def test_outsiders_get_404_for_a_draft(as_user, request, draft, user):
    client = as_user(request.getfixturevalue(user))
    assert client.get(f"/needs/{draft.pk}/").status_code == 404
    assert client.post(f"/needs/{draft.pk}/edit/", form_data()).status_code == 404
    assert client.post(f"/needs/{draft.pk}/publish/").status_code == 404
    assert Need.objects.get(pk=draft.pk).status == "draft"


@pytest.mark.parametrize("user", ["other_teacher", "representative", "coordinator"])
def test_insiders_without_the_right_get_403(as_user, request, published, user):
    client = as_user(request.getfixturevalue(user))
    assert client.get(f"/needs/{published.pk}/edit/").status_code == 403
    assert client.post(f"/needs/{published.pk}/edit/", form_data(title="X")).status_code == 403
    assert client.post(f"/needs/{published.pk}/close/").status_code == 403
    assert Need.objects.get(pk=published.pk).title == "Murtoluvut"


def test_teacher_creates_a_need_in_the_units_municipality(as_user, teacher, school):
    client = as_user(teacher)
    page = client.get("/needs/new/")
    assert page.status_code == 200
    assert 'value="fi" class="choices" required id="id_language_0" checked' in page.text  # the unit's language
    response = client.post("/needs/new/", form_data())
    need = Need.objects.get()
    assert response["Location"] == f"/needs/{need.pk}/"
    assert (need.organisation, need.municipality_id, need.status, need.accepts_remote) == (
        school,
        "espoo",
        "draft",
        True,
    )


@pytest.mark.parametrize("user", ["representative", "coordinator"])
def test_only_unit_staff_create_needs(as_user, request, user):
    client = as_user(request.getfixturevalue(user))
    assert client.get("/needs/new/").status_code == 403
    assert client.post("/needs/new/", form_data()).status_code == 403
    assert not Need.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_on": "2000-01-01"}, "ends_on"),  # before the start
        ({"group_size": "0"}, "group_size"),
        ({"group_size": "501"}, "group_size"),
        ({"levels": []}, "levels"),
        ({"language": ""}, "language"),
        ({"title": ""}, "title"),
        ({"description": "x" * 5001}, "description"),
    ],
)
def test_form_errors_show_next_to_the_field_keep_the_input_and_save_nothing(as_user, teacher, changes, field):
    response = as_user(teacher).post("/needs/new/", form_data(**changes))
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.text
    assert "toiminnallisen tavan" in response.text or field == "description"
    assert 'aria-invalid="true"' in response.text
    assert not Need.objects.exists()


def test_unit_edits_publishes_and_closes(as_user, principal, draft):
    client = as_user(principal)
    assert client.post(f"/needs/{draft.pk}/edit/", form_data(title="Uusi")).status_code == 302
    assert client.post(f"/needs/{draft.pk}/publish/").status_code == 302
    assert client.post(f"/needs/{draft.pk}/close/").status_code == 302
    need = Need.objects.get(pk=draft.pk)
    assert (need.title, need.status) == ("Uusi", "closed")
    page = client.get(f"/needs/{draft.pk}/")
    assert "History" in page.text
    assert "Published → Closed" in page.text


def test_closing_a_closed_need_is_a_409(as_user, teacher, school):
    closed = NeedFactory(organisation=school, status=Need.Status.CLOSED)
    response = as_user(teacher).post(f"/needs/{closed.pk}/close/")
    assert response.status_code == 409
    assert "Cannot close" in response.text
