"""The frozen agreement snapshot: the plain, JSON-serialisable dict an agreement's PDF is rendered from.

When an agreement is created (and while its details are edited, up to approval) the services copy
everything the text says into one snapshot dict stored on the agreement. The renderer reads nothing
else, so later edits to a company's profile or a school's address never change an existing
agreement, and the same snapshot always renders to the same PDF bytes.

Schema (all strings are plain user or system text; the renderer escapes them):

    number             "KYKY-2026-00042"
    language           "fi" | "sv" | "en"          language of the whole text
    template_version   "2027.1"                    selects contracts/templates/contracts/agreement/<version>/
    status             the agreement's state when the snapshot was taken; informative only: it is
                       neither printed nor attached, so the approved PDF keeps its hash while
                       signatures are collected
    issued_at          ISO 8601 datetime with offset, when these terms were frozen; becomes the
                       PDF's creation date (a fixed date keeps the bytes reproducible)
    verification_code  random code stored on the agreement, e.g. "7KQ4-MZ2D-X9PA"
    verification_url   absolute URL of the public verification page for that code (QR code target)
    city               {name, municipality, business_id?}   the legal party, e.g. Espoon kaupunki
    unit               {name, kind: "school" | "daycare", address}   represents the city
    company            {name, business_id, address}   the provider: a company, an association or a research
                       organisation (business_id "" for an association or research organisation without one)
    contacts           {school: Contact, company: Contact}; Contact = {name, title, email, phone}
    pilot              {title, purpose, product, groups, pupil_count (int), starts_on, ends_on
                        (ISO dates), place, levels [display names], subjects [display names]}
    company_provides   what the company provides (product, training, support), free text
    school_provides    what the school provides (test use, feedback), free text
    personal_data      {processed: bool, categories [str], purpose, storage_location, retention,
                        subprocessors [{name, service, location}]}; the data processing annex is
                       included exactly when processed is true
    reference_use      how the company may name the city as a reference, free text

Signatures (passed to the renderer separately, for the final PDF) are a list of Signature dicts.
"""

from __future__ import annotations

import json
import re
from typing import Literal, NotRequired, TypedDict

#: Template version given to new agreements. Old versions stay in the tree and keep rendering.
CURRENT_TEMPLATE_VERSION = "2027.1"

LANGUAGES: tuple[str, ...] = ("fi", "sv", "en")

# Limits on what the parties write into a snapshot (contracts.services enforces them on every edit, the API's
# and the pages' forms say the same first). A PDF is rendered from a snapshot on a GET, so its worst case
# must stay small: every text at its maximum renders in a few seconds (tests/test_hostile_input.py).
TEXT_MAX = 2000  # purpose, product, groups, place, what each party provides, reference use, the annex's texts
SHORT_TEXT_MAX = 200  # title, contact name, title and e-mail, a category, a subprocessor's name and location
PHONE_MAX = 40
CATEGORIES_MAX = 30  # categories of personal data
SUBPROCESSORS_MAX = 20  # subprocessors in the data processing annex
SUBPROCESSOR_SERVICE_MAX = 300
#: The whole snapshot as JSON, in characters: a guard above the sum of the field limits (about 46,000).
SNAPSHOT_MAX_CHARS = 64_000

# Versions name a template directory, so they are restricted to a safe shape.
TEMPLATE_VERSION_RE = re.compile(r"^\d{4}\.\d{1,3}$")


class City(TypedDict):
    name: str
    municipality: str
    business_id: NotRequired[str]


class Unit(TypedDict):
    name: str
    kind: Literal["school", "daycare"]
    address: str


class Company(TypedDict):
    name: str
    business_id: str
    address: str


class Contact(TypedDict):
    name: str
    title: str
    email: str
    phone: str


class Contacts(TypedDict):
    school: Contact
    company: Contact


class Pilot(TypedDict):
    title: str
    purpose: str
    product: str
    groups: str
    pupil_count: int
    starts_on: str
    ends_on: str
    place: str
    levels: list[str]
    subjects: list[str]


class Subprocessor(TypedDict):
    name: str
    service: str
    location: str


class PersonalData(TypedDict):
    processed: bool
    categories: list[str]
    purpose: str
    storage_location: str
    retention: str
    subprocessors: list[Subprocessor]


class AgreementSnapshot(TypedDict):
    number: str
    language: Literal["fi", "sv", "en"]
    template_version: str
    status: str
    issued_at: str
    verification_code: str
    verification_url: str
    city: City
    unit: Unit
    company: Company
    contacts: Contacts
    pilot: Pilot
    company_provides: str
    school_provides: str
    personal_data: PersonalData
    reference_use: str


class Signature(TypedDict):
    party: Literal["school", "company"]
    name: str
    role: str
    organisation: str
    signed_at: str
    document_sha256: str
    method: NotRequired[str]  # how the signer signed in: "password" or "oidc"
    assurance: NotRequired[str]  # the identity provider's assurance level (acr or loa), if any


REQUIRED_KEYS: tuple[str, ...] = tuple(key for key in AgreementSnapshot.__required_keys__ if key != "status")
# Under `from __future__ import annotations` NotRequired is not seen at run time; the optional keys are named here.
SIGNATURE_KEYS: tuple[str, ...] = tuple(
    key for key in Signature.__required_keys__ if key not in ("method", "assurance")
)


class SnapshotError(ValueError):
    """The snapshot (or a signature) cannot be rendered: a key is missing or a value is malformed."""


def validate_snapshot(snapshot: dict) -> None:
    """Check the keys the renderer relies on; raise SnapshotError naming the first problem."""
    missing = sorted(key for key in REQUIRED_KEYS if key not in snapshot)
    if missing:
        raise SnapshotError(f"Agreement snapshot lacks {', '.join(missing)}.")
    if snapshot["language"] not in LANGUAGES:
        raise SnapshotError(f"Unsupported agreement language {snapshot['language']!r}.")
    if not TEMPLATE_VERSION_RE.match(str(snapshot["template_version"])):
        raise SnapshotError(f"Malformed template version {snapshot['template_version']!r}.")
    if snapshot["unit"].get("kind") not in ("school", "daycare"):
        raise SnapshotError(f"Unknown unit kind {snapshot['unit'].get('kind')!r}.")


def snapshot_size(snapshot: dict) -> int:
    """The snapshot's size as SNAPSHOT_MAX_CHARS counts it: characters of its JSON."""
    return len(json.dumps(snapshot, ensure_ascii=False, separators=(",", ":"), default=str))


def validate_signatures(signatures: list[dict]) -> None:
    """Check that every signature has the keys the signature page prints."""
    for signature in signatures:
        missing = sorted(key for key in SIGNATURE_KEYS if key not in signature)
        if missing:
            raise SnapshotError(f"Signature lacks {', '.join(missing)}.")
        if signature["party"] not in ("school", "company"):
            raise SnapshotError(f"Unknown signing party {signature['party']!r}.")
