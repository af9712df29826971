"""Applying from the pages: a unit's interest in a proposal, a company's application to a need, and
/applications/ where the other side answers. Every role: owner, insider without the right, outsider."""

from __future__ import annotations

import re

import pytest

from contracts.models import Agreement
from kyky.core.models import AuditEntry
from kyky.pilots.models import Application, Need, Proposal
from tests.factories import NeedFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def pairing_section(html: str) -> str:
    match = re.search(r'<section id="pairing".*?</section>', html, re.S)
    return match.group() if match else ""


# Expressing interest on a proposal's page


def test_teacher_expresses_interest_in_two_clicks_with_the_only_need_preselected(as_user, teacher, offer, group_need):
    client = as_user(teacher)
    section = pairing_section(client.get(f"/proposals/{offer.pk}/").text)
    assert f'action="/proposals/{offer.pk}/interest/"' in section
    assert re.search(rf'value="{group_need.pk}"[^>]*checked', section), "the only need is preselected"
    assert 'hx-post="/proposals/' in section  # htmx swaps the section in place; the form works without it
    response = client.post(f"/proposals/{offer.pk}/interest/", {"need": group_need.pk, "message": "Kiinnostaa!"})
    assert response.status_code == 302
    assert response["Location"] == f"/proposals/{offer.pk}/#pairing"
    application = Application.objects.get()
    assert (application.initiated_by, application.need, application.message) == ("school", group_need, "Kiinnostaa!")
    page = client.get(f"/proposals/{offer.pk}/").text
    assert "Your interest was sent to Laskuri Oy" in page
    assert "Auroran koulu expressed interest on" in pairing_section(page)
    assert "Express interest" not in pairing_section(page)  # the need has been offered already


def test_with_several_needs_the_best_fitting_comes_first_and_is_chosen(as_user, teacher, school, offer, group_need):
    phonics = NeedFactory(
        organisation=school, title="Äänteet ykkösille", levels=["grade_1"], subjects=["mother_tongue"]
    )
    NeedFactory(organisation=school, title="Luonnos", status=Need.Status.DRAFT)
    section = pairing_section(as_user(teacher).get(f"/proposals/{offer.pk}/").text)
    assert "Luonnos" not in section  # only published needs
    assert section.index("Murtoluvut haltuun") < section.index("Äänteet ykkösille")  # best fit first
    assert re.search(rf'value="{group_need.pk}"[^>]*checked', section)
    assert not re.search(rf'value="{phonics.pk}"[^>]*checked', section)
    assert re.search(r"Murtoluvut haltuun \(\d+% fit\)", section)
    assert "Äänteet ykkösille (does not fit this offer)" in section


def test_a_need_the_offer_does_not_fit_is_not_chosen_in_advance(as_user, teacher, school, company):
    """The grade-1 phonics need and the grade 3–6 fractions game of the issue: listed, but not preselected."""
    game = ProposalFactory(
        organisation=company, title="Murtolukupeli 3–6", levels=["grade_3", "grade_4", "grade_5", "grade_6"]
    )
    phonics = NeedFactory(
        organisation=school, title="Äänteet ykkösille", levels=["grade_1"], subjects=["mother_tongue"]
    )
    section = pairing_section(as_user(teacher).get(f"/proposals/{game.pk}/").text)
    assert f'value="{phonics.pk}"' in section  # the teacher may still choose it
    assert "checked" not in section
    assert "does not fit this offer" in section


def test_choosing_no_need_is_an_error_next_to_the_field_and_keeps_the_message(
    as_user, teacher, school, offer, group_need
):
    NeedFactory(organisation=school, title="Toinen tarve")
    response = as_user(teacher).post(f"/proposals/{offer.pk}/interest/", {"message": "Kiinnostaa!"})
    assert response.status_code == 400
    assert 'id="id_need_error"' in response.text
    assert "Kiinnostaa!" in response.text
    assert not Application.objects.exists()


def test_another_units_need_is_not_a_valid_choice(as_user, teacher, other_school, offer, group_need):
    foreign = NeedFactory(organisation=other_school)
    response = as_user(teacher).post(f"/proposals/{offer.pk}/interest/", {"need": foreign.pk})
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_without_a_published_need_the_page_says_what_to_do(as_user, teacher, offer):
    section = pairing_section(as_user(teacher).get(f"/proposals/{offer.pk}/").text)
    assert "you need a published learning need" in section
    assert 'href="/needs/new/"' in section


def test_a_full_proposal_is_a_409_naming_the_reason(as_user, teacher, company, group_need):
    full = ProposalFactory(organisation=company, capacity=1)
    Proposal.objects.filter(pk=full.pk).update(groups_accepted=1)
    client = as_user(teacher)
    assert "not open for new groups" in pairing_section(client.get(f"/proposals/{full.pk}/").text)
    response = client.post(f"/proposals/{full.pk}/interest/", {"need": group_need.pk})
    assert response.status_code == 409
    assert "no places left" in response.text
    assert not Application.objects.exists()


@pytest.mark.parametrize("user", ["representative", "coordinator"])
def test_only_teachers_and_principals_express_interest(as_user, request, user, offer, group_need):
    client = as_user(request.getfixturevalue(user))
    assert 'id="pairing"' not in client.get(f"/proposals/{offer.pk}/").text
    assert client.post(f"/proposals/{offer.pk}/interest/", {"need": group_need.pk}).status_code == 403
    assert not Application.objects.exists()


def test_an_outsider_cannot_express_interest_in_a_draft(as_user, teacher, company, group_need):
    draft = ProposalFactory(organisation=company, status=Proposal.Status.DRAFT)
    assert as_user(teacher).post(f"/proposals/{draft.pk}/interest/", {"need": group_need.pk}).status_code == 404


def test_htmx_gets_the_section_back_with_the_errors(as_user, teacher, school, offer, group_need):
    NeedFactory(organisation=school, title="Toinen tarve")
    response = as_user(teacher).post(f"/proposals/{offer.pk}/interest/", {}, headers={"HX-Request": "true"})
    assert response.status_code == 400  # the page's htmx config swaps 400 and 409 too
    assert 'id="id_need_error"' in pairing_section(response.text)


# Applying on a need's page


def test_representative_applies_to_a_need_with_a_published_proposal(as_user, representative, offer, group_need):
    client = as_user(representative)
    section = pairing_section(client.get(f"/needs/{group_need.pk}/").text)
    assert re.search(rf'value="{offer.pk}"[^>]*checked', section)
    response = client.post(f"/needs/{group_need.pk}/apply/", {"proposal": offer.pk, "message": "Tarjoamme"})
    assert response.status_code == 302
    application = Application.objects.get()
    assert (application.initiated_by, application.proposal) == ("company", offer)
    assert "Your application was sent to Auroran koulu" in client.get(response["Location"]).text


def test_a_company_without_an_open_proposal_is_told_what_to_do(as_user, representative, company, group_need):
    ProposalFactory(organisation=company, status=Proposal.Status.DRAFT)
    section = pairing_section(as_user(representative).get(f"/needs/{group_need.pk}/").text)
    assert "you need a published pilot offer" in section
    assert "<form" not in section


@pytest.mark.parametrize("user", ["teacher", "coordinator"])
def test_only_representatives_apply(as_user, request, user, offer, group_need):
    response = as_user(request.getfixturevalue(user)).post(f"/needs/{group_need.pk}/apply/", {"proposal": offer.pk})
    assert response.status_code == 403
    assert not Application.objects.exists()


def test_another_companys_proposal_is_not_a_valid_choice(as_user, other_representative, offer, group_need):
    response = as_user(other_representative).post(f"/needs/{group_need.pk}/apply/", {"proposal": offer.pk})
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_applying_to_a_need_that_is_no_longer_published_is_a_409(as_user, representative, offer, group_need):
    Need.objects.filter(pk=group_need.pk).update(status=Need.Status.CLOSED)
    response = as_user(representative).post(f"/needs/{group_need.pk}/apply/", {"proposal": offer.pk})
    assert response.status_code == 409
    assert "This need is no longer open." in response.text


def test_outsider_gets_404_for_a_draft_need(as_user, representative, school, offer):
    draft = NeedFactory(organisation=school, status=Need.Status.DRAFT)
    assert as_user(representative).post(f"/needs/{draft.pk}/apply/", {"proposal": offer.pk}).status_code == 404


# /applications/


def item(html: str, application) -> str:
    match = re.search(
        rf'<li class="item" id="application-{application.pk}">.*?</li>\s*(?=<li class="item"|</ul>)', html, re.S
    )
    assert match, f"application {application.pk} not on the page"
    return match.group()


def test_anonymous_is_sent_to_log_in(client):
    assert client.get("/applications/").status_code == 302


def test_the_receiving_teacher_may_decline_but_only_the_principal_accepts(
    as_user, teacher, principal, company_application
):
    teachers = item(as_user(teacher).get("/applications/").text, company_application)
    assert "Laskuri Oy applied on" in teachers and "Hei!" in teachers
    assert f'formaction="/applications/{company_application.pk}/decline/"' in teachers
    assert f"/applications/{company_application.pk}/accept/" not in teachers
    assert "principal accepts" in teachers
    principals = item(as_user(principal).get("/applications/").text, company_application)
    assert f'formaction="/applications/{company_application.pk}/accept/"' in principals


def test_the_sender_sees_it_under_sent_and_may_withdraw(as_user, representative, company_application):
    page = as_user(representative).get("/applications/").text
    sent = page[page.index('id="section-sent"') :]
    assert f'formaction="/applications/{company_application.pk}/withdraw/"' in sent
    assert "/accept/" not in item(page, company_application)


def test_principal_accepts_and_lands_on_the_new_agreement(as_user, principal, company_application):
    response = as_user(principal).post(f"/applications/{company_application.pk}/accept/", {"comment": "Tervetuloa"})
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/agreements/{agreement.pk}/"
    assert AuditEntry.objects.filter(object_id=company_application.pk, to_state="accepted", comment="Tervetuloa")


def test_accepting_through_htmx_loads_the_agreement_as_a_whole_page(as_user, principal, company_application):
    response = as_user(principal).post(
        f"/applications/{company_application.pk}/accept/", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/agreements/{Agreement.objects.get().pk}/"


def test_a_teacher_cannot_accept_for_the_unit(as_user, teacher, company_application):
    assert as_user(teacher).post(f"/applications/{company_application.pk}/accept/").status_code == 403
    assert Application.objects.get().status == "pending"


def test_declining_with_a_comment_goes_back_to_the_list(as_user, teacher, company_application):
    response = as_user(teacher).post(
        f"/applications/{company_application.pk}/decline/",
        {"comment": "Ei tällä kertaa", "next": "/applications/?received_page=1"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/applications/?received_page=1"
    assert Application.objects.get().status == "declined"
    assert AuditEntry.objects.filter(object_id=company_application.pk, comment="Ei tällä kertaa").exists()


def test_next_may_not_leave_the_site(as_user, teacher, company_application):
    response = as_user(teacher).post(
        f"/applications/{company_application.pk}/decline/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/applications/"


def test_withdrawn_then_accepted_is_a_409_naming_the_state(as_user, representative, principal, company_application):
    as_user(representative).post(f"/applications/{company_application.pk}/withdraw/")
    response = as_user(principal).post(f"/applications/{company_application.pk}/accept/")
    assert response.status_code == 409
    assert "Cannot accept: the application is withdrawn." in item(response.text, company_application)
    assert not Agreement.objects.exists()


def test_too_long_a_comment_is_an_error_and_changes_nothing(as_user, teacher, company_application):
    response = as_user(teacher).post(f"/applications/{company_application.pk}/decline/", {"comment": "x" * 2001})
    assert response.status_code == 400
    assert f'id="id_comment_{company_application.pk}_error"' in item(response.text, company_application)
    assert Application.objects.get().status == "pending"


@pytest.mark.parametrize("user", ["other_teacher", "other_representative", "vantaa_coordinator"])
def test_outsiders_get_404(as_user, request, user, company_application):
    client = as_user(request.getfixturevalue(user))
    assert f"application-{company_application.pk}" not in client.get("/applications/").text
    for action in ("accept", "decline", "withdraw"):
        assert client.post(f"/applications/{company_application.pk}/{action}/").status_code == 404
    assert Application.objects.get().status == "pending"


def test_coordinator_follows_the_municipalitys_applications_without_buttons(as_user, coordinator, company_application):
    page = as_user(coordinator).get("/applications/").text
    assert "Applications in your municipality" in page
    assert "formaction" not in item(page, company_application)


def test_accepted_application_links_to_its_agreement(as_user, teacher, draft_agreement, company_application):
    page = as_user(teacher).get("/applications/").text
    assert f'href="/agreements/{draft_agreement.pk}/"' in item(page, company_application)


def test_answers_only_take_post(as_user, principal, company_application):
    assert as_user(principal).get(f"/applications/{company_application.pk}/accept/").status_code == 405


@pytest.mark.parametrize("count", [3, 30])
def test_list_renders_in_a_constant_number_of_queries(
    as_user, teacher, school, company, representative, count, django_assert_max_num_queries
):
    from kyky.pilots import services

    proposal = ProposalFactory(organisation=company, capacity=100)
    for _ in range(count):
        services.application_create(actor=representative, proposal=proposal, need=NeedFactory(organisation=school))
    client = as_user(teacher)
    # session, user, membership, 2 × (count, page)
    with django_assert_max_num_queries(8):
        response = client.get("/applications/?page_size=50")
    assert response.text.count('class="item"') == count


def test_a_long_message_is_shortened_in_the_list_and_whole_on_its_own_page(
    as_user, teacher, representative, offer, group_need
):
    from kyky.pilots import services

    message = "Alku. " + "Pitkä viesti. " * 40 + "Loppu."
    application = services.application_create(actor=representative, proposal=offer, need=group_need, message=message)
    client = as_user(teacher)
    listed = item(client.get("/applications/").text, application)
    assert "Alku." in listed and "Loppu." not in listed
    assert f'href="/applications/{application.pk}/"' in listed
    whole = client.get(f"/applications/{application.pk}/")
    assert whole.status_code == 200 and "Loppu." in whole.text
    assert f'formaction="/applications/{application.pk}/decline/"' in whole.text


@pytest.mark.parametrize("user", ["other_teacher", "other_representative", "vantaa_coordinator"])
def test_outsiders_get_404_for_an_application_page(as_user, request, user, company_application):
    assert as_user(request.getfixturevalue(user)).get(f"/applications/{company_application.pk}/").status_code == 404
