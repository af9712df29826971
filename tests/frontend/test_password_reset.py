"""Password reset by e-mail: from the login page, in the user's language, throttled, telling nothing of accounts."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

SENT = "/accounts/password-reset/sent/"


def _ask(client, email: str, **extra):
    return client.post("/accounts/password-reset/", {"email": email}, **extra)


def _link(message) -> str:
    found = re.search(r"https?://\S+/accounts/reset/\S+/", message.body)
    assert found, message.body
    return found.group()


def test_login_page_links_to_the_password_reset(client, db):
    text = client.get("/accounts/login/").text
    assert 'href="/accounts/password-reset/"' in text
    assert "Forgot your password?" in text


def test_a_user_gets_a_link_and_chooses_a_new_password(client, teacher, mailoutbox, settings):
    settings.SITE_URL = "https://kyky.example.fi"
    response = _ask(client, teacher.email)
    assert response.status_code == 302 and response["Location"] == SENT
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [teacher.email]
    assert message.subject == "Choose a new password for KYKY"
    link = _link(message)
    assert link.startswith("https://kyky.example.fi/accounts/reset/")  # the configured site, not the Host header

    path = link.removeprefix("https://kyky.example.fi")
    form = client.get(path, follow=True)
    assert form.status_code == 200 and 'name="new_password1"' in form.text
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "uusi salasana 2027", "new_password2": "uusi salasana 2027"}
    )
    assert done.status_code == 302 and done["Location"] == "/accounts/reset/done/"
    teacher.refresh_from_db()
    assert teacher.check_password("uusi salasana 2027")
    # The link works once.
    again = Client()
    again.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "does not work any more" in again.get(path, follow=True).text


def test_the_answer_is_the_same_for_an_address_without_an_account(client, teacher, mailoutbox):
    known, unknown = _ask(client, teacher.email), _ask(client, "nobody@example.fi")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"]) == (302, SENT)
    assert [m.to for m in mailoutbox] == [[teacher.email]]
    page = client.get(SENT).text
    assert "If a KYKY account uses the address you gave" in page


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_email_is_in_the_language_of_the_page_it_was_asked_on(teacher, mailoutbox, language):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    _ask(client, teacher.email)
    subject = {"fi": "Valitse uusi salasana KYKYyn", "sv": "Välj ett nytt lösenord för KYKY"}[language]
    assert mailoutbox[0].subject == subject


def test_the_email_is_in_the_users_own_language_when_they_have_one(client, teacher, mailoutbox):
    if not any(field.name == "language" for field in type(teacher)._meta.get_fields()):
        pytest.skip("users have no stored language on this branch")
    teacher.language = "sv"
    teacher.save()
    _ask(client, teacher.email)  # the page is in English
    assert mailoutbox[0].subject == "Välj ett nytt lösenord för KYKY"


def test_one_address_gets_only_a_few_emails_and_the_asker_cannot_tell(client, teacher, mailoutbox, settings):
    settings.PASSWORD_RESET_EMAIL_LIMIT = 2
    answers = [_ask(client, teacher.email) for _ in range(4)]
    assert {(a.status_code, a["Location"]) for a in answers} == {(302, SENT)}
    assert len(mailoutbox) == 2


def test_a_client_that_asks_too_often_gets_429_whatever_the_address(client, teacher, mailoutbox, settings):
    settings.PASSWORD_RESET_CLIENT_LIMIT = 3
    for number in range(3):
        assert _ask(client, f"someone{number}@example.fi").status_code == 302
    refused = _ask(client, teacher.email)
    assert refused.status_code == 429
    assert "Too many requests from your address" in refused.text
    assert int(refused["Retry-After"]) > 0
    assert mailoutbox == []
    # Another address is not held up by this one.
    assert _ask(client, teacher.email, REMOTE_ADDR="10.1.2.3").status_code == 302
    assert len(mailoutbox) == 1


def test_a_bad_address_is_shown_next_to_the_field(client, db):
    response = _ask(client, "not an address")
    assert response.status_code == 200
    assert 'id="id_email_error"' in response.text and "data-error-summary" in response.text


def test_a_broken_link_offers_a_new_one(client, db):
    response = client.get("/accounts/reset/MQ/wrong-token/", follow=True)
    assert response.status_code == 200
    assert 'href="/accounts/password-reset/"' in response.text
