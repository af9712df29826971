"""A typical agreement snapshot and its signatures (an Espoo school pilot), for tests of the renderer."""

from __future__ import annotations

import copy
from typing import Any

SNAPSHOT: dict[str, Any] = {
    "number": "KYKY-2026-00042",
    "language": "fi",
    "template_version": "2026.1",
    "status": "draft",
    "issued_at": "2026-08-03T09:15:00+03:00",
    "verification_code": "7KQ4-MZ2D-X9PA",
    "verification_url": "https://kyky.espoo.example/verify/7KQ4-MZ2D-X9PA/",
    "city": {"name": "Espoon kaupunki", "municipality": "espoo", "business_id": "0101263-6"},
    "unit": {"name": "Auroran koulu", "kind": "school", "address": "Kaivomestarinkatu 2\n02770 Espoo"},
    "company": {"name": "Laskuri Oy", "business_id": "3052781-5", "address": "Tekniikantie 14\n02150 Espoo"},
    "contacts": {
        "school": {
            "name": "Liisa Virtanen",
            "title": "luokanopettaja",
            "email": "liisa.virtanen@edu.espoo.example",
            "phone": "+358 40 123 4567",
        },
        "company": {
            "name": "Mikko Korhonen",
            "title": "asiakkuuspäällikkö",
            "email": "mikko.korhonen@laskuri.example",
            "phone": "+358 50 765 4321",
        },
    },
    "pilot": {
        "title": "Murtoluvut pelillisesti 5.-luokkalaisille",
        "purpose": "Selvittää, tukeeko pelillinen harjoittelu murtolukujen ymmärtämistä ja motivoiko se "
        "eritasoisia oppijoita.",
        "product": "Laskuri Murtoluvut -oppimispeli (selainversio)",
        "groups": "5A, 5B",
        "pupil_count": 46,
        "starts_on": "2026-09-01",
        "ends_on": "2026-11-27",
        "place": "Auroran koulu, luokat 5A ja 5B",
        "levels": ["5. luokka"],
        "subjects": ["Matematiikka", "Digitaalinen osaaminen"],
    },
    "company_provides": "Pelin käyttöoikeudet 50 oppilaalle ja 4 opettajalle, 2 tunnin perehdytys "
    "opettajille ja sähköpostituki arkisin klo 8-16.",
    "school_provides": "Pelin käyttö matematiikan tunneilla noin kaksi kertaa viikossa, opettajien "
    "palautehaastattelu pilotin puolivälissä ja lopussa sekä oppilaiden nimetön palautekysely.",
    "personal_data": {
        "processed": True,
        "categories": ["oppilaan etunimi ja sukunimen alkukirjain", "luokka", "pelin tehtäväsuoritukset"],
        "purpose": "Oppilaan edistymisen näyttäminen opettajalle pilotin aikana.",
        "storage_location": "Palvelimet Suomessa (Helsinki), UpCloud Oy",
        "retention": "Pilotin ajan; tiedot poistetaan 30 päivän kuluessa pilotin päättymisestä.",
        "subprocessors": [{"name": "UpCloud Oy", "service": "Palvelinkapasiteetti", "location": "Suomi"}],
    },
    "reference_use": "Yritys saa mainita verkkosivuillaan ja esityksissään, että Laskuri Murtoluvut -peliä "
    "on pilotoitu Espoon kaupungin perusopetuksessa syksyllä 2026.",
}

SIGNATURES: list[dict[str, Any]] = [
    {
        "party": "company",
        "name": "Mikko Korhonen",
        "role": "toimitusjohtaja",
        "organisation": "Laskuri Oy",
        "signed_at": "2026-08-20T11:02:33+00:00",
        "document_sha256": "9f2c1e7a4b5d6c8e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70",
    },
    {
        "party": "school",
        "name": "Anna Nieminen",
        "role": "rehtori",
        "organisation": "Auroran koulu",
        "signed_at": "2026-08-19T06:45:10+00:00",
        "document_sha256": "9f2c1e7a4b5d6c8e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70",
    },
]


def make_snapshot(**overrides: Any) -> dict[str, Any]:
    """A deep copy of SNAPSHOT; `personal_data__processed=False` style keys reach nested fields."""
    snapshot = copy.deepcopy(SNAPSHOT)
    for key, value in overrides.items():
        target = snapshot
        *path, last = key.split("__")
        for part in path:
            target = target[part]
        target[last] = value
    return snapshot
