"""Page tests read English: the client asks for it the way a browser does, through the language cookie."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client


@pytest.fixture
def client():
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def as_user(client):
    """`as_user(user)` signs the client in and returns it."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
