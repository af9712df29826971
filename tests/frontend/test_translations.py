"""The Finnish and Swedish catalogues are complete, compiled, and cover every string in the source.

When a test here fails because someone added or changed a message, refresh the catalogues from /work/main:

    DJANGO_DEBUG=1 .venv/bin/python manage.py makemessages -l fi -l sv --no-location --no-obsolete \
        --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=benchmarks --ignore=data
    # translate every empty or "#, fuzzy" msgstr in locale/{fi,sv}/LC_MESSAGES/django.po, then
    DJANGO_DEBUG=1 .venv/bin/python manage.py compilemessages --ignore=.venv

and commit both the .po and the .mo files.
"""

from __future__ import annotations

import ast
import fnmatch
import gettext
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

LANGUAGES = ("fi", "sv")
LOCALE = Path(settings.BASE_DIR) / "locale"
IGNORE = [".*", "locale", "staticfiles", "tests", "benchmarks", "data", "node_modules", "media"]


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    def __str__(self) -> str:
        return f"{self.msgctxt} | {self.msgid!r}" if self.msgctxt else repr(self.msgid)


def parse_po(path: Path) -> list[Entry]:
    """Every live entry of a .po file (the header and obsolete #~ entries left out)."""
    entries: list[Entry] = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry, target = Entry(), None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry.fuzzy = entry.fuzzy or "fuzzy" in line
            elif line.startswith("#"):
                continue
            elif match := re.match(r'(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])? (".*")$', line):
                keyword, index, text = match.group(1), match.group(2), ast.literal_eval(match.group(3))
                if keyword == "msgstr":
                    target = ("msgstr", int(index or 0))
                    entry.msgstr[target[1]] = text
                else:
                    target = (keyword, None)
                    setattr(entry, keyword, text)
            elif line.startswith('"') and target:
                text = ast.literal_eval(line)
                if target[0] == "msgstr":
                    entry.msgstr[target[1]] += text
                else:
                    setattr(entry, target[0], getattr(entry, target[0]) + text)
        if entry.msgid:
            entries.append(entry)
    return entries


def catalogue(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    entries = parse_po(catalogue(language))
    assert entries, f"{catalogue(language)} is empty"
    untranslated = [str(e) for e in entries if e.fuzzy or not e.msgstr or not all(e.msgstr.values())]
    assert not untranslated, (
        f"{len(untranslated)} untranslated or fuzzy messages in {catalogue(language)} "
        "(see this module's docstring):\n  " + "\n  ".join(untranslated)
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_po_file(language):
    po = catalogue(language)
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run compilemessages and commit it"
    with mo.open("rb") as file:
        compiled = gettext.GNUTranslations(file)._catalog
    stale = []
    for entry in parse_po(po):
        if entry.fuzzy or not all(entry.msgstr.values()):
            continue  # untranslated: test_every_message_is_translated names it
        msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural is None:
            if compiled.get(msgid) != entry.msgstr.get(0):
                stale.append(str(entry))
        elif any(compiled.get((msgid, i)) != text for i, text in entry.msgstr.items()):
            stale.append(str(entry))
    assert not stale, f"{mo} is older than its .po file; run compilemessages. Differs:\n  " + "\n  ".join(stale)


def _copy_sources(destination: Path) -> None:
    """The translatable files only: makemessages writes next to any locale/ it finds, so never run it in place."""

    def ignore(directory: str, names: list[str]) -> set[str]:
        return {
            name
            for name in names
            if any(fnmatch.fnmatch(name, pattern) for pattern in IGNORE)
            or (Path(directory, name).is_file() and Path(name).suffix not in (".py", ".html", ".txt"))
        }

    shutil.copytree(settings.BASE_DIR, destination, ignore=ignore)


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext (xgettext) is not installed")
def test_catalogues_contain_every_message_in_the_source(tmp_path, settings, monkeypatch):
    """Extract the messages afresh from a scratch copy of the sources and compare them with the catalogues."""
    source = tmp_path / "src"
    _copy_sources(source)
    settings.LOCALE_PATHS = [str(source / "locale")]
    monkeypatch.chdir(source)
    call_command("makemessages", locale=["fi"], no_location=True, verbosity=0)
    extracted = {entry.key: entry for entry in parse_po(source / "locale" / "fi" / "LC_MESSAGES" / "django.po")}
    assert len(extracted) > 100
    for language in LANGUAGES:
        known = {entry.key for entry in parse_po(catalogue(language))}
        missing = [str(extracted[key]) for key in extracted.keys() - known]
        assert not missing, (
            f"{len(missing)} messages in the source are missing from {catalogue(language)} "
            "(see this module's docstring):\n  " + "\n  ".join(sorted(missing))
        )
