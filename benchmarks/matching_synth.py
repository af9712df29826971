"""Seeded generator of synthetic proposals and needs for the matching speed benchmark.

The texts are bags of topic words in Finnish, Swedish and English (with Finnish inflections and
compounds, and made-up product names) so that vocabulary size and term overlap look roughly like
real descriptions; they are not meant to read well.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from kyky.matching.engine import LEVELS, NeedDoc, ProposalDoc
from kyky.matching.text import STOPWORDS

# topic -> subjects and words per language (Finnish with a few inflected forms on purpose).
TOPICS: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "math": (
        ("mathematics",),
        {
            "fi": "matematiikka matematiikan murtoluvut murtolukujen laskeminen laskutaito kertotaulu kertotaulun "
            "geometria yhtälöt yhtälöiden lukujono päässälasku mittaaminen tilastot todennäköisyys prosentit",
            "sv": "matematik bråk bråktal räkning multiplikationstabellen geometri ekvationer huvudräkning "
            "mätning statistik sannolikhet procent talföljd",
            "en": "mathematics maths fractions arithmetic multiplication geometry equations mental "
            "measurement statistics probability percentages numbers",
        },
    ),
    "reading": (
        ("mother_tongue", "multiliteracy"),
        {
            "fi": "lukeminen lukemisen lukutaito lukutaidon kirjaimet tavut sanavarasto luetun ymmärtäminen "
            "kirjasto kirjat tarinat kirjoittaminen äänteet satu sadut runot",
            "sv": "läsning läsförståelse läsa bokstäver stavelser ordförråd bibliotek böcker berättelser "
            "skrivande ljud sagor dikter",
            "en": "reading literacy letters syllables vocabulary comprehension library books stories "
            "writing phonics fairy tales poems",
        },
    ),
    "coding": (
        ("digital_competence", "crafts"),
        {
            "fi": "ohjelmointi ohjelmoinnin koodaus koodausta robotti robotit robotiikka algoritmit "
            "tietokone sovellus anturit mikrobitti pelisuunnittelu tekoäly",
            "sv": "programmering kodning robot robotar robotik algoritmer dator app sensorer "
            "spelutveckling artificiell intelligens",
            "en": "programming coding robot robots robotics algorithms computer app sensors "
            "game design artificial intelligence",
        },
    ),
    "language": (
        ("foreign_languages", "second_national_language"),
        {
            "fi": "englanti englannin ruotsi ruotsin kielenoppiminen sanasto ääntäminen puhuminen "
            "keskustelu kielikylpy kielitaito kuullun ymmärtäminen",
            "sv": "engelska finska språkinlärning ordförråd uttal tala samtal språkbad språkkunskap hörförståelse",
            "en": "english swedish finnish language learning vocabulary pronunciation speaking "
            "conversation immersion listening",
        },
    ),
    "wellbeing": (
        ("wellbeing", "health_education"),
        {
            "fi": "hyvinvointi tunnetaidot tunnetaitojen kaveritaidot kiusaaminen mindfulness rentoutuminen "
            "uni liikunta ruokailu jaksaminen itsetunto vuorovaikutus",
            "sv": "välbefinnande känslor kamratskap mobbning avslappning sömn motion kost ork självkänsla interaktion",
            "en": "wellbeing emotions friendship bullying mindfulness relaxation sleep exercise "
            "nutrition resilience self-esteem interaction",
        },
    ),
    "sustainability": (
        ("sustainability", "environmental_studies", "geography"),
        {
            "fi": "kestävä kehitys ilmastonmuutos kierrätys luonto luonnon metsä energia vesi "
            "jätteet ympäristö ympäristökasvatus luontokoulu",
            "sv": "hållbar utveckling klimatförändring återvinning natur skog energi vatten avfall miljö miljöfostran",
            "en": "sustainable development climate change recycling nature forest energy water waste "
            "environment outdoor",
        },
    ),
    "music": (
        ("music",),
        {
            "fi": "musiikki musiikin laulaminen soittaminen rytmi sävellys kuoro bändi nuotit "
            "musiikkisovellus soittimet",
            "sv": "musik sång spela rytm komposition kör band noter instrument",
            "en": "music singing playing rhythm composition choir band notes instruments",
        },
    ),
    "maker": (
        ("crafts", "visual_arts"),
        {
            "fi": "käsityö käsityön askartelu ompelu puutyö 3d-tulostus muotoilu suunnittelu "
            "keksintö rakentaminen valmistaminen",
            "sv": "slöjd hantverk sömnad träslöjd 3d-utskrift design formgivning uppfinning bygga",
            "en": "crafts making sewing woodwork 3d printing design invention building tinkering",
        },
    ),
    "science": (
        ("physics", "chemistry", "biology"),
        {
            "fi": "fysiikka kemia biologia tutkiminen kokeet havainnointi mikroskooppi sähkö magneetit kasvit eläimet",
            "sv": "fysik kemi biologi undersöka experiment observation mikroskop elektricitet magneter växter djur",
            "en": "physics chemistry biology inquiry experiments observation microscope electricity "
            "magnets plants animals",
        },
    ),
    "support": (
        ("special_support",),
        {
            "fi": "tuki erityinen tuki oppimisvaikeudet keskittyminen lukivaikeus eriyttäminen "
            "selkokieli kuvatuki struktuuri",
            "sv": "stöd särskilt stöd inlärningssvårigheter koncentration dyslexi differentiering "
            "lättläst bildstöd struktur",
            "en": "support special needs learning difficulties attention dyslexia differentiation "
            "easy language visual support structure",
        },
    ),
    "history": (
        ("history", "social_studies"),
        {
            "fi": "historia historian menneisyys kotiseutu yhteiskunta demokratia museo aikajana",
            "sv": "historia det förflutna hembygd samhälle demokrati museum tidslinje",
            "en": "history the past local heritage society democracy museum timeline",
        },
    ),
    "entrepreneur": (
        ("entrepreneurship", "guidance"),
        {
            "fi": "yrittäjyys yrittäjyyskasvatus talous raha työelämä ura ohjaus tiimityö projekti",
            "sv": "entreprenörskap ekonomi pengar arbetsliv karriär vägledning teamarbete projekt",
            "en": "entrepreneurship economics money working life careers guidance teamwork project",
        },
    ),
}

GENERIC = {
    "fi": "oppilaat oppilaiden lapset lasten ryhmä luokka opettaja opettajat oppiminen oppimisen "
    "pelillinen peli pelit pelejä harjoitukset tehtävät sovellus verkossa tabletti yhdessä hauska "
    "motivaatio palaute arviointi eriytetty taso tasot haluamme etsimme tarvitsemme kokeilla uusi "
    "tapa viikko viikoittain tunti tunneilla kevät syksy koulu päiväkoti esiopetus varhaiskasvatus",
    "sv": "elever elevernas barn barnen grupp klass lärare lärande spel spelen övningar uppgifter "
    "app nätet surfplatta tillsammans roligt motivation respons bedömning nivå nivåer vill söker "
    "behöver pröva nytt sätt vecka lektion våren hösten skola daghem förskola småbarnspedagogik",
    "en": "pupils students children group class teacher teachers learning game games exercises tasks "
    "app online tablet together fun motivation feedback assessment level levels want looking need "
    "try new way week weekly lesson spring autumn school kindergarten preschool early",
}

_SYLLABLES = ["ka", "lu", "mi", "no", "ra", "te", "vi", "so", "pa", "ze", "qu", "ix", "on", "ar", "el", "ly", "bo"]
MUNICIPALITIES = ("espoo", "helsinki", "vantaa", "kauniainen", "kirkkonummi", "tampere", "turku")
_TERMS = ((date(2026, 8, 11), date(2026, 12, 21)), (date(2027, 1, 7), date(2027, 6, 1)))


def _words(rng: random.Random, lang: str, topics: list[str], n: int, extra: list[str]) -> str:
    topic_words = [w for t in topics for w in TOPICS[t][1][lang].split()]
    generic = GENERIC[lang].split()
    function_words = sorted(STOPWORDS[lang])
    out = []
    for _ in range(n):
        if rng.random() < 0.3:
            # About a third of running text is function words (and they let the engine tell languages apart).
            out.append(rng.choice(function_words))
        r = rng.random()
        if r < 0.55:
            out.append(rng.choice(topic_words))
        elif r < 0.62 and lang == "fi":
            # Finnish writes compounds as one word; glue two topic or generic words.
            out.append(rng.choice(topic_words) + rng.choice(generic + topic_words))
        elif r < 0.66 and extra:
            out.append(rng.choice(extra))
        else:
            out.append(rng.choice(generic))
    return " ".join(out)


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def _levels(rng: random.Random) -> frozenset[str]:
    start = rng.randrange(len(LEVELS))
    width = rng.choice((1, 1, 2, 2, 3, 3, 4, 6, 9))
    return frozenset(LEVELS[start : min(start + width, len(LEVELS))])


def _window(rng: random.Random) -> tuple[date, date]:
    if rng.random() < 0.15:
        return _TERMS[0][0], _TERMS[1][1]
    lo, hi = rng.choice(_TERMS)
    span = (hi - lo).days
    weeks = rng.randint(3, span // 7)
    start = lo + timedelta(days=rng.randint(0, span - weeks * 7))
    return start, min(hi, start + timedelta(days=weeks * 7))


def _lang(rng: random.Random) -> str:
    return rng.choices(("fi", "sv", "en"), weights=(0.72, 0.16, 0.12))[0]


def proposals(n: int, seed: int = 1) -> list[ProposalDoc]:
    """Generate ``n`` published proposals."""
    rng = random.Random(seed)
    out = []
    for i in range(1, n + 1):
        lang = _lang(rng)
        languages = {lang} | ({"en"} if rng.random() < 0.3 else set()) | ({"fi"} if rng.random() < 0.2 else set())
        topics = rng.sample(sorted(TOPICS), rng.choice((1, 1, 2)))
        name = _name(rng)
        subjects = {s for t in topics for s in TOPICS[t][0] if rng.random() < 0.8} or {TOPICS[topics[0]][0][0]}
        starts, ends = _window(rng)
        delivery = rng.choices(("onsite", "remote", "hybrid"), weights=(0.4, 0.3, 0.3))[0]
        munis = frozenset() if rng.random() < 0.4 else frozenset(rng.sample(MUNICIPALITIES, rng.randint(1, 3)))
        out.append(
            ProposalDoc(
                id=i,
                title=f"{name} " + _words(rng, lang, topics, rng.randint(2, 5), []),
                summary=_words(rng, lang, topics, rng.randint(8, 20), [name]),
                description=_words(rng, lang, topics, rng.randint(30, 90), [name]),
                subjects=frozenset(subjects),
                levels=_levels(rng),
                languages=frozenset(languages),
                starts_on=starts,
                ends_on=ends,
                delivery=delivery,
                municipalities=munis,
                capacity_left=rng.randint(1, 8),
            )
        )
    return out


def needs(n: int, seed: int = 2) -> list[NeedDoc]:
    """Generate ``n`` published needs."""
    rng = random.Random(seed)
    out = []
    for i in range(1, n + 1):
        lang = _lang(rng)
        topics = rng.sample(sorted(TOPICS), rng.choice((1, 1, 1, 2)))
        subjects = {s for t in topics for s in TOPICS[t][0] if rng.random() < 0.6} or {TOPICS[topics[0]][0][0]}
        starts, ends = _window(rng)
        levels = _levels(rng) if rng.random() < 0.3 else frozenset([rng.choice(LEVELS)])
        out.append(
            NeedDoc(
                id=i,
                title=_words(rng, lang, topics, rng.randint(3, 7), []),
                description=_words(rng, lang, topics, rng.randint(15, 60), []),
                subjects=frozenset(subjects),
                levels=levels,
                language=lang,
                starts_on=starts,
                ends_on=ends,
                municipality=rng.choices(MUNICIPALITIES, weights=(6, 3, 2, 1, 1, 1, 1))[0],
                accepts_remote=rng.random() < 0.6,
            )
        )
    return out
