"""Who fills in what: the school's part, the company's part, and what is missing from each.

The school gives its contact person, the pilot's purpose, groups, number of pupils and place, and
what it provides; the company gives its contact person, the product, what it provides and, when the
product processes pupils' personal data, the data processing annex. The title, the dates, the use of
the city as a reference and the language are shared: either party may change them. Each party marks
its own part ready, so what blocks a party's mark is its own part only. A party that edits after
marking its part ready, or a change to what both share, clears both marks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

PARTIES = ("school", "company")

#: Snapshot keys each party fills in (``contacts.<party>`` is always the party's own).
OWNED: Mapping[str, tuple[str, ...]] = {
    "school": ("purpose", "groups", "pupil_count", "place", "school_provides"),
    "company": ("product", "company_provides", "personal_data"),
}
OWNER: Mapping[str, str] = {key: party for party, keys in OWNED.items() for key in keys}

#: What a missing key is called, in the reader's language (the pages' and the e-mails' words).
LABELS: Mapping[str, Any] = {
    "contacts.school.name": _("the school's contact person's name"),
    "contacts.school.email": _("the school's contact person's e-mail"),
    "contacts.company.name": _("the company's contact person's name"),
    "contacts.company.email": _("the company's contact person's e-mail"),
    "purpose": _("the purpose"),
    "groups": _("the groups"),
    "place": _("the place"),
    "product": _("the product"),
    "personal_data.categories": _("the personal data processed"),
    "personal_data.purpose": _("the purpose of the processing"),
    "personal_data.storage_location": _("where the data is stored"),
    "personal_data.retention": _("retention and deletion"),
}


def in_own_part(key: str, party: str) -> bool:
    """Whether a snapshot key (as an edit records it, e.g. ``pilot.groups``, ``contacts.school.email``,
    ``personal_data.retention``) lies in `party`'s own part."""
    parts = key.split(".")
    if parts[0] == "contacts":
        return len(parts) > 1 and parts[1] == party
    name = parts[1] if parts[0] == "pilot" and len(parts) > 1 else parts[0]
    return OWNER.get(name) == party


def missing(snapshot: Mapping[str, Any], party: str) -> list[str]:
    """The keys of `party`'s part that must still be filled in before it can be marked ready."""
    keys = [f"contacts.{party}.{key}" for key in ("name", "email") if not snapshot["contacts"][party].get(key)]
    pilot = snapshot["pilot"]
    if party == "school":
        keys += [key for key in ("purpose", "groups", "place") if not pilot.get(key)]
    else:
        keys += [key for key in ("product",) if not pilot.get(key)]
        personal = snapshot["personal_data"]
        if personal.get("processed"):
            if not personal.get("categories"):
                keys.append("personal_data.categories")
            keys += [
                f"personal_data.{key}" for key in ("purpose", "storage_location", "retention") if not personal.get(key)
            ]
    return keys


def missing_labels(snapshot: Mapping[str, Any], party: str) -> list[str]:
    return [str(LABELS.get(key, key)) for key in missing(snapshot, party)]
