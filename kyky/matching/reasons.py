"""Human-readable sentences for match reasons ("Both in Finnish", "Covers 9 of your 12 weeks").

Kept apart from the engine because it uses Django's translation machinery. Inside a running Django
project the sentences go through gettext/ngettext in the active language; without configured
settings (scripts, benchmarks, plain unit tests) they fall back to English.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from kyky.matching.engine import LEVELS, Reason

Gettext = Callable[[str], str]
Ngettext = Callable[[str, str, int], str]


def _english() -> tuple[Gettext, Ngettext]:
    return (lambda s: s), (lambda singular, plural, n: singular if n == 1 else plural)


def _translators(translate: bool) -> tuple[Gettext, Ngettext]:
    if not translate:
        return _english()
    try:
        from django.apps import apps
        from django.conf import settings
    except ImportError:  # pragma: no cover - Django is a dependency, but the core must not need it
        return _english()
    if not settings.configured or not apps.ready:
        return _english()
    from django.utils.translation import gettext, ngettext

    return gettext, ngettext


def _names(_: Gettext) -> dict[str, str]:
    # Marked with the translator so makemessages picks them up; callers may pass catalog names instead.
    return {
        "fi": _("Finnish"),
        "sv": _("Swedish"),
        "en": _("English"),
        "ece": _("early childhood education"),
        "pre_primary": _("pre-primary education"),
        "upper_secondary": _("upper secondary"),
        "vocational": _("vocational education"),
    }


def _display(code: str, names: Mapping[str, str], builtin: Mapping[str, str]) -> str:
    if code in names:
        return names[code]
    if code in builtin:
        return builtin[code]
    return code.replace("_", " ")


def _join(items: Sequence[str], _: Gettext) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _grade_numbers(levels: Sequence[str]) -> list[int] | None:
    if not levels or not all(code.startswith("grade_") and code[6:].isdigit() for code in levels):
        return None
    return sorted(int(code[6:]) for code in levels)


def reason_text(reason: Reason, *, names: Mapping[str, str] | None = None, translate: bool = True) -> str:
    """One reason as a sentence.

    ``names`` maps codes (subjects, levels, municipalities, languages) to display names, e.g. the
    catalog's names in the active language; codes without a name are shown readably. With
    ``translate=False`` (or outside a configured Django project) the sentence is English.
    """
    _, ngettext = _translators(translate)
    names = names or {}
    builtin = _names(_)
    params = dict(reason.params)

    if reason.kind == "language":
        return _("Both in %(language)s") % {"language": _display(params["language"], names, builtin)}

    if reason.kind == "subjects":
        subjects = [_display(code, names, builtin) for code in params["subjects"]]
        return _capitalise(_("%(subjects)s in common") % {"subjects": _join(subjects, _)})

    if reason.kind == "levels":
        codes = [code for code in LEVELS if code in params["levels"]] + [
            code for code in params["levels"] if code not in LEVELS
        ]
        grades = _grade_numbers(codes)
        if grades is not None and not any(code in names for code in codes):
            if len(grades) == 1:
                return _("Grade %(grade)d in common") % {"grade": grades[0]}
            if grades == list(range(grades[0], grades[-1] + 1)):
                return _("Grades %(first)d–%(last)d in common") % {"first": grades[0], "last": grades[-1]}
            return _("Grades %(grades)s in common") % {"grades": _join([str(g) for g in grades], _)}
        shown = [_display(code, names, builtin) for code in codes]
        return _capitalise(_("%(levels)s in common") % {"levels": _join(shown, _)})

    if reason.kind == "text":
        return _("Text: %(terms)s") % {"terms": ", ".join(params["terms"])}

    if reason.kind == "weeks":
        covered, total = int(params["covered"]), int(params["total"])
        return ngettext(
            "Covers %(covered)d of your %(total)d week",
            "Covers %(covered)d of your %(total)d weeks",
            total,
        ) % {"covered": covered, "total": total}

    if reason.kind == "delivery":
        delivery = params["delivery"]
        place = params.get("municipality")
        # Municipality codes are lower-case names ("espoo"), DESIGN §7.
        where = names.get(place, "") or str(place or "").replace("_", " ").title()
        if delivery == "remote":
            return _("Remote")
        if delivery == "hybrid":
            return _("On site in %(place)s or remote") % {"place": where}
        return _("On site in %(place)s") % {"place": where}

    shown = ", ".join(f"{k}={v}" for k, v in reason.params)
    return f"{reason.kind}: {shown}" if shown else reason.kind


def reasons_text(
    reasons: Sequence[Reason], *, names: Mapping[str, str] | None = None, translate: bool = True
) -> list[str]:
    """All of a match's reasons as sentences, in order."""
    return [reason_text(r, names=names, translate=translate) for r in reasons]
