"""Demo content for KYKY: organisations, users, pilot proposals, learning needs and pilots.

Pure data, loaded by ``kyky.process.demo`` (the ``seed_demo`` command). Everything here is fictional:
the schools, day-care centres and companies are invented (in the style of Espoo's units), the people
are invented, e-mail addresses use the reserved ``.example`` top-level domain and the phone numbers
are placeholders. Business IDs are made up but carry a valid Y-tunnus check digit.

The demo is dated relative to the day it is loaded (DESIGN.md §8, ``kyky.core.schoolyear``). The open
proposals and needs fall in the next spring term that has not started yet, so on any day they lie ahead;
several needs are written so that they clearly match a proposal (same topic, language, levels and
overlapping dates). The history (``HISTORY``) happened in the previous school year, whose spring term
has ended. Dates are written as ``monday(week)`` and ``friday(week)``: the Monday or Friday of that ISO
week of the term's year (week 10 is just after the winter break), kept inside the term; without a week,
the term's first Monday or last Friday. ``{spring_year}``, ``{autumn_year}`` and ``{school_year}`` in the
texts become the years of the term the row falls in. ``proposals(today)``, ``needs(today)`` and
``history(today)`` give the rows with real dates and texts.

Codes follow DESIGN.md §7. A need's municipality is its organisation's municipality.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from kyky.core.schoolyear import AUTUMN, SPRING, SchoolYear, last_ended_school_year, next_term


@dataclass(frozen=True)
class Day:
    """A day of a term, resolved against a school year: the Monday or Friday of an ISO week."""

    weekday: str  # "monday" | "friday"
    week: int | None = None
    term: str = SPRING

    def on(self, year: SchoolYear) -> date:
        term = year.autumn if self.term == AUTUMN else year.spring
        return getattr(term, self.weekday)(self.week)


def monday(week: int | None = None, *, term: str = SPRING) -> Day:
    return Day("monday", week, term)


def friday(week: int | None = None, *, term: str = SPRING) -> Day:
    return Day("friday", week, term)


def _resolved(value: Any, year: SchoolYear) -> Any:
    if isinstance(value, Day):
        return value.on(year)
    if isinstance(value, str) and "{" in value:
        return value.format(spring_year=year.spring.year, autumn_year=year.autumn.year, school_year=year.label)
    if isinstance(value, dict):
        return {key: _resolved(item, year) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolved(item, year) for item in value]
    return value


def demo_year(today: date) -> SchoolYear:
    """The school year of the open rows: the one whose spring term is the next to start."""
    return SchoolYear(next_term(today, SPRING).school_year)


def history_year(today: date) -> SchoolYear:
    """The school year of the history: the latest one that has ended."""
    return last_ended_school_year(today)


def proposals(today: date) -> list[dict[str, Any]]:
    return _resolved(PROPOSALS, demo_year(today))


def needs(today: date) -> list[dict[str, Any]]:
    return _resolved(NEEDS, demo_year(today))


def history(today: date) -> list[dict[str, Any]]:
    return _resolved(HISTORY, history_year(today))


# ---------------------------------------------------------------------------
# Organisations
# ---------------------------------------------------------------------------

ORGANISATIONS = [
    # Cities
    {
        "key": "espoo",
        "name": "Espoon kaupunki",
        "kind": "city",
        "municipality": "espoo",
        "business_id": None,
        "languages": [],
    },
    {
        "key": "vantaa",
        "name": "Vantaan kaupunki",
        "kind": "city",
        "municipality": "vantaa",
        "business_id": None,
        "languages": [],
    },
    # Espoo schools
    {
        "key": "kuusikallion-koulu",
        "name": "Kuusikallion koulu",
        "kind": "school",
        "municipality": "espoo",
        "business_id": None,
        "languages": ["fi"],
    },
    {
        "key": "kivimetsan-koulu",
        "name": "Kivimetsän koulu",
        "kind": "school",
        "municipality": "espoo",
        "business_id": None,
        "languages": ["fi", "en"],
    },
    {
        "key": "pajurinteen-koulu",
        "name": "Pajurinteen koulu",
        "kind": "school",
        "municipality": "espoo",
        "business_id": None,
        "languages": ["fi"],
    },
    {
        "key": "kalliorannan-koulu",
        "name": "Kalliorannan koulu",
        "kind": "school",
        "municipality": "espoo",
        "business_id": None,
        "languages": ["fi"],
    },
    {
        "key": "otsonlahden-lukio",
        "name": "Otsonlahden lukio",
        "kind": "school",
        "municipality": "espoo",
        "business_id": None,
        "languages": ["fi"],
    },
    {
        "key": "strandangens-skola",
        "name": "Strandängens skola",
        "kind": "school",
        "municipality": "espoo",
        "business_id": None,
        "languages": ["sv"],
    },
    {
        "key": "ekvikens-skola",
        "name": "Ekvikens skola",
        "kind": "school",
        "municipality": "espoo",
        "business_id": None,
        "languages": ["sv"],
    },
    # Espoo day-care centres
    {
        "key": "paivakoti-sammalmatas",
        "name": "Päiväkoti Sammalmätäs",
        "kind": "daycare",
        "municipality": "espoo",
        "business_id": None,
        "languages": ["fi"],
    },
    {
        "key": "paivakoti-kielokumpu",
        "name": "Päiväkoti Kielokumpu",
        "kind": "daycare",
        "municipality": "espoo",
        "business_id": None,
        "languages": ["fi"],
    },
    {
        "key": "paivakoti-tuulikannel",
        "name": "Päiväkoti Tuulikannel",
        "kind": "daycare",
        "municipality": "espoo",
        "business_id": None,
        "languages": ["fi"],
    },
    {
        "key": "daghemmet-vattenliljan",
        "name": "Daghemmet Vattenliljan",
        "kind": "daycare",
        "municipality": "espoo",
        "business_id": None,
        "languages": ["sv"],
    },
    # An outsider: a Vantaa school (its coordinator is Vantaa's, not Espoo's)
    {
        "key": "peltolaakson-koulu",
        "name": "Peltolaakson koulu",
        "kind": "school",
        "municipality": "vantaa",
        "business_id": None,
        "languages": ["fi"],
    },
    # Companies
    {
        "key": "laskuri-labs",
        "name": "Laskuri Labs Oy",
        "kind": "company",
        "municipality": "espoo",
        "business_id": "3124587-9",
        "languages": [],
    },
    {
        "key": "tavutalo",
        "name": "Tavutalo Oy",
        "kind": "company",
        "municipality": "helsinki",
        "business_id": "3218864-2",
        "languages": [],
    },
    {
        "key": "pikkubotti",
        "name": "Pikkubotti Oy",
        "kind": "company",
        "municipality": "espoo",
        "business_id": "2987412-3",
        "languages": [],
    },
    {
        "key": "sprakbro",
        "name": "Språkbro Oy Ab",
        "kind": "company",
        "municipality": "turku",
        "business_id": "3345190-8",
        "languages": [],
    },
    {
        "key": "mielikuu",
        "name": "Mielikuu Oy",
        "kind": "company",
        "municipality": "tampere",
        "business_id": "3056728-6",
        "languages": [],
    },
    {
        "key": "kestava-kipina",
        "name": "Kestävä Kipinä Oy",
        "kind": "company",
        "municipality": "vantaa",
        "business_id": "3401256-0",
        "languages": [],
    },
    # Providers that are not companies: a registered association and a university (a research organisation).
    # An association needs no business ID; the university has one.
    {
        "key": "satuvaris",
        "name": "Satuvaris ry",
        "kind": "association",
        "municipality": "espoo",
        "business_id": None,
        "languages": [],
    },
    {
        "key": "itameren-yliopisto",
        "name": "Itämeren yliopisto",
        "kind": "research",
        "municipality": "espoo",
        "business_id": "3187452-8",
        "languages": [],
    },
]

# ---------------------------------------------------------------------------
# Users (the first four are the main demo accounts)
# ---------------------------------------------------------------------------

USERS = [
    # Main demo accounts
    {"email": "teacher@kyky.example", "name": "Laura Niemi", "organisation": "kuusikallion-koulu", "role": "teacher"},
    {
        "email": "principal@kyky.example",
        "name": "Markku Heikkinen",
        "organisation": "kuusikallion-koulu",
        "role": "principal",
    },
    {
        "email": "representative@kyky.example",
        "name": "Joonas Lehtonen",
        "organisation": "laskuri-labs",
        "role": "representative",
    },
    {"email": "coordinator@kyky.example", "name": "Satu Koskinen", "organisation": "espoo", "role": "coordinator"},
    # The outsider coordinator
    {
        "email": "coordinator.vantaa@kyky.example",
        "name": "Pekka Mäkelä",
        "organisation": "vantaa",
        "role": "coordinator",
    },
    # Schools
    {
        "email": "teacher.kivimetsa@kyky.example",
        "name": "Emma Rantanen",
        "organisation": "kivimetsan-koulu",
        "role": "teacher",
    },
    {
        "email": "teacher2.kivimetsa@kyky.example",
        "name": "Daniel Whitaker",
        "organisation": "kivimetsan-koulu",
        "role": "teacher",
    },
    {
        "email": "principal.kivimetsa@kyky.example",
        "name": "Juha Laaksonen",
        "organisation": "kivimetsan-koulu",
        "role": "principal",
    },
    {
        "email": "teacher.pajurinne@kyky.example",
        "name": "Minna Järvinen",
        "organisation": "pajurinteen-koulu",
        "role": "teacher",
    },
    {
        "email": "teacher2.pajurinne@kyky.example",
        "name": "Sami Koivisto",
        "organisation": "pajurinteen-koulu",
        "role": "teacher",
    },
    {
        "email": "principal.pajurinne@kyky.example",
        "name": "Timo Hiltunen",
        "organisation": "pajurinteen-koulu",
        "role": "principal",
    },
    {
        "email": "teacher.kallioranta@kyky.example",
        "name": "Ville Karjalainen",
        "organisation": "kalliorannan-koulu",
        "role": "teacher",
    },
    {
        "email": "teacher2.kallioranta@kyky.example",
        "name": "Marja Heinonen",
        "organisation": "kalliorannan-koulu",
        "role": "teacher",
    },
    {
        "email": "principal.kallioranta@kyky.example",
        "name": "Päivi Leinonen",
        "organisation": "kalliorannan-koulu",
        "role": "principal",
    },
    {
        "email": "teacher.otsonlahti@kyky.example",
        "name": "Kaisa Räsänen",
        "organisation": "otsonlahden-lukio",
        "role": "teacher",
    },
    {
        "email": "principal.otsonlahti@kyky.example",
        "name": "Antti Saarinen",
        "organisation": "otsonlahden-lukio",
        "role": "principal",
    },
    {
        "email": "teacher.strandang@kyky.example",
        "name": "Johanna Lindholm",
        "organisation": "strandangens-skola",
        "role": "teacher",
    },
    {
        "email": "teacher2.strandang@kyky.example",
        "name": "Sofia Backman",
        "organisation": "strandangens-skola",
        "role": "teacher",
    },
    {
        "email": "principal.strandang@kyky.example",
        "name": "Mikael Sjöberg",
        "organisation": "strandangens-skola",
        "role": "principal",
    },
    {
        "email": "teacher.ekvik@kyky.example",
        "name": "Ida Grönroos",
        "organisation": "ekvikens-skola",
        "role": "teacher",
    },
    {
        "email": "teacher2.ekvik@kyky.example",
        "name": "Jonas Nyberg",
        "organisation": "ekvikens-skola",
        "role": "teacher",
    },
    {
        "email": "principal.ekvik@kyky.example",
        "name": "Fredrik Westerlund",
        "organisation": "ekvikens-skola",
        "role": "principal",
    },
    # Day-care centres (the director has the principal role)
    {
        "email": "teacher.sammalmatas@kyky.example",
        "name": "Noora Kinnunen",
        "organisation": "paivakoti-sammalmatas",
        "role": "teacher",
    },
    {
        "email": "principal.sammalmatas@kyky.example",
        "name": "Riitta Hakala",
        "organisation": "paivakoti-sammalmatas",
        "role": "principal",
    },
    {
        "email": "teacher.kielokumpu@kyky.example",
        "name": "Elina Mustonen",
        "organisation": "paivakoti-kielokumpu",
        "role": "teacher",
    },
    {
        "email": "principal.kielokumpu@kyky.example",
        "name": "Sari Lehtinen",
        "organisation": "paivakoti-kielokumpu",
        "role": "principal",
    },
    {
        "email": "teacher.tuulikannel@kyky.example",
        "name": "Anni Toivonen",
        "organisation": "paivakoti-tuulikannel",
        "role": "teacher",
    },
    {
        "email": "principal.tuulikannel@kyky.example",
        "name": "Heli Manninen",
        "organisation": "paivakoti-tuulikannel",
        "role": "principal",
    },
    {
        "email": "teacher.vattenliljan@kyky.example",
        "name": "Camilla Forsman",
        "organisation": "daghemmet-vattenliljan",
        "role": "teacher",
    },
    {
        "email": "principal.vattenliljan@kyky.example",
        "name": "Annika Holmström",
        "organisation": "daghemmet-vattenliljan",
        "role": "principal",
    },
    # The Vantaa school
    {
        "email": "teacher.peltolaakso@kyky.example",
        "name": "Tiina Hyvönen",
        "organisation": "peltolaakson-koulu",
        "role": "teacher",
    },
    {
        "email": "teacher2.peltolaakso@kyky.example",
        "name": "Outi Kemppainen",
        "organisation": "peltolaakson-koulu",
        "role": "teacher",
    },
    {
        "email": "principal.peltolaakso@kyky.example",
        "name": "Jari Peltonen",
        "organisation": "peltolaakson-koulu",
        "role": "principal",
    },
    # Company representatives
    {
        "email": "representative.tavutalo@kyky.example",
        "name": "Katariina Aalto",
        "organisation": "tavutalo",
        "role": "representative",
    },
    {
        "email": "representative.pikkubotti@kyky.example",
        "name": "Olli Vainio",
        "organisation": "pikkubotti",
        "role": "representative",
    },
    {
        "email": "representative.sprakbro@kyky.example",
        "name": "Linnea Ekström",
        "organisation": "sprakbro",
        "role": "representative",
    },
    {
        "email": "representative.mielikuu@kyky.example",
        "name": "Henna Kallio",
        "organisation": "mielikuu",
        "role": "representative",
    },
    {
        "email": "representative.kestava@kyky.example",
        "name": "Tuomas Nurmi",
        "organisation": "kestava-kipina",
        "role": "representative",
    },
    # The association's and the university's representatives
    {
        "email": "association@kyky.example",
        "name": "Hanna Salo",
        "organisation": "satuvaris",
        "role": "representative",
    },
    {
        "email": "researcher@kyky.example",
        "name": "Ilkka Nurmi",
        "organisation": "itameren-yliopisto",
        "role": "representative",
    },
]

# ---------------------------------------------------------------------------
# Pilot proposals (companies)
# ---------------------------------------------------------------------------

PROPOSALS = [
    # --- Laskuri Labs Oy: mathematics -------------------------------------
    {
        "key": "laskuri-murtolukuseikkailu",
        "organisation": "laskuri-labs",
        "title": "Murtolukuseikkailu – pelillinen murtolukujen harjoittelu 3.–6. luokille",
        "summary": (
            "Selaimessa toimiva oppimispeli, jossa murtoluvut opitaan ensin kuvina ja välineinä ja vasta sitten "
            "symboleina. Tehtävät mukautuvat oppilaan tasoon, ja opettaja näkee luokan edistymisen yhdestä näkymästä."
        ),
        "description": (
            "Murtolukuseikkailu on selainpohjainen oppimispeli, jossa oppilas rakentaa saarelle siltoja, lauttoja ja "
            "puutarhoja murtolukujen avulla. Murtoluku nähdään pelissä ensin kuvana ja välineenä (pizzat, mittanauhat, "
            "lukusuora) ja vasta sitten merkintänä. Tehtävät mukautuvat oppilaan vastausten mukaan, ja opettaja näkee "
            "luokan näkymästä, mitkä asiat – esimerkiksi murtolukujen vertailu, laventaminen tai sekaluvut – "
            "tuottavat vielä vaikeuksia.\n\n"
            "Pilotti kestää 6–10 viikkoa. Ensimmäisellä viikolla pidämme opettajille tunnin perehdytyksen paikan "
            "päällä tai Teamsissa ja luomme luokalle tunnukset. Sen jälkeen oppilaat pelaavat 2–3 kertaa viikossa "
            "noin 15 minuuttia osana matematiikan tuntia. Noin neljännellä viikolla vierailemme luokassa ja "
            "havainnoimme pelaamista, ja pilotin lopuksi pidämme oppilaiden kanssa lyhyen palautetuokion. "
            "Opettajalta toivomme vastaukset kahteen lyhyeen kyselyyn ja yhden 30 minuutin haastattelun.\n\n"
            "Peli toimii selaimessa koulun Chromebookeilla, iPadeilla ja Windows-koneilla; erillistä asennusta ei "
            "tarvita. Oppilaat kirjautuvat luokkakohtaisella koodilla ja nimimerkillä, joten emme kerää oppilaiden "
            "koko nimiä. Vastaus- ja edistymistiedot tallennetaan palvelimelle Suomessa ja poistetaan pilotin "
            "päätyttyä. Peli on saatavilla suomeksi ja ruotsiksi."
        ),
        "subjects": ["mathematics"],
        "levels": ["grade_3", "grade_4", "grade_5", "grade_6"],
        "languages": ["fi", "sv"],
        "starts_on": monday(),
        "ends_on": friday(17),
        "capacity": 12,
        "teacher_hours": 10,
        "requirements": (
            "Oppilaille koulun Chromebookit, iPadit tai Windows-kannettavat (laite oppilasta tai paria kohden), "
            "ajantasainen selain ja koulun wifi. Kuulokkeet ovat suositeltavia. Opettajalle videotykki tai näyttö."
        ),
        "delivery": "hybrid",
        "municipalities": ["espoo", "helsinki", "vantaa"],
        "processes_personal_data": True,
        "status": "published",
    },
    {
        "key": "laskuri-geometry-ar",
        "organisation": "laskuri-labs",
        "title": "Geometry in AR – 3D solids and measurement for grades 7–9",
        "summary": (
            "A tablet app that puts 3D solids on the classroom desk or the schoolyard. Students walk around, slice "
            "and measure the shapes and connect what they see to surface area and volume."
        ),
        "description": (
            "Geometry in AR is an augmented-reality app for lower secondary mathematics. Students point a tablet at "
            "the floor or a desk, place a prism, cylinder or pyramid in the room, and then walk around it, cut "
            "cross-sections and measure edges with a virtual ruler. The tasks follow the Finnish core curriculum for "
            "grades 7–9: nets, surface area, volume, scale and similarity. All content is available in Finnish and "
            "English, so it suits both Finnish-language groups and English-language programmes.\n\n"
            "The pilot runs for about six weeks. In week 1 our teacher-developer visits the school for a 45-minute "
            "hands-on session with the teachers and helps set up the devices. In weeks 2–5 the class uses the app in "
            "four to six lessons of the teacher's choosing; we provide ready-made lesson plans, but teachers are free "
            "to adapt them. In week 6 we collect feedback through a short anonymous student survey and a 30-minute "
            "interview with the teacher.\n\n"
            "The app works offline once installed. It creates no student accounts and collects no personal data; "
            "only anonymous crash reports are sent, and only if the school allows it. We can lend up to 15 iPads per "
            "group if the school's own tablets are too old to run AR."
        ),
        "subjects": ["mathematics", "digital_competence"],
        "levels": ["grade_7", "grade_8", "grade_9"],
        "languages": ["fi", "en"],
        "starts_on": monday(5),
        "ends_on": friday(21),
        "capacity": 6,
        "teacher_hours": 8,
        "requirements": (
            "iPads (iPadOS 16 or later) or ARCore-capable Android tablets, one per 2–3 students – we can lend 15 "
            "iPads. A classroom with some free floor space; the schoolyard works too in dry weather. Network is only "
            "needed for installation."
        ),
        "delivery": "hybrid",
        "municipalities": ["espoo"],
        "processes_personal_data": False,
        "status": "published",
    },
    {
        "key": "laskuri-numeropolku",
        "organisation": "laskuri-labs",
        "title": "Numeropolku – lukukäsitteen leikkejä varhaiskasvatukseen ja esiopetukseen",
        "summary": (
            "Lukumäärän, vertailun ja muotojen leikkejä sisälle ja ulos: lattiapolku, kuvakortit ja lyhyet "
            "tablettitehtävät aikuisen kanssa. Lapsille ei luoda tunnuksia eikä heidän tietojaan kerätä."
        ),
        "description": (
            "Numeropolku on varhaiskasvatukseen ja esiopetukseen suunniteltu leikkien ja välineiden kokonaisuus, "
            "jolla harjoitellaan lukumäärää, lukujonoa, vertailua ja muotoja. Sen ytimessä on lattialle tai pihalle "
            "levitettävä numeropolku ja kuvakortit, joiden avulla lapset hyppivät, laskevat ja lajittelevat. "
            "Tabletilla tehtävät lyhyet tehtävät tehdään aina pienryhmässä yhdessä aikuisen kanssa.\n\n"
            "Pilotti kestää kahdeksan viikkoa. Ensimmäisellä viikolla tuomme välinepaketin päiväkotiin ja käymme "
            "leikit läpi henkilöstön kanssa (noin tunti, esimerkiksi tiimipalaverin yhteydessä). Sen jälkeen ryhmä "
            "leikkii Numeropolkua 2–3 kertaa viikossa 15–20 minuuttia kerrallaan. Puolivälissä soitamme ja "
            "kysymme, miten leikit ovat toimineet. Lopuksi toivomme varhaiskasvatuksen opettajalta haastattelun ja "
            "kuvauksen lasten innostuksesta ja oivalluksista ilman lasten nimiä.\n\n"
            "Välineet jäävät päiväkodille pilotin jälkeen. Pilotissa ei käsitellä lasten henkilötietoja."
        ),
        "subjects": ["mathematics"],
        "levels": ["ece", "pre_primary"],
        "languages": ["fi"],
        "starts_on": monday(),
        "ends_on": friday(17),
        "capacity": 10,
        "teacher_hours": 6,
        "requirements": (
            "Lattiatilaa noin 2 × 4 metriä sisällä tai sopiva piha-alue. Yksi päiväkodin oma tabletti ryhmää kohden. "
            "Välinepaketti tuodaan mukana."
        ),
        "delivery": "onsite",
        "municipalities": ["espoo", "kauniainen"],
        "processes_personal_data": False,
        "status": "published",
    },
    {
        "key": "laskuri-algebra-apuri",
        "organisation": "laskuri-labs",
        "title": "Algebra-apuri – vaiheittainen palaute lukion yhtälötehtäviin",
        "summary": (
            "Kehitteillä oleva työkalu, joka antaa lukiolaiselle palautetta yhtälön ratkaisun jokaisesta "
            "välivaiheesta eikä vain lopputuloksesta."
        ),
        "description": (
            "Algebra-apuri tunnistaa opiskelijan kirjoittamat välivaiheet yhtälöiden ja epäyhtälöiden ratkaisuissa "
            "ja kertoo, missä kohdassa ajatus lähti väärille raiteille. Opettaja näkee kurssin yleisimmät "
            "virhetyypit ja voi käyttää niitä opetuksen suunnittelussa.\n\n"
            "Työkalu on vielä kehitysvaiheessa. Etsimme keväälle {spring_year} kahta lukion ryhmää, jotka käyttäisivät apuria "
            "algebran moduulin itsenäisissä harjoituksissa noin kuuden viikon ajan. Tarkempi pilottisuunnitelma ja "
            "tietosuojakuvaus täydennetään ennen julkaisua."
        ),
        "subjects": ["mathematics"],
        "levels": ["upper_secondary"],
        "languages": ["fi"],
        "starts_on": monday(10),
        "ends_on": friday(),
        "capacity": 2,
        "teacher_hours": 12,
        "requirements": "Opiskelijoiden omat kannettavat ja ajantasainen selain. Kirjautuminen MPASSid-tunnuksilla (suunnitteilla).",
        "delivery": "remote",
        "municipalities": [],
        "processes_personal_data": True,
        "status": "draft",
    },
    # --- Tavutalo Oy: reading and multiliteracy ---------------------------
    {
        "key": "tavutalo-lukijaksi",
        "organisation": "tavutalo",
        "title": "Tavutalo – tavuista lukijaksi esiopetuksessa ja 1.–2. luokalla",
        "summary": (
            "Lukemaan oppimisen sovellus, jossa lapsi rakentaa tavuista sanoja ja kuulee ne heti ääneen. Opettaja "
            "näkee, mitkä äänteet ja tavut vielä tuottavat vaikeuksia, ja saa vinkkejä eriyttämiseen."
        ),
        "description": (
            "Tavutalo on lukemaan oppimisen sovellus, joka hyödyntää suomen kielen säännöllistä kirjain–äänne-"
            "vastaavuutta. Lapsi kuljettaa äänteitä ja tavuja talon kerroksiin, kuulee muodostuneen sanan heti "
            "ääneen ja yhdistää sen kuvaan. Harjoitukset etenevät äänteistä avoimiin tavuihin ja lyhyistä sanoista "
            "lauseisiin, ja sovellus tarjoaa lisää toistoa juuri niissä kohdissa, joissa lapsi epäröi.\n\n"
            "Pilotti kestää 8–12 viikkoa. Aloitamme 45 minuutin etäperehdytyksellä, jossa opettaja saa luokalle "
            "tunnukset ja ohjeet. Lapset käyttävät sovellusta 3–4 kertaa viikossa noin 10 minuuttia, esimerkiksi "
            "pienryhmä- tai pistetyöskentelyssä. Puolivälissä pidämme 30 minuutin etätapaamisen, ja halutessanne "
            "tulemme seuraamaan yhtä oppituntia paikan päälle. Lopuksi opettaja vastaa palautekyselyyn ja "
            "osallistuu lyhyeen haastatteluun. Huoltajille annamme valmiin tiedotteen.\n\n"
            "Sovellus toimii iPadilla ja Android-tableteilla. Lapset kirjautuvat kuvatunnuksella ilman salasanaa; "
            "opettaja voi halutessaan kirjata lapsen etunimen, joka näkyy vain opettajanäkymässä. Käsittelemme "
            "harjoitusten vastaus- ja aikatietoja palvelimilla EU:ssa ja poistamme ne viimeistään 60 päivän "
            "kuluttua pilotin päättymisestä."
        ),
        "subjects": ["mother_tongue", "multiliteracy"],
        "levels": ["pre_primary", "grade_1", "grade_2"],
        "languages": ["fi"],
        "starts_on": monday(),
        "ends_on": friday(20),
        "capacity": 20,
        "teacher_hours": 8,
        "requirements": (
            "Tabletit (iPad tai Android 10+) pienryhmälle, kuulokkeet jokaiselle käyttäjälle ja toimiva wifi. "
            "Opettajalle tietokone tai tabletti seurantanäkymää varten."
        ),
        "delivery": "hybrid",
        "municipalities": [],
        "processes_personal_data": True,
        "status": "published",
    },
    {
        "key": "tavutalo-lasfixaren",
        "organisation": "tavutalo",
        "title": "Läsfixaren – läsinlärning för förskoleundervisningen och åk 1–2",
        "summary": (
            "Den svenska versionen av vår läsapp: barnet bygger ord av ljud och stavelser och hör dem direkt. "
            "Läraren ser vilka ljud som ännu är svåra och får tips för differentiering."
        ),
        "description": (
            "Läsfixaren är en app för den första läsinlärningen på svenska. Barnet drar ljud och stavelser till rätt "
            "plats, hör ordet som bildas och kopplar det till en bild. Övningarna har utvecklats tillsammans med "
            "finlandssvenska klasslärare och tar hänsyn till det som är svårt på svenska: långa och korta vokaler, "
            "sj- och tj-ljud och ord som inte stavas som de låter.\n\n"
            "Piloten pågår i 8–12 veckor. Vi börjar med en introduktion på distans (45 minuter) där läraren får "
            "inloggningar och material. Barnen använder appen 3–4 gånger i veckan, cirka 10 minuter åt gången, till "
            "exempel i stationsarbete. Mitt i perioden har vi ett kort avstämningsmöte, och vi kommer gärna på "
            "lektionsbesök om skolan vill. I slutet svarar läraren på en enkät och deltar i en intervju på 30 "
            "minuter. Skolan får ett färdigt informationsbrev till vårdnadshavarna.\n\n"
            "Appen fungerar på iPad och Android-surfplattor. Barnen loggar in med en bildkod utan lösenord. Vi "
            "behandlar svar och tidsuppgifter på servrar inom EU och raderar dem senast 60 dagar efter att piloten "
            "har avslutats."
        ),
        "subjects": ["mother_tongue", "multiliteracy"],
        "levels": ["pre_primary", "grade_1", "grade_2"],
        "languages": ["sv"],
        "starts_on": monday(),
        "ends_on": friday(20),
        "capacity": 10,
        "teacher_hours": 8,
        "requirements": "Surfplattor (iPad eller Android 10+) för en smågrupp, hörlurar till varje barn och fungerande wifi.",
        "delivery": "hybrid",
        "municipalities": [],
        "processes_personal_data": True,
        "status": "published",
    },
    {
        "key": "tavutalo-uutispaja",
        "organisation": "tavutalo",
        "title": "Uutispaja – medialukutaitoa ja omia uutisia 5.–9. luokille",
        "summary": (
            "Viiden oppitunnin kokonaisuus, jossa oppilaat arvioivat lähteitä, tunnistavat harhaanjohtavia "
            "otsikoita ja tekevät oman uutisen. Lopuksi toimittaja kommentoi oppilaiden uutisia etäyhteydellä."
        ),
        "description": (
            "Uutispaja on verkossa toimiva oppimiskokonaisuus, jossa oppilaat harjoittelevat lähteiden arviointia, "
            "tunnistavat mainoksia ja harhaanjohtavia otsikoita ja tekevät itse lyhyen uutisen koulunsa arjesta. "
            "Materiaali on tehty yhdessä toimittajien kanssa, ja tehtävissä käytetään aitoja, ikätasolle sopivia "
            "uutisia ja somejulkaisuja.\n\n"
            "Pilotti kestää viisi viikkoa, yksi 45 minuutin tunti viikossa: 1) mikä on uutinen, 2) mistä tiedän, "
            "onko tieto totta, 3) kuvat ja videot todisteina, 4) oma uutinen ja 5) toimittajan etävierailu, jossa "
            "oppilaiden uutisia kommentoidaan. Opettaja pitää tunnit valmiiden diojen ja ohjeiden avulla, ja me "
            "osallistumme etänä viimeiselle tunnille. Toivomme opettajalta jokaisen tunnin jälkeen kahden minuutin "
            "palautelomakkeen.\n\n"
            "Oppilaat eivät kirjaudu palveluumme: opettaja näyttää materiaalin, ja oppilaat työskentelevät koulun "
            "omissa ympäristöissä. Emme käsittele oppilaiden henkilötietoja."
        ),
        "subjects": ["multiliteracy", "mother_tongue", "digital_competence", "social_studies"],
        "levels": ["grade_5", "grade_6", "grade_7", "grade_8", "grade_9"],
        "languages": ["fi"],
        "starts_on": monday(),
        "ends_on": friday(17),
        "capacity": 25,
        "teacher_hours": 6,
        "requirements": (
            "Videotykki tai näyttö ja kaiuttimet sekä verkkoyhteys etävierailua varten. Oppilaille laitteet pari- "
            "tai ryhmätyöhön (Chromebook, tabletti tai kannettava)."
        ),
        "delivery": "remote",
        "municipalities": [],
        "processes_personal_data": False,
        "status": "published",
    },
    {
        "key": "tavutalo-lukitukena",
        "organisation": "tavutalo",
        "title": "Lukitukena – lukemisen harjoittelua lukivaikeuksisille oppilaille",
        "summary": (
            "Tavutalon tehostettu versio erityisopetukseen ja tukiopetukseen: pienemmät askeleet, hidastetut "
            "äänteet, rauhallinen näkymä ja paljon toistoa. Suomeksi ja ruotsiksi."
        ),
        "description": (
            "Lukitukena on kehitetty yhdessä erityisopettajien kanssa niille oppilaille, joiden lukemaan oppiminen "
            "etenee hitaammin tai joilla on lukivaikeus. Sovellus käyttää samaa tavupohjaista menetelmää kuin "
            "Tavutalo, mutta tehtävät etenevät pienemmin askelin, äänteet voi kuunnella hidastettuina ja näkymässä "
            "on vähemmän ärsykkeitä. Opettaja säätää jokaiselle oppilaalle oman etenemistahdin.\n\n"
            "Pilotti kestää 10–16 viikkoa, jotta säännöllisen harjoittelun vaikutus ehtii näkyä. Aloitamme tunnin "
            "etäperehdytyksellä erityisopettajan kanssa. Oppilaat harjoittelevat 10–15 minuuttia lähes päivittäin, "
            "esimerkiksi osana erityisopetuksen tuntia. Kuukauden välein pidämme 20 minuutin etätapaamisen, jossa "
            "käymme läpi, miten harjoittelu sujuu, ja tulemme mielellämme kerran myös paikan päälle.\n\n"
            "Sovellus tallentaa oppilaan harjoitusvastaukset ja lukusujuvuuden kehityksen, jotta opettaja näkee "
            "edistymisen. Oppilaat kirjautuvat kuvatunnuksella, ja tiedot säilytetään EU:ssa. Emme käsittele "
            "diagnooseja tai muita terveystietoja, eikä niitä pidä kirjata palveluun."
        ),
        "subjects": ["special_support", "mother_tongue"],
        "levels": ["grade_1", "grade_2", "grade_3", "grade_4"],
        "languages": ["fi", "sv"],
        "starts_on": monday(),
        "ends_on": friday(21),
        "capacity": 15,
        "teacher_hours": 12,
        "requirements": (
            "Tabletti (iPad tai Android 10+) ja kuulokkeet jokaiselle osallistuvalle oppilaalle, rauhallinen "
            "työskentelytila ja wifi."
        ),
        "delivery": "hybrid",
        "municipalities": ["espoo", "helsinki", "vantaa"],
        "processes_personal_data": True,
        "status": "published",
    },
    # --- Pikkubotti Oy: coding, maker, digital competence -------------------
    {
        "key": "pikkubotti-robotit",
        "organisation": "pikkubotti",
        "title": "Pikkubotti – koodausta ennen lukutaitoa",
        "summary": (
            "Lattialla kulkevat puurobotit, joita ohjataan kuvakorteilla ilman näyttöä. Lapset suunnittelevat "
            "reittejä, kokeilevat ja korjaavat – matematiikkaa, kieltä ja yhteistyötä samassa leikissä."
        ),
        "description": (
            "Pikkubotti on kämmenen kokoinen puurobotti, jota ohjataan asettamalla kuvakortteja riviin: eteenpäin, "
            "käänny, toista, odota. Robotti lukee kortit ja kulkee reitin lattiamatolla. Koska ohjelmointiin ei "
            "tarvita näyttöä eikä lukutaitoa, se sopii jo 4–6-vuotiaille. Leikeissä harjoitellaan suuntia, "
            "lukumääriä, ongelmanratkaisua ja vuorottelua. Kortit ja ohjeet ovat suomeksi, ruotsiksi ja "
            "englanniksi.\n\n"
            "Pilotti kestää kuusi viikkoa. Ensimmäisellä viikolla kouluttajamme tulee päiväkotiin tai kouluun ja "
            "vetää ensimmäisen tuokion lasten kanssa yhdessä henkilöstön kanssa. Viikoilla 2–5 ryhmä käyttää "
            "robotteja omassa toiminnassaan 2–3 kertaa viikossa. Annamme valmiit tuokiokuvaukset, jotka etenevät "
            "vapaasta tutkimisesta ohjelmointitehtäviin ja tarinoihin. Viikolla 6 kouluttaja palaa paikalle, ja "
            "kokoamme henkilöstön kanssa havainnot ja kehitysideat.\n\n"
            "Lainaamme ryhmälle kuuden robotin setin, lattiamatot ja korttisarjat. Robotit ladataan USB-C-johdolla, "
            "eivätkä ne tarvitse verkkoyhteyttä tai sovellusta. Pilotissa ei käsitellä lasten henkilötietoja; "
            "palautteen pyydämme henkilöstöltä lyhyellä kyselyllä ja haastattelulla."
        ),
        "subjects": ["digital_competence", "mathematics"],
        "levels": ["ece", "pre_primary"],
        "languages": ["fi", "sv", "en"],
        "starts_on": monday(),
        "ends_on": friday(),
        "capacity": 15,
        "teacher_hours": 6,
        "requirements": (
            "Lattiatilaa noin 2 × 2 metriä ja pistorasia robottien lataamiseen. Verkkoyhteyttä tai laitteita ei "
            "tarvita. Kuuden robotin setti lainataan pilotin ajaksi."
        ),
        "delivery": "onsite",
        "municipalities": ["espoo", "kauniainen", "kirkkonummi"],
        "processes_personal_data": False,
        "status": "published",
    },
    {
        "key": "pikkubotti-pajapaivat",
        "organisation": "pikkubotti",
        "title": "Pajapäivät – elektroniikkaa, ompelua ja keksimistä 4.–6. luokille",
        "summary": (
            "Keksintöprojekti, jossa oppilaat suunnittelevat ja rakentavat valoa tai ääntä tuottavan tuotteen, "
            "esimerkiksi pehmolelun tai heijastimen. Yhdistää käsityön, fysiikan ja ohjelmoinnin."
        ),
        "description": (
            "Pajapäivät on monialainen käsityön ja teknologian projekti. Oppilaat suunnittelevat ryhmissä tuotteen, "
            "joka ratkaisee jonkin pienen arjen ongelman – esimerkiksi pimeällä vilkkuvan heijastimen, pehmolelun, "
            "joka piippaa halatessa, tai kasvin kastelumuistuttajan. Tuotteissa käytetään johtavaa lankaa, "
            "LED-valoja, pieniä kaiuttimia ja helposti ohjelmoitavaa mikro-ohjainta.\n\n"
            "Projekti kestää 6–8 viikkoa, kaksi oppituntia viikossa. Ennen aloitusta pidämme opettajille 1,5 tunnin "
            "työpajan, jossa he rakentavat itse yhden tuotteen. Ensimmäisellä kerralla ohjaajamme on luokassa ja "
            "käy oppilaiden kanssa läpi virtapiirin perusteet. Seuraavilla viikoilla oppilaat ideoivat, piirtävät, "
            "ompelevat ja ohjelmoivat, ja olemme opettajien tavoitettavissa chatissa koko pilotin ajan. Lopuksi "
            "järjestetään pieni keksintönäyttely, johon ohjaajamme osallistuu.\n\n"
            "Tuomme materiaalit 30 oppilaalle. Mikro-ohjaimet ohjelmoidaan selaimessa ilman kirjautumista, joten "
            "henkilötietoja ei käsitellä. Oppilaiden tekemät tuotteet jäävät heille."
        ),
        "subjects": ["crafts", "physics", "digital_competence"],
        "levels": ["grade_4", "grade_5", "grade_6"],
        "languages": ["fi"],
        "starts_on": monday(3),
        "ends_on": friday(21),
        "capacity": 8,
        "teacher_hours": 14,
        "requirements": (
            "Käsityöluokka tai muu tila, jossa on isot pöydät ja pistorasioita. Kannettavat tai Chromebookit "
            "(yksi kahta oppilasta kohden) USB-liitännällä mikro-ohjainten ohjelmointiin. Neulat ja sakset koululta."
        ),
        "delivery": "onsite",
        "municipalities": ["espoo"],
        "processes_personal_data": False,
        "status": "published",
    },
    {
        "key": "pikkubotti-digitarinat",
        "organisation": "pikkubotti",
        "title": "Digitarinat – lasten omia kuvakertomuksia tabletilla",
        "summary": (
            "Lapset kuvaavat, piirtävät ja äänittävät pieniä tarinoita yhdessä aikuisen kanssa. Harjoitellaan "
            "kerrontaa, kuvan ja äänen käyttöä sekä laitteen turvallista käyttöä."
        ),
        "description": (
            "Digitarinat on tabletilla käytettävä kerronnan työkalu varhaiskasvatukseen ja esiopetukseen. Lapset "
            "ottavat kuvia leluista, piirroksista tai pihan löydöistä, järjestävät kuvat tarinaksi ja äänittävät "
            "siihen oman kerrontansa. Valmiit tarinat katsotaan yhdessä ryhmän kanssa tai jaetaan huoltajille "
            "päiväkodin omassa viestintäkanavassa.\n\n"
            "Pilotti kestää 6–8 viikkoa. Aloitamme tunnin perehdytyksellä päiväkodissa ja annamme kahdeksan valmista "
            "tuokiosuunnitelmaa, kuten ”Pihan salaisuus” ja ”Nallen matka”. Ryhmä tekee tarinoita omassa "
            "tahdissaan noin kerran viikossa pienryhmissä. Pilotin puolivälissä ja lopussa pidämme lyhyen "
            "etätapaamisen, jossa kuulemme kokemuksista.\n\n"
            "Tarinoissa voi näkyä ja kuulua lapsia, joten ne ovat henkilötietoja. Tarinat tallennetaan oletuksena "
            "vain tabletille; jos päiväkoti ottaa käyttöön pilvitallennuksen, tiedot säilytetään EU:ssa ja "
            "poistetaan pilotin päättyessä. Suosittelemme kuvaamaan mieluummin käsiä, leluja ja piirroksia kuin "
            "kasvoja."
        ),
        "subjects": ["digital_competence", "multiliteracy", "visual_arts"],
        "levels": ["ece", "pre_primary"],
        "languages": ["fi"],
        "starts_on": monday(),
        "ends_on": friday(17),
        "capacity": 10,
        "teacher_hours": 6,
        "requirements": (
            "1–2 tablettia (iPad tai Android) ryhmää kohden ja tilaa pienryhmätyöskentelyyn. Huoltajien "
            "kuvausluvat on tarkistettava ennen aloitusta."
        ),
        "delivery": "hybrid",
        "municipalities": ["espoo", "helsinki"],
        "processes_personal_data": True,
        "status": "published",
    },
    {
        "key": "pikkubotti-code-club",
        "organisation": "pikkubotti",
        "title": "Code Club Explorers – block coding in English for grades 3–6",
        "summary": (
            "Weekly remote coding sessions in English: pupils build small games and animations with block code "
            "while a live instructor guides them. Suits English-language programmes and CLIL groups."
        ),
        "description": (
            "Code Club Explorers brings a live coding instructor into the classroom over video. Pupils build short "
            "games, animations and interactive stories with a block-based editor, and every session ends with "
            "something playable they can show each other. The instructor speaks clear, simple English, and pupils "
            "may ask questions in Finnish, Swedish or English, so the sessions suit both English-language "
            "programmes and CLIL lessons.\n\n"
            "The pilot consists of eight weekly 45-minute sessions. Before the start we hold a 30-minute video call "
            "with the teacher to agree on the timetable and test the connection. In sessions 1–3 pupils learn "
            "sequences, loops and events; in sessions 4–7 they build their own game in pairs; in session 8 they "
            "present their games to the instructor and their classmates. The teacher stays in the room, helps "
            "pupils who get stuck and fills in a short feedback form after each session.\n\n"
            "Pupils log in with a class code and a nickname chosen by the teacher; we never ask for full names or "
            "e-mail addresses. Projects and nicknames are stored in the EU and deleted 30 days after the pilot "
            "unless the school asks us to export them first."
        ),
        "subjects": ["digital_competence", "foreign_languages", "mathematics"],
        "levels": ["grade_3", "grade_4", "grade_5", "grade_6"],
        "languages": ["en"],
        "starts_on": monday(),
        "ends_on": friday(17),
        "capacity": 10,
        "teacher_hours": 8,
        "requirements": (
            "A laptop or Chromebook for every pupil or pair, a projector with speakers and a webcam for the live "
            "connection, and a stable network (at least 10 Mbit/s)."
        ),
        "delivery": "remote",
        "municipalities": [],
        "processes_personal_data": True,
        "status": "published",
    },
    # --- Språkbro Oy Ab: languages ----------------------------------------
    {
        "key": "sprakbro-kielitandem",
        "organisation": "sprakbro",
        "title": "Kielitandem / Språktandem – ruotsia ja suomea ikätovereiden kanssa",
        "summary": (
            "Suomen- ja ruotsinkieliset luokat tapaavat verkossa pareittain ja pienryhmissä. Valmiit "
            "keskustelutehtävät tekevät toisesta kotimaisesta kielestä oikean viestinnän kielen."
        ),
        "description": (
            "Kielitandem yhdistää suomenkielisen ja ruotsinkielisen luokan, jotka tapaavat toisensa verkossa kerran "
            "viikossa. Puolet tapaamisesta puhutaan ruotsia ja puolet suomea, joten kumpikin ryhmä on vuorollaan "
            "sekä oppijan että kielimallin roolissa. Keskustelutehtävät liittyvät nuorten arkeen – harrastuksiin, "
            "kouluruokaan, lempisarjoihin – ja ne on porrastettu niin, että aloittelijakin pärjää.\n\n"
            "Pilotti kestää kahdeksan viikkoa. Ennen aloitusta yhdistämme luokat, joiden taso ja lukujärjestys "
            "sopivat yhteen, ja pidämme opettajille yhteisen 45 minuutin etäpalaverin. Viikolla 1 luokat tutustuvat "
            "toisiinsa koko ryhmän videopuhelussa. Viikoilla 2–7 oppilaat työskentelevät pareittain tai kolmen "
            "hengen ryhmissä koulun omassa Teams- tai Meet-ympäristössä 20–30 minuuttia kerrallaan. Viikolla 8 "
            "luokat tekevät yhteisen pienen esityksen. Opettajat ohjaavat omaa luokkaansa ja vastaavat kahteen "
            "lyhyeen kyselyyn.\n\n"
            "Språktandem kopplar ihop en finskspråkig och en svenskspråkig klass som träffas på nätet en gång i "
            "veckan. Eleverna använder sitt andra inhemska språk på riktigt, med jämnåriga, och får samtidigt vara "
            "språkförebilder på sitt eget modersmål.\n\n"
            "Parien muodostamista varten käsittelemme oppilaiden etunimet ja luokan tunnuksen. Tiedot säilytetään "
            "EU:ssa ja poistetaan pilotin päättyessä. Videopuheluita ei tallenneta."
        ),
        "subjects": ["second_national_language"],
        "levels": ["grade_6", "grade_7", "grade_8", "grade_9"],
        "languages": ["fi", "sv"],
        "starts_on": monday(3),
        "ends_on": friday(20),
        "capacity": 16,
        "teacher_hours": 10,
        "requirements": (
            "Koulun oma videopalvelu (Teams tai Meet), kannettava tai Chromebook ja kuulokemikrofoni jokaiselle "
            "parille sekä rauhallinen tila tai useampi luokkahuone pienryhmille."
        ),
        "delivery": "remote",
        "municipalities": [],
        "processes_personal_data": True,
        "status": "published",
    },
    {
        "key": "sprakbro-speaking-buddy",
        "organisation": "sprakbro",
        "title": "Speaking Buddy – English speaking practice with speech recognition",
        "summary": (
            "Pupils rehearse short English dialogues and get instant, friendly feedback on pronunciation. Built "
            "for shy speakers: practise privately first, then speak with a partner in class."
        ),
        "description": (
            "Speaking Buddy is a speaking-practice app for pupils starting English in grades 3–6. Pupils listen to "
            "a short dialogue, record their own lines and get immediate feedback on the sounds and rhythm that "
            "typically trouble Finnish and Swedish speakers – th, w and v, word stress. The tone is encouraging: "
            "the app points out one thing to improve at a time and never shows scores to the whole class.\n\n"
            "The pilot lasts 6–8 weeks. We start with a 45-minute online introduction for the teacher and provide "
            "class codes. Pupils use the app for about 10 minutes two or three times a week, in class or as "
            "homework if the school allows it. After each unit the teacher can run a pair-speaking activity in "
            "class with our ready-made cards. We hold a 20-minute check-in call mid-way, and at the end we ask for "
            "a teacher interview and an anonymous pupil survey.\n\n"
            "The app processes pupils' voice recordings to give feedback. Recordings are analysed on servers in the "
            "EU and deleted after 30 days; progress data (which exercises were done and how pronunciation "
            "developed) is kept until the end of the pilot and then deleted. Pupils use a nickname and a class "
            "code. Instructions are available in Finnish, Swedish and English."
        ),
        "subjects": ["foreign_languages"],
        "levels": ["grade_3", "grade_4", "grade_5", "grade_6"],
        "languages": ["fi", "sv", "en"],
        "starts_on": monday(),
        "ends_on": friday(21),
        "capacity": 20,
        "teacher_hours": 6,
        "requirements": (
            "Tablets or laptops with a microphone (headsets recommended) and stable wifi. Works in Chrome, Edge "
            "and Safari and as an iPad app."
        ),
        "delivery": "remote",
        "municipalities": [],
        "processes_personal_data": True,
        "status": "published",
    },
    {
        "key": "sprakbro-finska-med-fia",
        "organisation": "sprakbro",
        "title": "Finska med Fia – vardagsfinska för åk 3–6",
        "summary": (
            "Lekfulla finsklektioner med handdockan Fia: vardagsfraser, sånger och rollspel. Två besök av vår "
            "pedagog och digitalt material som läraren använder mellan besöken."
        ),
        "description": (
            "Finska med Fia är ett material för finska som andra inhemska språk i årskurserna 3–6. I centrum står "
            "Fia, en handdocka som just har flyttat till Esbo från Uleåborg och bara talar finska. Eleverna hjälper "
            "Fia att klara vardagen – handla i butiken, fråga om vägen, berätta om sina fritidsintressen – och lär "
            "sig samtidigt fraser som de har nytta av på gården och i sina hobbyer.\n\n"
            "Piloten pågår i åtta veckor med två korta lektioner i veckan. Vår pedagog besöker klassen vecka 1 och "
            "vecka 5 och leder lektionen tillsammans med läraren. Mellan besöken använder läraren vårt digitala "
            "material: korta videor med Fia, sånger, ordkort och rollspel som kan skrivas ut. Läraren får en "
            "introduktion på 45 minuter på distans, och vi ber om respons via en kort enkät varannan vecka och en "
            "intervju i slutet.\n\n"
            "Eleverna loggar inte in någonstans och vi behandlar inga personuppgifter om eleverna. Materialet "
            "stannar kvar hos skolan efter piloten."
        ),
        "subjects": ["second_national_language"],
        "levels": ["grade_3", "grade_4", "grade_5", "grade_6"],
        "languages": ["sv"],
        "starts_on": monday(),
        "ends_on": friday(17),
        "capacity": 8,
        "teacher_hours": 8,
        "requirements": "Projektor eller skärm med högtalare och nätuppkoppling för videorna. Utrymme för rollspel i klassen.",
        "delivery": "hybrid",
        "municipalities": ["espoo", "helsinki", "vantaa", "kauniainen"],
        "processes_personal_data": False,
        "status": "published",
    },
    # --- Mielikuu Oy: wellbeing, movement and music ------------------------
    {
        "key": "mielikuu-tunnetaidot",
        "organisation": "mielikuu",
        "title": "Mielikuu – tunnetaitoja satujen ja kuvakorttien avulla",
        "summary": (
            "Sadut, kuvakortit ja pienet harjoitukset, joilla lapset oppivat tunnistamaan ja nimeämään tunteita, "
            "rauhoittumaan ja pyytämään apua. Suomeksi ja ruotsiksi, ei lasten henkilötietoja."
        ),
        "description": (
            "Mielikuu on tunnetaitojen kokonaisuus 3–6-vuotiaille. Jokainen viikko alkaa sadulla, jossa Kuu-hahmo "
            "ja hänen ystävänsä kohtaavat tutun tilanteen: leikistä jää ulkopuolelle, harmittaa, uusi asia "
            "jännittää. Sadun jälkeen lapset nimeävät tunteita kuvakorttien avulla, kokeilevat rauhoittumisen "
            "keinoja (esimerkiksi ilmapallohengitystä ja kilpikonna-asentoa) ja harjoittelevat avun ja anteeksi "
            "pyytämistä. Materiaali on tehty yhdessä varhaiskasvatuksen erityisopettajien ja psykologin kanssa.\n\n"
            "Pilotti kestää kahdeksan viikkoa. Ensimmäisellä viikolla pidämme henkilöstölle 1,5 tunnin koulutuksen "
            "päiväkodissa tai etänä. Ryhmä pitää kaksi 20 minuutin tuokiota viikossa valmiiden tuokiokuvausten "
            "mukaan, ja kuvakortit ovat esillä arjessa. Neljännellä viikolla vierailemme ryhmässä tai pidämme "
            "etätapaamisen, ja lopuksi henkilöstö vastaa palautekyselyyn. Huoltajille annamme lyhyen viikkokirjeen, "
            "jotta samoja sanoja voi käyttää myös kotona.\n\n"
            "Materiaali on suomeksi ja ruotsiksi. Emme kerää lapsista mitään tietoja; palaute pyydetään "
            "henkilöstöltä ryhmätasolla."
        ),
        "subjects": ["wellbeing"],
        "levels": ["ece", "pre_primary"],
        "languages": ["fi", "sv"],
        "starts_on": monday(),
        "ends_on": friday(),
        "capacity": 25,
        "teacher_hours": 8,
        "requirements": (
            "Tila satuhetkelle ja liikkumiselle (lepohuone tai sali käy hyvin). Korttisarja tuodaan mukana; "
            "äänitetyt sadut voi kuunnella millä tahansa laitteella."
        ),
        "delivery": "hybrid",
        "municipalities": [],
        "processes_personal_data": False,
        "status": "published",
    },
    {
        "key": "mielikuu-liikkis",
        "organisation": "mielikuu",
        "title": "Liikkis – liikuntaseikkailu välitunneille ja oppitunneille",
        "summary": (
            "Tarinallinen liikkumisen seikkailu esiopetukseen ja 1.–4. luokille: lyhyet taukojumpat luokassa, "
            "välituntirastit pihalla ja koko luokan yhteinen matka kartalla."
        ),
        "description": (
            "Liikkis tuo koulupäivään lisää liikettä ilman, että opettajan tarvitsee suunnitella mitään "
            "ylimääräistä. Luokka lähtee kuvitteelliselle matkalle Lapista Ahvenanmaalle, ja jokainen taukojumppa, "
            "välituntirasti ja liikuntatunnin haaste vie luokkaa eteenpäin kartalla. Taukojumpat kestävät 3–5 "
            "minuuttia ja onnistuvat ahtaassakin luokassa. Pihalle tulostetaan rastikortit, joita oppilaat voivat "
            "käyttää välitunneilla itsenäisesti.\n\n"
            "Pilotti kestää 8–10 viikkoa. Aloitamme 45 minuutin etäperehdytyksellä ja lähetämme koululle "
            "rastikortit ja kartan julisteena. Opettaja käynnistää taukojumpan näytöltä 1–3 kertaa päivässä ja "
            "merkitsee luokan etenemisen kartalle. Neljännellä viikolla ohjaajamme vierailee koululla ja vetää "
            "yhden liikuntatunnin. Lopuksi keräämme palautteen opettajalta ja oppilailta lyhyellä kyselyllä.\n\n"
            "Palvelussa ei ole oppilastunnuksia eikä aktiivisuusmittareita, eikä oppilaiden suorituksia verrata "
            "toisiinsa: eteneminen kirjataan luokkatasolla. Emme käsittele oppilaiden henkilötietoja."
        ),
        "subjects": ["physical_education", "wellbeing"],
        "levels": ["pre_primary", "grade_1", "grade_2", "grade_3", "grade_4"],
        "languages": ["fi"],
        "starts_on": monday(),
        "ends_on": friday(20),
        "capacity": 20,
        "teacher_hours": 4,
        "requirements": (
            "Näyttö tai videotykki ja kaiuttimet luokassa sekä verkkoyhteys. Pihalla paikka rastikorteille "
            "(kiinnitys aitaan tai seinään)."
        ),
        "delivery": "hybrid",
        "municipalities": ["espoo", "helsinki", "tampere"],
        "processes_personal_data": False,
        "status": "published",
    },
    {
        "key": "mielikuu-rytmiraati",
        "organisation": "mielikuu",
        "title": "Rytmiraati – musiikkia ja liikettä pienille",
        "summary": (
            "Laulu-, rytmi- ja liikuntaleikkejä varhaiskasvatukseen ja alkuopetukseen. Valmiit äänitteet ja "
            "videot, kehorytmit ja rytmisoittimet: musiikkituokio onnistuu ilman soitto-osaamista."
        ),
        "description": (
            "Rytmiraati on musiikkikasvatuksen materiaali aikuisille, jotka eivät pidä itseään muusikkoina. "
            "Tuokioissa lauletaan, taputetaan, tömistellään ja soitetaan yksinkertaisia rytmisoittimia. Jokaisella "
            "viikolla on oma teemansa (sade, eläimet, juhla, liikenne), ja tuokioissa harjoitellaan sykettä, "
            "rytmiä, kuuntelemista ja yhdessä tekemistä. Laulut on äänitetty suomeksi ja ruotsiksi, ja videoilla "
            "muusikkomme näyttää liikkeet.\n\n"
            "Pilotti kestää kahdeksan viikkoa. Aloitamme henkilöstön 1,5 tunnin koulutuksella, jossa tuokiot "
            "kokeillaan itse. Ryhmä pitää 2–3 tuokiota viikossa (15–30 minuuttia). Muusikkomme vierailee ryhmässä "
            "kerran pilotin aikana ja pitää konserttituokion, jossa lapset soittavat mukana. Lopuksi henkilöstö "
            "antaa palautetta kyselyllä ja lyhyessä haastattelussa.\n\n"
            "Lainaamme ryhmälle rytmisoitinsetin (kehärummut, marakassit ja rytmikapulat). Palvelussa ei "
            "käsitellä lasten henkilötietoja."
        ),
        "subjects": ["music", "physical_education", "wellbeing"],
        "levels": ["ece", "pre_primary", "grade_1", "grade_2"],
        "languages": ["fi", "sv"],
        "starts_on": monday(),
        "ends_on": friday(),
        "capacity": 20,
        "teacher_hours": 6,
        "requirements": (
            "Tila liikkumiselle, kaiutin ja laite äänitteiden ja videoiden toistoon (tabletti tai näyttö). "
            "Verkkoyhteys tai etukäteen ladatut tiedostot."
        ),
        "delivery": "hybrid",
        "municipalities": [],
        "processes_personal_data": False,
        "status": "published",
    },
    {
        "key": "mielikuu-breathing-space",
        "organisation": "mielikuu",
        "title": "Breathing Space – short wellbeing breaks for grades 7–9 and upper secondary",
        "summary": (
            "Five-minute guided breaks for teenagers on stress, sleep, focus and exam nerves, plus three longer "
            "lessons. An anonymous check-in shows how the group is doing; no personal data is collected."
        ),
        "description": (
            "Breathing Space is a set of short, guided wellbeing breaks designed with teenagers rather than for "
            "them. Each break takes about five minutes: a breathing or grounding exercise, a short reflection and "
            "one practical tip on stress, sleep, focus or exam nerves. Three longer 45-minute lessons go deeper "
            "into stress, sleep and screen time, and how to support a friend. Everything is available in Finnish "
            "and English, with subtitles in both.\n\n"
            "The pilot runs for 6–8 weeks. We start with a 30-minute online introduction for the teachers "
            "involved – homeroom teachers, health education teachers or guidance counsellors. The group does one "
            "or two breaks a week at the start of a lesson and holds the three longer lessons during the pilot. "
            "Once a week students can answer an anonymous two-question check-in, which shows the teacher how the "
            "group is feeling as a whole. At the end we interview the teachers for 30 minutes and ask the students "
            "for anonymous feedback.\n\n"
            "No accounts are needed and we collect no personal data: the check-in stores group-level answers "
            "without identifiers. The material is not therapy and does not replace student welfare services; we "
            "give the school guidance on when to refer a student to the school nurse or psychologist."
        ),
        "subjects": ["wellbeing", "health_education"],
        "levels": ["grade_7", "grade_8", "grade_9", "upper_secondary"],
        "languages": ["fi", "en"],
        "starts_on": monday(),
        "ends_on": friday(21),
        "capacity": 30,
        "teacher_hours": 5,
        "requirements": (
            "A projector or screen with speakers in the classroom. Students may answer the anonymous check-in on "
            "their own phones. Nothing to install."
        ),
        "delivery": "remote",
        "municipalities": [],
        "processes_personal_data": False,
        "status": "published",
    },
    {
        "key": "mielikuu-uni-ruutuaika",
        "organisation": "mielikuu",
        "title": "Uni ja ruutuaika – oppitunnit ja vanhempainillan materiaali 5.–9. luokille",
        "summary": (
            "Luonnos: kaksi oppituntia unesta ja ruutuajasta sekä vanhempainillan esitys, jonka koulu voi pitää itse."
        ),
        "description": (
            "Valmistelemme kokonaisuutta, jossa oppilaat seuraavat omaa untaan ja ruutuaikaansa viikon ajan "
            "päiväkirjan avulla ja pohtivat, mitä haluaisivat muuttaa. Koulu saa lisäksi valmiin vanhempainillan "
            "esityksen ja kotiin lähetettävän tiivistelmän.\n\n"
            "Sisältö ja aikataulu tarkentuvat alkuvuodesta {spring_year}. Päiväkirja täytetään paperille, eikä sen tietoja "
            "kerätä meille."
        ),
        "subjects": ["health_education", "wellbeing"],
        "levels": ["grade_5", "grade_6", "grade_7", "grade_8", "grade_9"],
        "languages": ["fi"],
        "starts_on": monday(10),
        "ends_on": friday(),
        "capacity": 10,
        "teacher_hours": 4,
        "requirements": "Videotykki tai näyttö vanhempainiltaa ja oppitunteja varten.",
        "delivery": "remote",
        "municipalities": [],
        "processes_personal_data": False,
        "status": "draft",
    },
    # --- Kestävä Kipinä Oy: sustainability and entrepreneurship ------------
    {
        "key": "kestava-energidetektiverna",
        "organisation": "kestava-kipina",
        "title": "Energidetektiverna – mät skolans energi och klimatavtryck",
        "summary": (
            "Eleverna mäter temperatur, ljus och elförbrukning med trådlösa sensorer, analyserar data och föreslår "
            "åtgärder för en klimatsmartare skola. På svenska och finska."
        ),
        "description": (
            "I Energidetektiverna blir klassen skolans egna energiutredare. Eleverna placerar ut trådlösa sensorer "
            "i klassrum, korridorer och matsal och följer temperatur, koldioxidhalt, belysning och elförbrukning i "
            "realtid. De jämför dagar och utrymmen, räknar ut vad onödig belysning och vädring kostar och "
            "uppskattar skolans klimatavtryck. Arbetet knyter ihop fysik, geografi, matematik och hållbar "
            "utveckling.\n\n"
            "Piloten pågår i 6–8 veckor. Under vecka 1 kommer vår handledare till skolan, går igenom sensorerna med "
            "läraren och eleverna och hjälper till att placera ut dem. Veckorna 2–5 analyserar eleverna data i vår "
            "webbtjänst under 1–2 lektioner i veckan, med färdiga uppdrag som går från att läsa diagram till att "
            "formulera egna frågor. Vecka 6 presenterar eleverna sina förslag för rektorn eller fastighetsskötaren. "
            "Läraren får en introduktion på en timme, och vi ber om respons i en intervju i slutet.\n\n"
            "Sensorerna mäter bara förhållanden i byggnaden – inga kameror, inga mikrofoner och inga elevkonton – "
            "så piloten omfattar ingen behandling av personuppgifter. Vi lånar ut tio sensorer per skola. "
            "Materialet finns på svenska och finska."
        ),
        "subjects": ["sustainability", "physics", "geography", "mathematics"],
        "levels": ["grade_5", "grade_6", "grade_7", "grade_8", "grade_9"],
        "languages": ["sv", "fi"],
        "starts_on": monday(4),
        "ends_on": friday(20),
        "capacity": 8,
        "teacher_hours": 10,
        "requirements": (
            "Vi lånar ut tio sensorer; skolan ordnar wifi för gästenheter (annars använder vi vår egen 4G-router). "
            "Datorer eller surfplattor för analysen, en per 2–3 elever. Kontakt med fastighetsskötaren för "
            "placeringen av elmätaren."
        ),
        "delivery": "onsite",
        "municipalities": ["espoo", "helsinki", "vantaa"],
        "processes_personal_data": False,
        "status": "published",
    },
    {
        "key": "kestava-young-entrepreneurs",
        "organisation": "kestava-kipina",
        "title": "Young Entrepreneurs Lab – run a real mini company for one term",
        "summary": (
            "Students set up a mini company, develop a product or service with a sustainability angle, test it "
            "with real customers and present the results to local entrepreneurs. In Finnish and English."
        ),
        "description": (
            "Young Entrepreneurs Lab takes a class through the life cycle of a small company in one term. Working "
            "in teams of 3–5, students look for a real problem in their school or neighbourhood, design a product "
            "or service with a sustainability angle, test it with real customers – at a school event, for "
            "example – and keep simple books of their income and costs. The programme builds on the "
            "entrepreneurship and working-life goals of the core curriculum and suits grades 8–9 as well as upper "
            "secondary and vocational students.\n\n"
            "The pilot runs for 10–14 weeks with one double lesson a week. Our coach visits the class three times: "
            "for the kick-off, for a pitch clinic half-way through, and for the final fair, where teams present to "
            "a jury of local entrepreneurs. Between visits the teacher runs the lessons with our online workbook, "
            "and we answer questions in a shared chat within one working day. We ask the teacher for short "
            "feedback after each visit and for a final interview.\n\n"
            "The online workbook needs student accounts, for which we process students' first names, team names "
            "and school e-mail addresses. The data is stored in the EU and deleted three months after the pilot "
            "ends, once teams have had time to download their work. Nothing is ever marketed to students or "
            "guardians."
        ),
        "subjects": ["entrepreneurship", "social_studies", "guidance", "sustainability"],
        "levels": ["grade_8", "grade_9", "upper_secondary", "vocational"],
        "languages": ["fi", "en"],
        "starts_on": monday(),
        "ends_on": friday(20),
        "capacity": 12,
        "teacher_hours": 20,
        "requirements": (
            "A laptop for each team, a projector, and a space for the final fair (a hall or the school lobby). "
            "No start-up money is needed: teams pre-sell before they buy materials."
        ),
        "delivery": "hybrid",
        "municipalities": ["espoo", "helsinki", "vantaa"],
        "processes_personal_data": True,
        "status": "published",
    },
    {
        "key": "kestava-havikkijahti",
        "organisation": "kestava-kipina",
        "title": "Hävikkijahti – ruokahävikki kuriin kotitaloustunneilla ja kouluravintolassa",
        "summary": (
            "Oppilaat punnitsevat kouluravintolan ja kotitalousluokan ruokahävikin, laskevat sen raha- ja "
            "ilmastovaikutuksen ja kokkaavat ylijäämäraaka-aineista yhdessä koulun ruokapalvelun kanssa."
        ),
        "description": (
            "Hävikkijahti yhdistää kotitalouden, matematiikan ja kestävän kehityksen. Oppilaat punnitsevat "
            "lautashävikkiä kouluravintolassa ja kotitalousluokan ylijäämää yhteistyössä ruokapalvelun kanssa. "
            "Tulokset syötetään verkkotyökaluun, joka muuttaa kilot euroiksi ja hiilidioksidiekvivalenteiksi ja "
            "näyttää kehityksen viikoittain.\n\n"
            "Pilotti kestää kahdeksan viikkoa. Viikolla 1 tuomme koululle vaa'at ja hävikkitaulukot ja pidämme "
            "opettajalle ja ruokapalvelun edustajalle 45 minuutin aloituspalaverin. Viikoilla 2–3 mitataan "
            "lähtötaso. Viikoilla 4–6 oppilaat suunnittelevat ja toteuttavat kampanjan hävikin vähentämiseksi ja "
            "kokkaavat kotitaloustunneilla ylijäämäraaka-aineista. Viikoilla 7–8 mitataan uudelleen, ja lopuksi "
            "oppilaat esittelevät tulokset aamunavauksessa tai oppilaskunnalle.\n\n"
            "Mittauksissa ei käsitellä oppilaiden henkilötietoja: hävikki kirjataan päivä- ja ruokalajikohtaisesti."
        ),
        "subjects": ["home_economics", "sustainability", "mathematics"],
        "levels": ["grade_7", "grade_8", "grade_9"],
        "languages": ["fi"],
        "starts_on": monday(),
        "ends_on": friday(17),
        "capacity": 6,
        "teacher_hours": 12,
        "requirements": (
            "Kotitalousluokka, mahdollisuus punnita hävikkiä kouluravintolassa (sovitaan ruokapalvelun kanssa) ja "
            "yksi tietokone tulosten syöttämiseen. Vaa'at lainataan."
        ),
        "delivery": "onsite",
        "municipalities": ["espoo"],
        "processes_personal_data": False,
        "status": "published",
    },
    # --- Satuvaris ry (a registered association): stories in early childhood ---
    {
        "key": "satuvaris-satuhetket",
        "organisation": "satuvaris",
        "title": "Satuhetket ja tarinaleikit – lukemisen ilo päiväkotiin ja esiopetukseen",
        "summary": (
            "Vapaaehtoiset satulukijamme tuovat päiväkotiin kerran viikossa satuhetken ja tarinaleikin. "
            "Mukana lainattava satukassi ryhmälle ja vinkit henkilöstölle."
        ),
        "description": (
            "Satuvaris ry on lukemisen iloa edistävä yhdistys. Koulutetut vapaaehtoiset satulukijamme vierailevat "
            "ryhmässä kerran viikossa: luemme ääneen, leikimme tarinan läpi ja annamme lasten jatkaa sitä omin "
            "sanoin ja kuvin. Jokaiselle ryhmälle lainataan satukassi, jossa on kuvakirjoja, sormileikkejä ja "
            "tarinakortteja myös muihin päiviin.\n\n"
            "Pilotti kestää kahdeksan viikkoa keväällä {spring_year}. Aloitamme tapaamisella, jossa sovimme "
            "henkilöstön kanssa ryhmän toiveista ja tuokioiden ajankohdasta. Lopuksi kysymme lapsilta naamakortein, "
            "miltä satuhetket tuntuivat, ja henkilöstöltä lyhyen palautteen. Emme käsittele lasten henkilötietoja."
        ),
        "subjects": ["mother_tongue", "multiliteracy"],
        "levels": ["ece", "pre_primary"],
        "languages": ["fi"],
        "starts_on": monday(10),
        "ends_on": friday(17),
        "capacity": 5,
        "teacher_hours": 4,
        "requirements": "Rauhallinen tila satuhetkelle ja paikka satukassin säilytykseen.",
        "delivery": "onsite",
        "municipalities": ["espoo"],
        "processes_personal_data": False,
        "status": "published",
    },
    # --- Itämeren yliopisto (a research organisation): a research pilot on active breaks ---
    {
        "key": "yliopisto-liikkuva-valitunti",
        "organisation": "itameren-yliopisto",
        "title": "Liikkuva välitunti – tutkimuspilotti 4.–6. luokille",
        "summary": (
            "Kasvatustieteen tutkimusryhmä kokeilee luokkien kanssa oppilaiden itse suunnittelemia "
            "välituntileikkejä ja tutkii, miten ne vaikuttavat liikkumiseen ja luokan ilmapiiriin."
        ),
        "description": (
            "Tutkimusryhmämme selvittää, lisääkö oppilaiden itse suunnittelema välituntitoiminta liikkumista ja "
            "yhteenkuuluvuutta. Pilotissa luokka suunnittelee ohjaajamme kanssa kolme välituntileikkiä, kokeilee "
            "niitä kuuden viikon ajan ja arvioi niitä. Havainnoimme välitunteja luokkatasolla ilman oppilaiden "
            "nimiä; yksittäisiä oppilaita koskevia tietoja emme kerää.\n\n"
            "Opettajalta toivomme kaksi lyhyttä haastattelua ja luvan havainnointiin. Tulokset raportoidaan "
            "tieteellisesti niin, ettei kouluja tai oppilaita voi tunnistaa, ja koulu saa yhteenvedon omista "
            "tuloksistaan. Pilotti sopii suomen- ja ruotsinkielisille luokille."
        ),
        "subjects": ["physical_education", "wellbeing"],
        "levels": ["grade_4", "grade_5", "grade_6"],
        "languages": ["fi", "sv"],
        "starts_on": monday(10),
        "ends_on": friday(20),
        "capacity": 6,
        "teacher_hours": 6,
        "requirements": "Pääsy piha-alueelle välitunneilla ja kaksi 45 minuutin oppituntia suunnitteluun.",
        "delivery": "hybrid",
        "municipalities": ["espoo", "helsinki"],
        "processes_personal_data": False,
        "status": "published",
    },
]

# ---------------------------------------------------------------------------
# Learning needs (schools and day-care centres)
# ---------------------------------------------------------------------------

NEEDS = [
    # --- Kuusikallion koulu ------------------------------------------------
    {
        "key": "kuusikallio-murtoluvut",
        "organisation": "kuusikallion-koulu",
        "created_by": "teacher@kyky.example",
        "title": "Murtoluvut haltuun 4B-luokalle pelillisesti ja toiminnallisesti",
        "description": (
            "Opetan 4B-luokkaa, jossa on 24 oppilasta. Aloitamme murtoluvut tammikuussa. Viime vuosina olen "
            "huomannut, että moni oppilas osaa kyllä laskea ohjeen mukaan mutta ei oikeasti ymmärrä, miksi 1/3 on "
            "suurempi kuin 1/4. Luokassa on muutama oppilas, joka tarvitsee paljon konkretiaa, ja toisaalta "
            "nopeita laskijoita, jotka kyllästyvät odottamaan.\n\n"
            "Toivoisin peliä tai sovellusta, jossa murtoluvut näkyvät kuvina ja lukusuoralla ja jossa tehtävät "
            "eriytyvät automaattisesti. Olisi hienoa nähdä opettajana, kuka tarvitsee lisätukea missäkin asiassa. "
            "Matematiikan tunneista voimme käyttää tähän 2–3 kertaa viikossa 15–20 minuuttia.\n\n"
            "Käytössämme on luokkasarja Chromebookeja, laite jokaiselle oppilaalle. Tammi–maaliskuu sopii "
            "parhaiten, koska huhtikuussa aloitamme geometrian. Etätapaamiset käyvät, mutta yrityksen edustaja on "
            "tervetullut myös luokkaan."
        ),
        "subjects": ["mathematics"],
        "levels": ["grade_4"],
        "language": "fi",
        "group_size": 24,
        "starts_on": monday(),
        "ends_on": friday(12),
        "accepts_remote": True,
        "status": "published",
    },
    {
        "key": "kuusikallio-lukemaan-oppiminen",
        "organisation": "kuusikallion-koulu",
        "created_by": "principal@kyky.example",
        "title": "Lisää harjoitusta äänteiden yhdistämiseen 1. luokalle",
        "description": (
            "Kirjoitan tämän tarpeen ekaluokkiemme opettajien puolesta. Lukemaan oppiminen on lähtenyt käyntiin "
            "hyvin eri tahtiin: osa lukee jo sujuvasti kirjoja, osa vasta yhdistää äänteitä tavuiksi. Erityisesti "
            "ne, joilla äänteiden yhdistäminen takkuaa, tarvitsisivat lisää lyhyitä ja toistuvia harjoituksia, "
            "joita opettaja ei ehdi tehdä jokaisen kanssa erikseen.\n\n"
            "Etsimme lukemaan oppimisen sovellusta tai menetelmää, jossa tavuttaminen ja äänteiden yhdistäminen "
            "ovat keskiössä ja jota voi käyttää pistetyöskentelyssä. Tärkeää on, että opettaja näkee, kuka jää "
            "jälkeen, ja että lapsen ei tarvitse osata kirjoittaa salasanaa.\n\n"
            "Alkuopetuksen käytössä on 16 iPadia ja kuulokkeet. Mukaan tulisi 1A-luokka (20 oppilasta), "
            "tammikuun puolivälistä huhtikuun loppuun."
        ),
        "subjects": ["mother_tongue", "multiliteracy"],
        "levels": ["grade_1"],
        "language": "fi",
        "group_size": 20,
        "starts_on": monday(3),
        "ends_on": friday(17),
        "accepts_remote": True,
        "status": "published",
    },
    {
        "key": "kuusikallio-medialukutaito",
        "organisation": "kuusikallion-koulu",
        "created_by": "teacher@kyky.example",
        "title": "Medialukutaitoa ja somen uutisia 5.–6. luokan valinnaiseen (luonnos)",
        "description": (
            "Luonnos. Vedän keväällä 5.–6. luokkien valinnaiskurssia mediasta. Oppilaat jakavat toisilleen videoita "
            "ja ”uutisia”, joiden alkuperää kukaan ei tiedä, ja osa uskoo kaiken, mitä näkee. Haluaisin jakson, "
            "jossa harjoitellaan lähteiden arviointia ja tehdään ehkä oma uutinen.\n\n"
            "Tarkennan ryhmän koon ja aikataulun, kun kevään lukujärjestys on selvillä. Käytössä Chromebookit, ja "
            "etänä toteutettava ohjelma sopii hyvin."
        ),
        "subjects": ["multiliteracy", "digital_competence"],
        "levels": ["grade_5", "grade_6"],
        "language": "fi",
        "group_size": 18,
        "starts_on": monday(10),
        "ends_on": friday(17),
        "accepts_remote": True,
        "status": "draft",
    },
    # --- Kivimetsän koulu (English-language programme) ----------------------
    {
        "key": "kivimetsa-coding-grade5",
        "organisation": "kivimetsan-koulu",
        "created_by": "teacher.kivimetsa@kyky.example",
        "title": "Coding in English for our Grade 5 English-language class",
        "description": (
            "I teach Grade 5 in our English-language programme: 22 pupils, most of them Finnish-speaking, a few "
            "with English or another language at home. They love games, and some already use Scratch at home, "
            "while others have never coded at all. I would like them to learn the basics of programming properly, "
            "and to do it in English so that words like loop, condition and debug become natural.\n\n"
            "What I hope for is a structured series of 6–8 lessons where pupils make something they can be proud "
            "of, with enough challenge for the experienced ones. A live instructor over video would be great – it "
            "gives the pupils an authentic reason to use English. I will stay in the room and help.\n\n"
            "Practicalities: every pupil has a Chromebook, and the classroom has a projector and a webcam. Our "
            "slot is on Thursdays after lunch. January to March suits us best, as April is busy with the school's "
            "spring show."
        ),
        "subjects": ["digital_competence", "foreign_languages"],
        "levels": ["grade_5"],
        "language": "en",
        "group_size": 22,
        "starts_on": monday(3),
        "ends_on": friday(12),
        "accepts_remote": True,
        "status": "published",
    },
    {
        "key": "kivimetsa-geometry-grade8",
        "organisation": "kivimetsan-koulu",
        "created_by": "teacher2.kivimetsa@kyky.example",
        "title": "Hands-on 3D geometry for Grade 8 (English-language programme)",
        "description": (
            "I teach mathematics in the English-language programme at lower secondary. My Grade 8 group of 19 "
            "students starts surface area and volume in February. Every year the same thing happens: students "
            "memorise the formulas for prisms and cylinders but cannot picture the solids, so they mix up edges, "
            "faces and nets and have no feeling for whether an answer is reasonable.\n\n"
            "I'm looking for something that lets students see and handle 3D shapes – AR on tablets, physical kits "
            "or a mix. It must work in English; Finnish support is a bonus, as a few students will move to "
            "Finnish-language classes later. I would use it in 4–6 lessons spread over the unit, not every "
            "lesson.\n\n"
            "We share a trolley of 15 iPads and have a classroom where the desks can be pushed aside. I'd prefer "
            "an on-site introduction to video calls. The timetable is tight, so anything that needs long teacher "
            "training won't work."
        ),
        "subjects": ["mathematics"],
        "levels": ["grade_8"],
        "language": "en",
        "group_size": 19,
        "starts_on": monday(6),
        "ends_on": friday(19),
        "accepts_remote": False,
        "status": "published",
    },
    # --- Pajurinteen koulu --------------------------------------------------
    {
        "key": "pajurinne-lukitaito",
        "organisation": "pajurinteen-koulu",
        "created_by": "teacher.pajurinne@kyky.example",
        "title": "Lukemisen harjoittelua pienluokan oppilaille, joilla on lukivaikeus",
        "description": (
            "Olen erityisluokanopettaja, ja pienluokassani on kahdeksan oppilasta 2.–4. luokalta. Useimmilla on "
            "lukemisen ja kirjoittamisen vaikeuksia, ja kahdella myös tarkkaavaisuuden pulmia. Lukeminen on vielä "
            "tavuttaista ja raskasta, ja moni väsyy nopeasti. Tarvitsisimme päivittäistä, lyhyttä harjoittelua, "
            "jossa onnistumisia tulee usein ja jossa jokainen etenee omaan tahtiinsa.\n\n"
            "Toivon sovellusta, jossa on selkeä näkymä ilman turhia ärsykkeitä, jossa äänteet voi kuulla uudelleen "
            "ja hitaammin ja jossa näen jokaisen oppilaan edistymisen. Olisi hyvä, jos harjoittelua voisi jatkaa "
            "kotona, mutta se ei ole välttämätöntä.\n\n"
            "Luokassa on kuusi iPadia ja kuulokkeet. Harjoitteluun pystyn käyttämään 10–15 minuuttia lähes joka "
            "päivä. Tammikuusta huhtikuun loppuun olisi paras aika, jotta ehdimme nähdä kehitystä ennen kevään "
            "seurantatestejä."
        ),
        "subjects": ["special_support", "mother_tongue"],
        "levels": ["grade_2", "grade_3", "grade_4"],
        "language": "fi",
        "group_size": 8,
        "starts_on": monday(),
        "ends_on": friday(17),
        "accepts_remote": True,
        "status": "published",
    },
    {
        "key": "pajurinne-liikunta-3c",
        "organisation": "pajurinteen-koulu",
        "created_by": "teacher2.pajurinne@kyky.example",
        "title": "Lisää liikettä 3C-luokan koulupäiviin",
        "description": (
            "Luokallani on 23 kolmasluokkalaista, ja päivät venyvät pitkiksi istumisiksi varsinkin talvella, kun "
            "piha on pimeä ja liukas. Oppilaat ovat iltapäivisin levottomia, ja välitunneilla osa vain "
            "seisoskelee. Haluaisin lyhyitä, valmiita taukojumppia luokkaan ja jotain, mikä innostaisi liikkumaan "
            "välitunnilla myös niitä oppilaita, jotka eivät pelaa jalkapalloa.\n\n"
            "Tärkeää on, ettei taukoliikunta vaadi minulta valmistelua ja että se mahtuu ahtaaseen luokkaan. "
            "Tarinallisuus tai koko luokan yhteinen tavoite olisi plussaa. En halua järjestelmää, jossa "
            "yksittäisten oppilaiden suorituksia verrataan toisiinsa.\n\n"
            "Luokassa on dokumenttikamera, videotykki ja kaiuttimet. Sopiva aika on helmikuusta huhtikuun loppuun."
        ),
        "subjects": ["physical_education", "wellbeing"],
        "levels": ["grade_3"],
        "language": "fi",
        "group_size": 23,
        "starts_on": monday(5),
        "ends_on": friday(17),
        "accepts_remote": True,
        "status": "published",
    },
    {
        "key": "pajurinne-keksintoprojekti",
        "organisation": "pajurinteen-koulu",
        "created_by": "principal.pajurinne@kyky.example",
        "title": "Keksintöprojekti viidesluokkalaisille: käsityö ja teknologia",
        "description": (
            "Viidesluokkalaisemme (kaksi luokkaa, yhteensä 50 oppilasta) tekevät keväällä monialaisen "
            "oppimiskokonaisuuden, ja opettajat toivoivat siihen käsityön ja teknologian yhdistämistä. Meillä on "
            "hyvin varustettu tekstiilityön luokka, mutta elektroniikasta ja ohjelmoinnista opettajilla on vähän "
            "kokemusta. Siksi etsimme kumppania, joka tuo mukanaan osaamisen ja materiaalit.\n\n"
            "Toivomme projektia, jossa oppilaat suunnittelevat ja rakentavat jotain omaa, ja lopuksi tuotokset "
            "esitellään huoltajille. Opettajat tarvitsevat lyhyen koulutuksen ennen aloitusta. Luokat voivat tehdä "
            "projektin peräkkäin tai rinnakkain.\n\n"
            "Käytössä on tekstiilityön luokka ja 15 kannettavaa tietokonetta. Helmikuun alusta toukokuun "
            "puoliväliin, talvilomaviikkoa 8 lukuun ottamatta."
        ),
        "subjects": ["crafts", "digital_competence", "physics"],
        "levels": ["grade_5"],
        "language": "fi",
        "group_size": 50,
        "starts_on": monday(5),
        "ends_on": friday(20),
        "accepts_remote": False,
        "status": "published",
    },
    # --- Kalliorannan koulu (grades 7–9) ------------------------------------
    {
        "key": "kallioranta-ruotsi-8c",
        "organisation": "kalliorannan-koulu",
        "created_by": "teacher.kallioranta@kyky.example",
        "title": "Ruotsia puhumaan oikeiden ruotsinkielisten nuorten kanssa (8. luokka)",
        "description": (
            "Opetan B1-ruotsia, ja 8C-ryhmässäni on 21 oppilasta. Kielioppi sujuu kohtuullisesti, mutta puhuminen "
            "jännittää, eikä moni ole koskaan puhunut ruotsia kenenkään muun kuin opettajan kanssa. Kysymys "
            "”miksi tätä pitää opiskella” kuuluu usein – oikea kohtaaminen ruotsinkielisten ikätovereiden kanssa "
            "voisi muuttaa asenteita.\n\n"
            "Toivon, että oppilaat pääsisivät puhumaan ruotsinkielisten nuorten kanssa pienissä ryhmissä, "
            "mieluiten säännöllisesti useamman viikon ajan eikä vain kerran. Tehtävien pitää olla niin selkeitä, "
            "että heikommatkin uskaltavat osallistua.\n\n"
            "Ruotsin tunnit ovat tiistaisin ja torstaisin. Käytössämme on Teams ja koulun kannettavat. "
            "Etätoteutus sopii hyvin, koska matka ruotsinkieliseen kouluun veisi liikaa aikaa. Helmikuusta "
            "huhtikuuhun."
        ),
        "subjects": ["second_national_language"],
        "levels": ["grade_8"],
        "language": "fi",
        "group_size": 21,
        "starts_on": monday(5),
        "ends_on": friday(17),
        "accepts_remote": True,
        "status": "published",
    },
    {
        "key": "kallioranta-yrittajyys-9",
        "organisation": "kalliorannan-koulu",
        "created_by": "teacher2.kallioranta@kyky.example",
        "title": "Yrittäjyyskokeilu 9. luokalle osaksi työelämätaitojen jaksoa",
        "description": (
            "Olen koulumme opinto-ohjaaja. Yhdeksäsluokkalaisilla on keväällä työelämätaitojen jakso, ja "
            "haluaisimme, että yksi luokka (26 oppilasta) kokeilisi oikeaa yritystoimintaa: ideointia, asiakkaiden "
            "kohtaamista ja rahan käyttöä. Monella oppilaalla ei ole käsitystä, mitä yrittäjyys arjessa "
            "tarkoittaa, ja jatko-opintovalinnat tehdään juuri tänä keväänä.\n\n"
            "Toivomme valmista ohjelmaa, jossa on selkeät vaiheet ja ulkopuolinen valmentaja, joka käy koululla "
            "muutaman kerran. Lopputapahtuma, johon voisi kutsua paikallisia yrittäjiä, olisi hieno. Jaksolla on "
            "kaksoistunti perjantaisin.\n\n"
            "Tammikuun puolivälistä huhtikuun loppuun. Osan tapaamisista voi pitää etänä."
        ),
        "subjects": ["entrepreneurship", "guidance"],
        "levels": ["grade_9"],
        "language": "fi",
        "group_size": 26,
        "starts_on": monday(3),
        "ends_on": friday(17),
        "accepts_remote": True,
        "status": "published",
    },
    {
        "key": "kallioranta-ruokahavikki",
        "organisation": "kalliorannan-koulu",
        "created_by": "principal.kallioranta@kyky.example",
        "title": "Ruokahävikin vähentäminen kouluravintolassa (luonnos)",
        "description": (
            "Luonnos. Kouluravintolassamme syntyy paljon lautashävikkiä, ja oppilaskunta on ottanut asian esille. "
            "Haluaisimme, että 7.–8. luokkien kotitalousryhmät mittaisivat hävikkiä ja suunnittelisivat kampanjan "
            "sen vähentämiseksi.\n\n"
            "Tarkennan ryhmät kotitalousopettajan kanssa ja selvitän ruokapalvelun kanssa, onko punnitseminen "
            "ruokailun aikana mahdollista."
        ),
        "subjects": ["home_economics", "sustainability"],
        "levels": ["grade_7", "grade_8"],
        "language": "fi",
        "group_size": 16,
        "starts_on": monday(10),
        "ends_on": friday(),
        "accepts_remote": False,
        "status": "draft",
    },
    # --- Otsonlahden lukio --------------------------------------------------
    {
        "key": "otsonlahti-jaksaminen",
        "organisation": "otsonlahden-lukio",
        "created_by": "teacher.otsonlahti@kyky.example",
        "title": "Jaksamista ja stressinhallintaa lukion ensimmäisen vuoden opiskelijoille",
        "description": (
            "Opetan terveystietoa ja olen ryhmänohjaajana 30 opiskelijan ensimmäisen vuoden ryhmälle. Syksyn "
            "aikana moni on kertonut, että opiskelutahti on yllättänyt: unet jäävät lyhyiksi, ja kokeita edeltävä "
            "stressi vie yöunet. Opiskeluhuoltoon on jonoa, joten haluaisimme tarjota koko ryhmälle matalan "
            "kynnyksen keinoja ennen kuin ongelmat kasvavat.\n\n"
            "Toivon lyhyitä, nuorille sopivia harjoituksia, joita voi tehdä ryhmänohjaustuokion tai oppitunnin "
            "alussa, sekä muutaman pidemmän tunnin stressistä ja unesta. Tärkeää on, ettei opiskelijoista kerätä "
            "henkilökohtaisia tietoja ja ettei mitään tarvitse asentaa.\n\n"
            "Ryhmänohjaustuokiot ovat maanantaiaamuisin. Tammikuun puolivälistä maaliskuun loppuun, ennen kevään "
            "koeviikkoa."
        ),
        "subjects": ["wellbeing", "health_education"],
        "levels": ["upper_secondary"],
        "language": "fi",
        "group_size": 30,
        "starts_on": monday(3),
        "ends_on": friday(13),
        "accepts_remote": True,
        "status": "published",
    },
    # --- Strandängens skola -------------------------------------------------
    {
        "key": "strandang-lasinlarning-ak1",
        "organisation": "strandangens-skola",
        "created_by": "teacher.strandang@kyky.example",
        "title": "Stöd för läsinlärningen i åk 1",
        "description": (
            "Jag undervisar en åk 1 med 18 elever. Skillnaderna är stora: några läser redan kapitelböcker medan "
            "andra fortfarande kämpar med att ljuda ihop korta ord. Flera elever talar finska eller något annat "
            "språk hemma, och svenska ljud som sj och tj samt långa och korta vokaler är svåra för dem.\n\n"
            "Jag söker en app eller ett material på svenska där eleverna kan öva ljudning och stavelser i sin egen "
            "takt, gärna med ljud så att de hör hur ordet låter. Det vore bra om jag som lärare ser vem som behöver "
            "mer stöd. Eleverna klarar inte själva av långa lösenord.\n\n"
            "Vi har åtta iPads och hörlurar i klassen och kan öva i stationsarbete 3–4 gånger i veckan. Perioden "
            "från slutet av januari till slutet av april passar oss."
        ),
        "subjects": ["mother_tongue", "multiliteracy"],
        "levels": ["grade_1"],
        "language": "sv",
        "group_size": 18,
        "starts_on": monday(4),
        "ends_on": friday(16),
        "accepts_remote": True,
        "status": "published",
    },
    {
        "key": "strandang-finska-ak4",
        "organisation": "strandangens-skola",
        "created_by": "teacher2.strandang@kyky.example",
        "title": "Vardagsfinska med glädje i åk 4",
        "description": (
            "Jag undervisar finska i åk 4 (20 elever). Eleverna har läst finska i ett år och kan en hel del ord, "
            "men de vågar knappt säga något, fast många har finskspråkiga kompisar på sina hobbyer. Läroboken "
            "känns torr för dem.\n\n"
            "Jag önskar lekfullt material med vardagsfraser, sånger och rollspel, och gärna ett besök av någon "
            "utifrån som bara talar finska – det skulle ge eleverna ett verkligt skäl att använda språket. "
            "Materialet ska fungera mellan besöken utan att jag behöver förbereda mycket.\n\n"
            "Vi har finska två gånger i veckan, på måndagar och torsdagar, och i klassen finns projektor och "
            "högtalare. Februari–april."
        ),
        "subjects": ["second_national_language"],
        "levels": ["grade_4"],
        "language": "sv",
        "group_size": 20,
        "starts_on": monday(5),
        "ends_on": friday(17),
        "accepts_remote": False,
        "status": "published",
    },
    # --- Ekvikens skola -----------------------------------------------------
    {
        "key": "ekvik-klimat-ak6",
        "organisation": "ekvikens-skola",
        "created_by": "teacher.ekvik@kyky.example",
        "title": "Klimatarbete med riktiga mätningar i åk 6",
        "description": (
            "Min åk 6 (22 elever) är mycket engagerad i klimatfrågor, men diskussionerna stannar ofta vid ”man "
            "borde” utan att eleverna vet vad som faktiskt gör skillnad. Jag skulle vilja att de får undersöka sin "
            "egen skola: hur mycket energi som går åt, var det är för varmt eller för kallt och vad vi själva kan "
            "påverka.\n\n"
            "Jag söker ett projekt där eleverna samlar in riktiga data, räknar på dem och presenterar förslag för "
            "skolans ledning. Det ska kopplas till fysik, geografi och matematik, och materialet måste finnas på "
            "svenska.\n\n"
            "Alla elever har Chromebooks, och skolans fastighetsskötare är positiv till ett samarbete. Perioden är "
            "februari–mitten av maj, med undantag för sportlovet vecka 8."
        ),
        "subjects": ["sustainability", "physics", "geography"],
        "levels": ["grade_6"],
        "language": "sv",
        "group_size": 22,
        "starts_on": monday(5),
        "ends_on": friday(19),
        "accepts_remote": False,
        "status": "published",
    },
    {
        "key": "ekvik-finska-tandem-ak7",
        "organisation": "ekvikens-skola",
        "created_by": "teacher2.ekvik@kyky.example",
        "title": "Finska som vardagsspråk – kontakt med en finskspråkig klass i åk 7",
        "description": (
            "Jag undervisar finska i åk 7 (24 elever). Eleverna har olika bakgrund: några är nästan tvåspråkiga, "
            "andra har knappt talat finska utanför lektionerna. Jag vill att de ska märka att finska är ett språk "
            "man använder med jämnåriga, inte bara ett skolämne.\n\n"
            "Drömmen vore att regelbundet träffa en finskspråkig klass på nätet, i små grupper och med färdiga "
            "samtalsuppgifter – gärna så att båda klasserna har nytta av samarbetet. Det är viktigt att det "
            "fungerar i skolans egna verktyg och att inga videosamtal spelas in.\n\n"
            "Vi använder Teams. Lektionerna är på tisdagar och fredagar. Från mitten av januari till slutet av "
            "april."
        ),
        "subjects": ["second_national_language"],
        "levels": ["grade_7"],
        "language": "sv",
        "group_size": 24,
        "starts_on": monday(3),
        "ends_on": friday(17),
        "accepts_remote": True,
        "status": "published",
    },
    # --- Day-care centres ---------------------------------------------------
    {
        "key": "sammalmatas-tunnetaidot",
        "organisation": "paivakoti-sammalmatas",
        "created_by": "teacher.sammalmatas@kyky.example",
        "title": "Tunne- ja kaveritaitoja 3–5-vuotiaiden ryhmään",
        "description": (
            "Olen varhaiskasvatuksen opettaja Kuplat-ryhmässä, jossa on 21 lasta 3–5-vuotiaita. Syksyllä ryhmään "
            "tuli paljon uusia lapsia, ja riitoja syntyy usein: lasten on vaikea sanoittaa, mikä harmittaa, ja "
            "pettymykset purkautuvat lyömisenä tai huutamisena. Osalle lapsista suomi on toinen kieli, joten kuvat "
            "ja konkreettiset välineet auttavat paljon.\n\n"
            "Toivomme tunnetaitojen materiaalia, jossa on satuja, kuvia ja rauhoittumisen keinoja, joita voimme "
            "käyttää pienryhmissä ja arjen tilanteissa. Olisi hyvä, jos huoltajatkin saisivat tietoa, jotta "
            "kotona voisi käyttää samoja sanoja. Lasten tietoja ei saa kerätä mihinkään palveluun.\n\n"
            "Tiimissä on kolme kasvattajaa, ja tuokioita voimme pitää aamupäivisin. Tammikuusta huhtikuun loppuun."
        ),
        "subjects": ["wellbeing"],
        "levels": ["ece"],
        "language": "fi",
        "group_size": 21,
        "starts_on": monday(),
        "ends_on": friday(17),
        "accepts_remote": True,
        "status": "published",
    },
    {
        "key": "kielokumpu-koodaus-eskari",
        "organisation": "paivakoti-kielokumpu",
        "created_by": "teacher.kielokumpu@kyky.example",
        "title": "Ohjelmoinnin alkeita eskareille leikin kautta, ilman ruutuja",
        "description": (
            "Olen esiopettaja, ja ryhmässämme on 20 kuusivuotiasta. Esiopetussuunnitelmassa ovat ohjelmoinnin "
            "alkeet, mutta en halua lisätä lasten ruutuaikaa. Lapset rakastavat rakentelua ja pelejä, joissa pitää "
            "keksiä reitti, joten ajattelin, että jokin konkreettinen robotti tai lautapelin kaltainen väline "
            "voisi toimia.\n\n"
            "Toivon välineitä, joilla lapset voivat pienryhmissä suunnitella ja kokeilla ohjeita, sekä valmiita "
            "tuokioideoita. Kouluttaja, joka kävisi aloittamassa kanssamme, olisi suuri apu, koska kukaan "
            "tiimistämme ei ole aiemmin ohjelmoinut.\n\n"
            "Käytössämme on sali, jossa on tilaa lattiatyöskentelyyn. Tammikuusta maaliskuun loppuun."
        ),
        "subjects": ["digital_competence", "mathematics"],
        "levels": ["pre_primary"],
        "language": "fi",
        "group_size": 20,
        "starts_on": monday(),
        "ends_on": friday(13),
        "accepts_remote": False,
        "status": "published",
    },
    {
        "key": "tuulikannel-musiikki",
        "organisation": "paivakoti-tuulikannel",
        "created_by": "teacher.tuulikannel@kyky.example",
        "title": "Musiikkituokioita ilman soitto-osaamista",
        "description": (
            "Päiväkodissamme ei tällä hetkellä ole ketään, joka soittaisi pianoa tai kitaraa, ja musiikkituokiot "
            "ovat kaventuneet muutamaan tuttuun lauluun. Ryhmässäni on 18 lasta 4–5-vuotiaita, ja he rakastavat "
            "laulamista, rytmejä ja musiikin mukaan liikkumista.\n\n"
            "Etsimme helposti käyttöön otettavaa musiikkikasvatuksen materiaalia: lauluja, rytmileikkejä ja "
            "liikettä, mielellään videoina, joista aikuinen näkee mallin. Soittimista olisi iso apu, koska meillä "
            "on vain muutama marakassi.\n\n"
            "Tuokiot sopisivat aamupäiviin, ja sali on käytössämme tiistaisin ja torstaisin. Tammikuusta huhtikuun "
            "loppuun."
        ),
        "subjects": ["music"],
        "levels": ["ece"],
        "language": "fi",
        "group_size": 18,
        "starts_on": monday(),
        "ends_on": friday(17),
        "accepts_remote": True,
        "status": "published",
    },
    {
        "key": "vattenliljan-kanslor",
        "organisation": "daghemmet-vattenliljan",
        "created_by": "teacher.vattenliljan@kyky.example",
        "title": "Känslor och kompisskap i en grupp med 5–6-åringar",
        "description": (
            "Jag är lärare inom småbarnspedagogik i en grupp med 16 barn i åldern 5–6 år, av vilka sex går i "
            "förskoleundervisning. Gruppen är livlig och varm, men barnen har svårt att vänta på sin tur och att "
            "hantera besvikelser när de förlorar i spel. Flera barn kommer från tvåspråkiga hem.\n\n"
            "Vi söker material på svenska med sagor, bilder och enkla lugnande övningar som vi kan använda i "
            "samlingar och i vardagen. Personalen skulle gärna få en kort utbildning. Vi vill inte att barnens "
            "uppgifter samlas in någonstans.\n\n"
            "Samlingarna är på förmiddagarna. Februari–april passar oss bäst."
        ),
        "subjects": ["wellbeing"],
        "levels": ["ece", "pre_primary"],
        "language": "sv",
        "group_size": 16,
        "starts_on": monday(5),
        "ends_on": friday(17),
        "accepts_remote": True,
        "status": "published",
    },
    # --- Peltolaakson koulu (Vantaa) ----------------------------------------
    {
        "key": "peltolaakso-murtoluvut",
        "organisation": "peltolaakson-koulu",
        "created_by": "teacher.peltolaakso@kyky.example",
        "title": "Murtolukujen alkeet kolmasluokkalaisille konkreettisesti",
        "description": (
            "Opetan 3. luokkaa, ja luokassani on 22 oppilasta. Murtoluvut tulevat keväällä ensimmäistä kertaa "
            "vastaan, ja haluaisin, että oppilaat ymmärtävät osan ja kokonaisen ennen kuin siirrytään "
            "merkintöihin. Monelle oppilaalle suomi on toinen kieli, joten kuvat ja vähäinen tekstimäärä ovat "
            "tärkeitä.\n\n"
            "Toivon peliä tai välineitä, jotka eriyttävät ja joista näen, kuka tarvitsee tukea. Mieluiten niin, "
            "että yrityksen edustaja kävisi koululla ainakin kerran.\n\n"
            "Käytössämme ovat luokan iPadit, yksi kahta oppilasta kohden. Tammikuun puolivälistä huhtikuun "
            "loppuun."
        ),
        "subjects": ["mathematics"],
        "levels": ["grade_3"],
        "language": "fi",
        "group_size": 22,
        "starts_on": monday(3),
        "ends_on": friday(17),
        "accepts_remote": False,
        "status": "published",
    },
    {
        "key": "peltolaakso-englanti-puhuminen",
        "organisation": "peltolaakson-koulu",
        "created_by": "teacher2.peltolaakso@kyky.example",
        "title": "Rohkeutta puhua englantia 4. luokalla",
        "description": (
            "Opetan englantia 4. luokalle (24 oppilasta). Sanasto ja kirjoittaminen sujuvat, mutta moni oppilas ei "
            "uskalla puhua, koska pelkää ääntävänsä väärin kavereiden kuullen. Haluaisin, että jokainen saisi "
            "harjoitella ääntämistä ensin rauhassa ja saisi siitä palautetta, ja vasta sitten puhuttaisiin parin "
            "kanssa.\n\n"
            "Sopiva olisi sovellus, jota voi käyttää tunnilla kuulokkeiden kanssa ja ehkä kotona. Palautteen pitää "
            "olla kannustavaa, eikä pisteitä saa näyttää koko luokalle. Ymmärrän, että äänitallenteet ovat "
            "henkilötietoja, joten tietosuojan on oltava kunnossa, ja tiedotan asiasta huoltajia.\n\n"
            "Meillä on Chromebookit ja kuulokemikrofonit. Helmikuusta toukokuun puoliväliin."
        ),
        "subjects": ["foreign_languages"],
        "levels": ["grade_4"],
        "language": "fi",
        "group_size": 24,
        "starts_on": monday(5),
        "ends_on": friday(20),
        "accepts_remote": True,
        "status": "published",
    },
]

# ---------------------------------------------------------------------------
# History: pilots of the previous school year, completed, with both sides' feedback
# ---------------------------------------------------------------------------

HISTORY = [
    {
        "proposal": {
            "key": "sprakbro-kielisuihku",
            "organisation": "sprakbro",
            "title": "Kielisuihku – englantia leikkien esiopetukseen (syksy {autumn_year})",
            "summary": (
                "Syyslukukauden {autumn_year} pilotti, jossa esiopetusryhmät leikkivät englanniksi kerran viikossa. "
                "Pilotit on pidetty, eikä uusia ryhmiä oteta mukaan."
            ),
            "description": (
                "Kielisuihku toi esiopetusryhmiin englanninkielisiä leikkejä, lauluja ja loruja kerran viikossa "
                "syyslukukauden {autumn_year} ajan. Pedagogimme vieraili jokaisessa ryhmässä kolme kertaa, ja muina "
                "viikkoina ryhmä käytti valmiita äänitteitä ja kuvakortteja.\n\n"
                "Syksyn pilotit on pidetty, eikä uusia ryhmiä oteta mukaan. Jatkosta tiedotamme erikseen."
            ),
            "subjects": ["foreign_languages"],
            "levels": ["pre_primary"],
            "languages": ["fi"],
            "starts_on": monday(term=AUTUMN),
            "ends_on": friday(term=AUTUMN),
            "capacity": 6,
            "teacher_hours": 6,
            "requirements": "Tila leikeille ja laulamiselle sekä kaiutin äänitteiden toistoon.",
            "delivery": "onsite",
            "municipalities": ["espoo"],
            "processes_personal_data": False,
        },
        "need": {
            "key": "kielokumpu-englanti-eskari",
            "organisation": "paivakoti-kielokumpu",
            "created_by": "teacher.kielokumpu@kyky.example",
            "title": "Englantia leikkien eskariryhmälle (syksy {autumn_year})",
            "description": (
                "Eskariryhmämme 20 lasta ovat innostuneita englannista: he laulavat englanninkielisiä lauluja ja "
                "leikkivät kauppaa englanniksi. Toivomme syyslukukaudelle {autumn_year} valmiita leikkejä ja "
                "lauluja sekä vierailevan ohjaajan, joka näyttäisi henkilöstölle mallia.\n\n"
                "Tuokiot sopisivat aamupäiviin kerran viikossa koko syksyn ajan."
            ),
            "subjects": ["foreign_languages"],
            "levels": ["pre_primary"],
            "language": "fi",
            "group_size": 20,
            "starts_on": monday(term=AUTUMN),
            "ends_on": friday(term=AUTUMN),
            "accepts_remote": False,
        },
        "initiated_by": "school",
        "message": "Kielisuihku vastaa tarpeeseemme täsmälleen: eskariryhmä, leikit ja vierailut koko syksyn ajan.",
        "agreement": {
            "place": "Päiväkoti Kielokumpu, Espoo – eskariryhmän tila ja sali",
            "groups": "Eskariryhmä Kielokummut (20 lasta)",
            "pupil_count": 20,
            "contacts": {
                "school": {"phone": "+358 40 000 1301", "title": "Varhaiskasvatuksen opettaja"},
                "company": {"phone": "+358 50 000 1302", "title": "Pedagoginen asiantuntija"},
            },
        },
        "feedback": {
            "school": {
                "rating": 5,
                "goals": "yes",
                "again": True,
                "worked": (
                    "Lapset odottivat Kielisuihku-aamuja koko syksyn, ja ujoimmatkin lauloivat lopulta mukana. "
                    "Pedagogin vierailut antoivat henkilöstölle rohkeutta käyttää englantia itse."
                ),
                "change": "Äänitteet voisivat olla lyhyempiä; pisimmät laulut venyivät eskarilaisille.",
                "faces": "happy",
            },
            "company": {
                "rating": 4,
                "goals": "yes",
                "again": True,
                "worked": "Ryhmä oli hyvin valmisteltu ja henkilöstö osallistui leikkeihin.",
                "change": (
                    "Saimme paljon ideoita äänitteiden pituuteen: lyhyemmät kappaleet toimivat paremmin, ja "
                    "lisäämme kuvakortteihin ohjeet henkilöstölle."
                ),
            },
        },
        "complete_comment": "Pilotti pidettiin suunnitellusti, ja molemmat osapuolet antoivat palautteen.",
        "close_comment": "Syksyn pilotit on pidetty.",
    },
    {
        "proposal": {
            "key": "satuvaris-satuhetket-syksy",
            "organisation": "satuvaris",
            "title": "Satuhetket päiväkotiin (syksy {autumn_year})",
            "summary": ("Syksyn {autumn_year} satuhetkikokeilu varhaiskasvatuksen ryhmissä. Kokeilu on päättynyt."),
            "description": (
                "Vapaaehtoiset satulukijamme vierailivat ryhmissä kerran viikossa syyslukukauden {autumn_year} "
                "ajan: luimme ääneen, leikimme tarinoita ja lainasimme ryhmille satukassit. Kokeilu on päättynyt, "
                "ja jatkamme keväällä uusien ryhmien kanssa."
            ),
            "subjects": ["mother_tongue", "multiliteracy"],
            "levels": ["ece"],
            "languages": ["fi"],
            "starts_on": monday(38, term=AUTUMN),
            "ends_on": friday(48, term=AUTUMN),
            "capacity": 3,
            "teacher_hours": 4,
            "requirements": "Rauhallinen tila satuhetkelle.",
            "delivery": "onsite",
            "municipalities": ["espoo"],
            "processes_personal_data": False,
        },
        "need": {
            "key": "sammalmatas-sadut",
            "organisation": "paivakoti-sammalmatas",
            "created_by": "teacher.sammalmatas@kyky.example",
            "title": "Satuja ja tarinoita 3–5-vuotiaiden ryhmälle (syksy {autumn_year})",
            "description": (
                "Ryhmämme 18 lasta rakastavat satuja, mutta henkilöstöllä on vähän aikaa ääneen lukemiseen. "
                "Toivomme syksylle {autumn_year} vierailevia lukijoita ja ideoita tarinaleikkeihin, joissa lapset "
                "pääsevät itse kertomaan."
            ),
            "subjects": ["mother_tongue"],
            "levels": ["ece"],
            "language": "fi",
            "group_size": 18,
            "starts_on": monday(38, term=AUTUMN),
            "ends_on": friday(48, term=AUTUMN),
            "accepts_remote": False,
        },
        "initiated_by": "company",
        "message": "Satulukijamme voisivat tulla Sammalmättäälle maanantaiaamuisin koko syksyn ajan.",
        "agreement": {
            "place": "Päiväkoti Sammalmätäs, Espoo – Oravat-ryhmän lepohuone",
            "groups": "Oravat (18 lasta, 3–5-vuotiaat)",
            "pupil_count": 18,
            "contacts": {
                "school": {"phone": "+358 40 000 1501", "title": "Varhaiskasvatuksen opettaja"},
                "company": {"phone": "+358 50 000 1502", "title": "Toiminnanjohtaja"},
            },
        },
        "feedback": {
            "school": {
                "rating": 5,
                "goals": "yes",
                "again": True,
                "worked": "Lapset odottivat satulukijaa ja alkoivat kertoa omia tarinoitaan leikeissä.",
                "change": "Tuokio voisi olla vartin lyhyempi nuorimmille.",
                "faces": "happy",
            },
            "company": {
                "rating": 5,
                "goals": "yes",
                "again": True,
                "worked": "Henkilöstö otti satukassin omaan käyttöönsä myös muina päivinä.",
                "change": "Sovimme jatkossa vierailuajat jo ennen kauden alkua.",
            },
        },
        "complete_comment": "Kokeilu päättyi, ja molemmat osapuolet arvioivat sen.",
        "close_comment": "Syksyn satuhetket on pidetty.",
    },
    {
        "proposal": {
            "key": "kestava-energiaetsivat",
            "organisation": "kestava-kipina",
            "title": "Energiaetsivät – koulun energiankulutus tutuksi 5.–6. luokille (kevät {spring_year})",
            "summary": (
                "Oppilaat mittaavat koulunsa sähkön- ja lämmönkulutusta lainattavilla mittareilla ja tekevät "
                "säästöehdotuksia. Kevään {spring_year} pilottikierros."
            ),
            "description": (
                "Energiaetsivät on tutkiva oppimiskokonaisuus, jossa oppilaat selvittävät, mihin koulussa kuluu "
                "energiaa. Lainaamme luokalle mittarit, ja oppilaat mittaavat valaistusta, laitteiden valmiustilaa "
                "ja tilojen lämpötiloja. Lopuksi luokka esittää rehtorille omat säästöehdotuksensa.\n\n"
                "Pilotti kestää kahdeksan viikkoa keväällä {spring_year}. Pidämme opettajalle tunnin perehdytyksen "
                "ja vierailemme luokassa kahdesti. Pilotissa ei käsitellä oppilaiden henkilötietoja."
            ),
            "subjects": ["sustainability", "environmental_studies"],
            "levels": ["grade_5", "grade_6"],
            "languages": ["fi"],
            "starts_on": monday(5),
            "ends_on": friday(17),
            "capacity": 4,
            "teacher_hours": 8,
            "requirements": "Pääsy koulun teknisiin tiloihin kiinteistönhoitajan kanssa ja tila mittareiden säilytykseen.",
            "delivery": "onsite",
            "municipalities": ["espoo", "vantaa"],
            "processes_personal_data": False,
        },
        "need": {
            "key": "pajurinne-energia",
            "organisation": "pajurinteen-koulu",
            "created_by": "teacher.pajurinne@kyky.example",
            "title": "Kestävän kehityksen projekti 6. luokalle (kevät {spring_year})",
            "description": (
                "Kuudesluokkalaiseni (23 oppilasta) tekevät keväällä {spring_year} kestävän kehityksen projektin. "
                "Haluaisin, että oppilaat tutkisivat jotakin konkreettista omasta koulustaan ja saisivat aikaan "
                "oikean muutoksen. Energiankulutus kiinnostaa luokkaa erityisesti.\n\n"
                "Projekti sopii helmikuusta huhtikuun loppuun ympäristöopin tunneille."
            ),
            "subjects": ["sustainability", "environmental_studies"],
            "levels": ["grade_6"],
            "language": "fi",
            "group_size": 23,
            "starts_on": monday(5),
            "ends_on": friday(17),
            "accepts_remote": False,
        },
        "initiated_by": "company",
        "message": "Energiaetsivät sopisi projektiinne: oppilaat mittaavat oman koulunsa kulutusta ja tekevät ehdotuksia.",
        "agreement": {
            "place": "Pajurinteen koulu, Espoo – luokka 6A, koulun tekniset tilat kiinteistönhoitajan kanssa",
            "groups": "6A (yksi luokka, 23 oppilasta)",
            "pupil_count": 23,
            "contacts": {
                "school": {"phone": "+358 40 000 1401", "title": "Luokanopettaja"},
                "company": {"phone": "+358 50 000 1402", "title": "Koulutusvastaava"},
            },
        },
        "feedback": {
            "school": {
                "rating": 4,
                "goals": "yes",
                "again": True,
                "worked": "Oppilaat innostuivat mittaamisesta, ja rehtori otti kaksi säästöehdotusta käyttöön.",
                "change": "Mittareiden käyttöohjeet voisivat olla selkeämmät.",
            },
            "company": {
                "rating": 5,
                "goals": "partly",
                "again": True,
                "worked": "Luokka teki huolellisia mittauksia ja hyviä ehdotuksia.",
                "change": (
                    "Kiinteistönhoitajan mukanaolo oli ratkaisevaa; sovimme sen jatkossa jo ennen pilotin alkua "
                    "kaikkien koulujen kanssa."
                ),
            },
        },
        "complete_comment": "Pilotti on päättynyt, ja palaute on annettu.",
        "close_comment": "Kevään pilottikierros on päättynyt.",
    },
]

# ---------------------------------------------------------------------------
# The demo's pilot with a signed agreement
# ---------------------------------------------------------------------------

PILOT = {
    "proposal": "laskuri-murtolukuseikkailu",
    "need": "kuusikallio-murtoluvut",
    "contacts": {
        "school": {
            "name": "Laura Niemi",
            "email": "teacher@kyky.example",
            "phone": "+358 40 000 1201",
            "title": "Luokanopettaja",
        },
        "company": {
            "name": "Joonas Lehtonen",
            "email": "representative@kyky.example",
            "phone": "+358 50 000 1202",
            "title": "Koulusuhdepäällikkö",
        },
    },
    "place": "Kuusikallion koulu, Espoo – luokan 4B luokkahuone; yrityksen vierailu luokassa pilotin 4. viikolla",
    "pupil_count": 24,
    "groups": "4B (yksi luokka, 24 oppilasta)",
    "personal_data": {
        "processed": True,
        "categories": [
            "Oppilaan nimimerkki (etunimi tai keksitty nimi) ja luokkatunnus",
            "Pelin vastaus- ja edistymistiedot",
            "Kirjautumisajat",
        ],
        "purpose": (
            "Oppimispelin tarjoaminen, tehtävien mukauttaminen oppilaan tasoon ja opettajan seurantanäkymä pilotin "
            "aikana. Tietoja ei käytetä markkinointiin eikä oppilaiden profilointiin pilotin ulkopuolella."
        ),
        "storage_location": "Pilvipalvelin Helsingissä (Suomi), EU/ETA-alueella",
        "retention": (
            "Tiedot poistetaan 30 päivän kuluessa pilotin päättymisestä. Ennen poistoa opettaja saa luokan "
            "anonymisoidun yhteenvedon."
        ),
        "subprocessors": [
            {"name": "Pilvinen Oy", "service": "Palvelinkapasiteetti", "location": "Konesali Helsingissä, Suomi"},
        ],
    },
}
