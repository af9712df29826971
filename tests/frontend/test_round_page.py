"""The round page: a minimum fit set on the form, many pairs removed at once, the coordinator's place kept."""

from __future__ import annotations

import pytest

from frontend.rounds import PAIRS_PER_PAGE
from kyky.core.models import AuditEntry
from kyky.matching.engine import MIN_FIT
from kyky.matching.models import Round, RoundPair
from tests.factories import NeedFactory, ProposalFactory, spring

pytestmark = pytest.mark.django_db


def run_round(client, **extra):
    term = spring()
    return client.post("/coordinator/rounds/", {"starts_on": term.starts_on, "ends_on": term.ends_on, **extra})


@pytest.fixture
def many(school, company, representative, teacher):
    """More needs than one page of pairs shows, and an offer with room for them all."""
    ProposalFactory(organisation=company, title="Murtolukupeli", capacity=PAIRS_PER_PAGE + 5)
    return [NeedFactory(organisation=school, title=f"Murtoluvut ryhmälle {n}") for n in range(PAIRS_PER_PAGE + 3)]


def test_the_form_offers_the_default_minimum_fit(as_user, coordinator):
    page = as_user(coordinator).get("/coordinator/").text
    section = page[page.index('id="rounds"') :]
    assert 'name="min_percent"' in section
    assert f'value="{round(MIN_FIT * 100)}"' in section
    assert f"Matches pages show nothing below {round(MIN_FIT * 100)} %." in section


def test_the_minimum_fit_from_the_form_is_the_rounds(as_user, coordinator, many):
    client = as_user(coordinator)
    response = run_round(client, min_percent="99")
    round_ = Round.objects.get()
    assert round_.min_score == 0.99 and not round_.pairs.exists()
    page = client.get(response["Location"]).text
    assert "minimum fit 99%" in page and "Only pairs that fit at least 99% are suggested." in page


@pytest.mark.parametrize("value", ["101", "-1", "lots"])
def test_a_bad_minimum_fit_is_an_error_next_to_its_field(as_user, coordinator, value):
    response = run_round(as_user(coordinator), min_percent=value)
    assert response.status_code == 400
    assert 'id="id_round_min_percent_error"' in response.text
    assert not Round.objects.exists()


def test_ticked_pairs_are_removed_together_and_the_page_stays_in_place(as_user, coordinator, many):
    client = as_user(coordinator)
    run_round(client)
    round_ = Round.objects.get()
    second_page = list(round_.pairs.order_by("-score", "id")[PAIRS_PER_PAGE:])
    assert len(second_page) == 3
    page = client.get(f"/coordinator/rounds/{round_.pk}/?page=2").text
    assert 'name="page" value="2"' in page
    ticked = [second_page[0].pk, second_page[2].pk]
    response = client.post(f"/coordinator/rounds/{round_.pk}/remove/", {"pairs": ticked, "page": "2"})
    assert response.status_code == 302
    # Back on the same page of pairs, at the first removed pair, not at the top of the first page.
    assert response["Location"] == f"/coordinator/rounds/{round_.pk}/?page=2#pair-{ticked[0]}"
    assert set(RoundPair.objects.filter(removed=True).values_list("pk", flat=True)) == set(ticked)
    entry = AuditEntry.objects.get(content_type__model="round", action="remove_pairs")
    assert entry.data == {"pairs": sorted(ticked)}
    page = client.get(response["Location"]).text
    assert "The pairs were removed from the round." in page
    assert page.count('name="pairs"') == 1  # only the pair left to remove on this page


def test_a_pairs_own_button_removes_that_pair_only(as_user, coordinator, many):
    client = as_user(coordinator)
    run_round(client)
    first, second, third = Round.objects.get().pairs.order_by("-score", "id")[:3]
    response = client.post(
        f"/coordinator/rounds/{first.round_id}/remove/", {"pairs": [second.pk, third.pk], "only": first.pk}
    )
    assert response["Location"].endswith(f"#pair-{first.pk}")
    assert list(RoundPair.objects.filter(removed=True).values_list("pk", flat=True)) == [first.pk]


def test_htmx_gets_the_pairs_and_the_counts_to_swap_in_place(as_user, coordinator, many):
    client = as_user(coordinator)
    run_round(client)
    round_ = Round.objects.get()
    pair = round_.pairs.order_by("-score", "id").first()
    response = client.post(
        f"/coordinator/rounds/{round_.pk}/remove/", {"only": pair.pk, "page": "1"}, HTTP_HX_REQUEST="true", follow=True
    )
    page = response.text
    assert response.status_code == 200
    assert (
        'id="pairs"' in page
        and 'hx-select="#pairs"' in page
        and 'hx-select-oob="#messages:innerHTML,#round-meta"' in page
    )
    assert f"{len(many) - 1} pairs for {len(many)} needs" in page


def test_removing_nothing_says_so_inside_the_pairs(as_user, coordinator, many):
    client = as_user(coordinator)
    run_round(client)
    response = client.post(f"/coordinator/rounds/{Round.objects.get().pk}/remove/", {"page": "1"})
    assert response.status_code == 400
    section = response.text[response.text.index('id="pairs"') :]
    assert "Choose the pairs to remove." in section
