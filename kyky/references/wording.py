"""What a reference says, in Finnish, Swedish and English: "Co-created with the schools of Espoo"."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import pgettext

from kyky.references.models import Reference

# Finnish inflects the city's name: "Espoon koulujen kanssa". The genitives of the catalogue's municipalities.
FINNISH_GENITIVE = {
    "espoo": "Espoon", "helsinki": "Helsingin", "vantaa": "Vantaan", "kauniainen": "Kauniaisten",
    "kirkkonummi": "Kirkkonummen", "vihti": "Vihdin", "lohja": "Lohjan", "siuntio": "Siuntion", "inkoo": "Inkoon",
    "raasepori": "Raaseporin", "hanko": "Hangon", "tuusula": "Tuusulan", "kerava": "Keravan",
    "jarvenpaa": "Järvenpään", "nurmijarvi": "Nurmijärven", "sipoo": "Sipoon", "porvoo": "Porvoon",
    "hyvinkaa": "Hyvinkään", "loviisa": "Loviisan", "tampere": "Tampereen", "turku": "Turun", "oulu": "Oulun",
    "jyvaskyla": "Jyväskylän", "kuopio": "Kuopion", "lahti": "Lahden", "pori": "Porin", "joensuu": "Joensuun",
    "lappeenranta": "Lappeenrannan", "hameenlinna": "Hämeenlinnan", "vaasa": "Vaasan", "seinajoki": "Seinäjoen",
    "rovaniemi": "Rovaniemen", "kotka": "Kotkan", "mikkeli": "Mikkelin", "kokkola": "Kokkolan", "salo": "Salon",
    "pietarsaari": "Pietarsaaren", "mariehamn": "Maarianhaminan",
}  # fmt: skip


def _language() -> str:
    return (translation.get_language() or "fi")[:2]


def reference_text(reference: Reference) -> str:
    """ "Co-created with the schools of Espoo" in the active language (the units the pilots were in)."""
    municipality = reference.municipality
    language = _language()
    city = FINNISH_GENITIVE.get(municipality.pk) if language == "fi" else municipality.name
    if city is None:  # a municipality the catalogue gained later: say it without inflecting its name
        return pgettext("reference", "Co-created with schools and day-care centres: %(city)s") % {
            "city": municipality.name
        }
    if reference.units == Reference.Units.DAYCARES:
        text = pgettext("reference", "Co-created with the day-care centres of %(city)s")
    elif reference.units == Reference.Units.BOTH:
        text = pgettext("reference", "Co-created with the schools and day-care centres of %(city)s")
    else:
        text = pgettext("reference", "Co-created with the schools of %(city)s")
    return text % {"city": city}


def term_label(reference: Reference) -> str:
    """ "autumn 2026", "syksy 2026", "hösten 2026"."""
    if reference.term == Reference.Term.AUTUMN:
        return pgettext("term", "autumn %(year)s") % {"year": reference.year}
    return pgettext("term", "spring %(year)s") % {"year": reference.year}


def in_language(language: str, function, reference: Reference) -> str:
    with translation.override(language):
        return function(reference)


BADGE_LANGUAGES = ("fi", "sv", "en")


def page_url(reference: Reference) -> str:
    return f"{settings.SITE_URL}{reference.path}"


def badge_url(reference: Reference, language: str) -> str:
    return f"{settings.SITE_URL}{reference.path}badge.svg?lang={language}"


def embed_snippet(reference: Reference, language: str) -> str:
    """The HTML a provider puts on its own site: the badge, linking to the reference's public page."""
    with translation.override(language):
        alt = reference_text(reference)
    return str(
        format_html(
            '<a href="{}"><img src="{}" alt="{}" width="{}" height="{}"></a>',
            page_url(reference),
            badge_url(reference, language),
            alt,
            badge_size(alt)[0],
            badge_size(alt)[1],
        )
    )


def badge_size(text: str) -> tuple[int, int]:
    """Width and height of the badge for its longest line (about 7 px per character at its font size)."""
    return max(240, 84 + round(7.6 * len(text))), 56
