"""The pages around the workflow: landing, log in and out, accessibility statement, feedback, and the
things every page shares (navigation by role, footer, language switch, size budget)."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.core import mail

from tests.factories import NeedFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def test_landing_explains_kyky_to_every_audience(client):
    response = client.get("/")
    assert response.status_code == 200
    for expected in ("For teachers and day-care staff", "For companies", "For city coordinators"):
        assert expected in response.text
    assert 'href="/accounts/login/"' in response.text
    assert 'href="/accounts/login/?next=/proposals/"' in response.text


def test_log_in_with_e_mail_and_password(client, teacher):
    page = client.get("/accounts/login/")
    assert '<label for="id_username">E-mail' in page.text
    assert '<label for="id_password">Password' in page.text
    response = client.post(
        "/accounts/login/", {"username": "TEACHER@auroran.example", "password": "correct horse battery"}
    )
    assert response.status_code == 302
    assert client.get("/proposals/").status_code == 200


def test_wrong_password_is_an_error_and_keeps_the_e_mail(client, teacher):
    response = client.post("/accounts/login/", {"username": "teacher@auroran.example", "password": "wrong"})
    assert response.status_code == 200
    assert "Wrong e-mail or password." in response.text
    assert 'value="teacher@auroran.example"' in response.text


def test_log_out_asks_on_get_and_logs_out_on_post(as_user, teacher):
    client = as_user(teacher)
    assert "Do you want to log out" in client.get("/accounts/logout/").text
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/proposals/").status_code == 302


WORKFLOW = ["/proposals/", "/needs/", "/applications/", "/agreements/"]


@pytest.mark.parametrize(
    ("user", "links", "absent"),
    [
        ("teacher", [*WORKFLOW, "/needs/new/"], ["/proposals/new/", "/coordinator/"]),
        ("principal", [*WORKFLOW, "/needs/new/"], ["/proposals/new/", "/coordinator/"]),
        ("representative", [*WORKFLOW, "/proposals/new/"], ["/needs/new/", "/coordinator/"]),
        ("coordinator", [*WORKFLOW, "/coordinator/"], ["/proposals/new/", "/needs/new/"]),
    ],
)
def test_navigation_follows_the_role(as_user, request, user, links, absent):
    nav = re.search(r'<nav aria-label="Main">.*?</nav>', as_user(request.getfixturevalue(user)).get("/").text, re.S)
    for link in links:
        assert f'href="{link}"' in nav.group()
    for link in absent:
        assert f'href="{link}"' not in nav.group()


def test_accessibility_statement_names_the_status_the_gaps_the_channel_and_the_authority(client, settings):
    settings.FEEDBACK_EMAIL = "Saavutettavuus <saavutettavuus@kyky.example>"
    response = client.get("/accessibility/")
    assert response.status_code == 200
    text = response.text
    assert "WCAG" in text and "2.1" in text and "partially meets" in text
    assert "Content that is not accessible" in text
    assert 'href="/feedback/"' in text
    assert "mailto:saavutettavuus@kyky.example" in text
    assert "Regional State Administrative Agency for Southern Finland" in text
    assert "www.saavutettavuusvaatimukset.fi" in text


def test_feedback_is_e_mailed_to_the_configured_address(client, settings):
    settings.FEEDBACK_EMAIL = "palaute@kyky.example"
    response = client.post("/feedback/", {"message": "Kontrasti on heikko.", "page": "/needs/", "email": "a@b.example"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["palaute@kyky.example"]
    assert message.reply_to == ["a@b.example"]
    assert "Kontrasti on heikko." in message.body and "/needs/" in message.body


def test_feedback_falls_back_to_the_default_from_address(client, settings):
    settings.FEEDBACK_EMAIL = ""  # KYKY_FEEDBACK_EMAIL unset
    settings.DEFAULT_FROM_EMAIL = "KYKY <kyky@kyky.example>"
    client.post("/feedback/", {"message": "Hyvä palvelu."})
    assert mail.outbox[0].to == ["kyky@kyky.example"]


def test_empty_feedback_is_an_error(client):
    response = client.post("/feedback/", {"message": "", "email": "not-an-address"})
    assert 'id="id_message_error"' in response.text and 'id="id_email_error"' in response.text
    assert not mail.outbox


def test_language_switch_changes_the_language(client):
    page = client.get("/")
    assert '<button type="submit" name="language" value="sv" lang="sv">Svenska</button>' in page.text
    client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    response = client.get("/")
    assert '<html lang="sv">' in response.text
    assert "Tillgänglighetsutlåtande" in response.text


def test_finnish_is_the_default(client):
    del client.cookies["django_language"]
    response = client.get("/")
    assert '<html lang="fi">' in response.text
    assert "Saavutettavuusseloste" in response.text


def test_errors_have_pages_of_their_own(as_user, teacher, settings):
    settings.DEBUG = False
    response = as_user(teacher).get("/proposals/new/")
    assert response.status_code == 403
    assert "Your role does not allow creating this." in response.text
    response = as_user(teacher).get("/needs/123456/")
    assert response.status_code == 404
    assert "Page not found" in response.text


def _static_size(html: str) -> int:
    total = 0
    for url in re.findall(r'(?:href|src)="/static/([^"]+\.(?:css|js))"', html):
        path = finders.find(url)
        assert path, url
        with open(path, "rb") as file:
            total += len(file.read())
    return total


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/accounts/login/",
        "/accessibility/",
        "/feedback/",
        "/proposals/",
        "/proposals/{proposal}/",
        "/proposals/new/",
        "/proposals/{proposal}/edit/",
        "/needs/",
        "/needs/{need}/",
    ],
)
def test_every_page_weighs_under_100_kb_with_its_css_and_js(client, as_user, representative, company, school, path):
    proposals = [ProposalFactory(organisation=company, description="Pitkä kuvaus. " * 300) for _ in range(20)]
    needs = [NeedFactory(organisation=school, description="Pitkä kuvaus. " * 300) for _ in range(20)]
    if path != "/accounts/login/":
        client = as_user(representative)
    response = client.get(path.format(proposal=proposals[0].pk, need=needs[0].pk))
    assert response.status_code == 200
    html = response.content.decode()
    total = len(response.content) + _static_size(html)
    assert total < 100_000, f"{path}: {total} bytes uncompressed"


def test_every_page_links_to_the_accessibility_statement_and_skips_to_content(as_user, teacher):
    client = as_user(teacher)
    for path in ("/", "/proposals/", "/needs/", "/needs/new/", "/accessibility/", "/feedback/"):
        text = client.get(path).text
        assert 'href="/accessibility/"' in text, path
        assert 'href="#main"' in text and 'id="main"' in text, path


def test_htmx_is_served_from_our_own_static_files(client):
    text = client.get("/").text
    assert re.search(r'<script src="/static/django_htmx/htmx-2\.min\.js" defer>', text)
    assert "https://" not in "".join(re.findall(r'src="([^"]+)"', text))


def test_the_workflow_pages_weigh_under_100_kb_too(
    as_user, teacher, principal, representative, coordinator, company, school, submitted_agreement
):
    from kyky.pilots import services

    proposal = ProposalFactory(organisation=company, capacity=100, description="Pitkä kuvaus. " * 300)
    for _ in range(30):
        need = NeedFactory(organisation=school, description="Pitkä kuvaus. " * 300)
        services.application_create(actor=representative, proposal=proposal, need=need, message="Viesti. " * 200)
    pages = {
        teacher: ["/applications/", "/agreements/", f"/proposals/{proposal.pk}/"],
        principal: ["/applications/", f"/applications/{need.applications.get().pk}/"],
        representative: [f"/needs/{need.pk}/", "/agreements/"],
        coordinator: ["/coordinator/", "/agreements/", f"/agreements/{submitted_agreement.pk}/"],
    }
    pages[representative].append(f"/agreements/{submitted_agreement.pk}/")
    for user, paths in pages.items():
        client = as_user(user)
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            total = len(response.content) + _static_size(response.content.decode())
            assert total < 100_000, f"{path}: {total} bytes uncompressed"


def test_feedback_is_limited_per_address(client):
    for n in range(5):
        response = client.post("/feedback/", {"message": f"Viesti {n}"}, REMOTE_ADDR="192.0.2.10")
        assert response.status_code == 302
    response = client.post("/feedback/", {"message": "Vielä yksi"}, REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 429
    assert "Too many messages from your address" in response.text
    assert len(mail.outbox) == 5
    assert client.post("/feedback/", {"message": "Toinen osoite"}, REMOTE_ADDR="198.51.100.7").status_code == 302
    assert len(mail.outbox) == 6


@pytest.mark.parametrize(
    "email", ["a@b.example\r\nBcc: victim@c.example", "a@b.example\nBcc: victim@c.example", "Eve <a@b.example>", "x"]
)
def test_feedback_puts_no_unchecked_address_in_a_header(client, email):
    response = client.post("/feedback/", {"message": "Hei", "email": email})
    assert response.status_code == 400 and 'id="id_email_error"' in response.text
    assert not mail.outbox
    client.post("/feedback/", {"message": "Hei"})
    (message,) = mail.outbox
    assert message.reply_to == [] and "Reply-To" not in message.message()
    assert "victim" not in message.message().as_string()
