"""Values frozen in an agreement's language, shown in the reader's language where they are codes.

An agreement's snapshot stores the names of its levels and subjects, and its signers' roles, as text in
the agreement's language (the PDF prints them so). On a page they are codes to the reader: the name is
looked up among the code list's names in the agreement's language and shown in the page's language.
A name that no longer matches a code (the list was renamed since) is shown as stored, marked with the
agreement's language, as is any text the parties wrote themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import get_language

from kyky.accounts.models import Membership
from kyky.catalog.models import Code


@dataclass(frozen=True)
class Text:
    """A value to show, and the language to mark it with when it is not the page's ("" when it is)."""

    text: str
    lang: str = ""

    def __str__(self) -> str:
        return self.text


def _page_language() -> str:
    return (get_language() or "fi")[:2]


def _as_is(text: str, language: str) -> Text:
    return Text(text, "" if language == _page_language() else language)


def code_names(model: type[Code], names: list[str], language: str) -> list[Text]:
    """Code names written in ``language``, in the page's language where the code is still known (one query)."""
    if not names:
        return []
    field = f"name_{language}" if language in ("fi", "sv", "en") else "name_fi"
    by_name = {getattr(code, field): code for code in model.objects.filter(**{f"{field}__in": names})}
    return [Text(by_name[name].name) if name in by_name else _as_is(name, language) for name in names]


# Role names that earlier agreements froze before providers other than companies took part (2026.1).
FORMER_ROLE_NAMES = {
    "fi": {"yrityksen edustaja": "representative"},
    "sv": {"företagsrepresentant": "representative"},
    "en": {"company representative": "representative"},
}


def role_name(text: str, language: str) -> Text:
    """A role name written in ``language`` (a signer's role, a contact's default title) in the page's language;
    a title someone typed stays as written."""
    with translation.override(language):
        roles = {str(label): value for value, label in Membership.Role.choices}
    roles = {**FORMER_ROLE_NAMES.get(language, {}), **roles}
    if text in roles:
        return Text(str(Membership.Role(roles[text]).label))
    return _as_is(text, language)
