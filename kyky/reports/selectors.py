"""The coordinator's report: every figure is a database aggregate over the municipality's rows, in a constant
number of queries whatever the amount of data.

What counts in the period [date_from, date_to] (local days, both included):
- proposals (those serving the municipality, or every municipality) and needs whose own dates overlap the period
  (as the lists' date filters), applications sent in the period, and pilots and agreements whose agreed dates
  overlap it, each by state;
- the median days from a need's publication to its agreement's second signature: agreements signed in the period;
- pilots by subject, level and language (the group's need) and by kind of unit, and the providers and units
  taking part: the period's pilots that were not cancelled;
- the evaluation averages: the evaluations of the period's pilots that have been completed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from statistics import mean
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Avg, CharField, Count, F, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from contracts.models import Agreement
from kyky.accounts.models import Organisation, User
from kyky.catalog.models import Municipality
from kyky.core.schoolyear import school_year
from kyky.matching.models import Offer
from kyky.pilots.models import Application, Feedback, Need, Pilot, Proposal
from kyky.reports import permissions

MAX_DAYS = 10 * 366  # a period of at most ten years
SIDES = ("school", "company")


@dataclass(frozen=True)
class Period:
    date_from: date
    date_to: date

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date_from, time.min))

    @property
    def end(self) -> datetime:
        """The first moment after the period."""
        return timezone.make_aware(datetime.combine(self.date_to + timedelta(days=1), time.min))

    def created(self, field: str = "created_at") -> Q:
        """A moment (a DateTimeField) in the period."""
        return Q(**{f"{field}__gte": self.start, f"{field}__lt": self.end})

    def overlaps(self, starts_on: str = "starts_on", ends_on: str = "ends_on") -> Q:
        """Own dates (DateFields) that overlap the period."""
        return Q(**{f"{starts_on}__lte": self.date_to, f"{ends_on}__gte": self.date_from})

    def scheduled(self, qs: QuerySet, snapshot: str) -> QuerySet:
        """Rows whose agreed dates (in the agreement's terms, `snapshot`) overlap the period.

        The terms keep the dates as ISO text, which compares in date order alike on SQLite and PostgreSQL.
        """
        terms = KeyTransform("pilot", snapshot)
        return qs.alias(
            agreed_start=Cast(KeyTextTransform("starts_on", terms), CharField()),
            agreed_end=Cast(KeyTextTransform("ends_on", terms), CharField()),
        ).filter(agreed_start__lte=self.date_to.isoformat(), agreed_end__gte=self.date_from.isoformat())


def default_period(today: date | None = None) -> Period:
    """The school year in progress (in the summer, the one that just ended): 1 August to 31 July."""
    today = today or timezone.localdate()
    year = school_year(today)
    if today < year.autumn_start and today.month >= 6:  # 2 June – 10 August: the year that just ended
        year = year.previous()
    return Period(date(year.start_year, 8, 1), date(year.start_year + 1, 7, 31))


def parse_period(date_from: str | None, date_to: str | None) -> Period:
    """The period from ISO dates (either may be left out: the default school year's end), or field errors."""
    default = default_period()
    errors: dict[str, list[str]] = {}
    values = {}
    for name, value, fallback in (("date_from", date_from, default.date_from), ("date_to", date_to, default.date_to)):
        if not value:
            values[name] = fallback
            continue
        try:
            values[name] = date.fromisoformat(value) if len(value) == 10 else None  # YYYY-MM-DD only
        except ValueError:
            values[name] = None
        if values[name] is None:
            errors[name] = [_("Enter a date as YYYY-MM-DD.")]
    if not errors:
        if values["date_to"] < values["date_from"]:
            errors["date_to"] = [_("The end date cannot be before the start date.")]
        elif (values["date_to"] - values["date_from"]).days > MAX_DAYS:
            errors["date_to"] = [_("Choose a period of at most ten years.")]
    if errors:
        raise ValidationError(errors)
    return Period(values["date_from"], values["date_to"])


def _by_state(qs: QuerySet, states) -> dict[str, int]:
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("id", distinct=True)))
    return {state: counts.get(state, 0) for state in states}


def _median_days(agreements: QuerySet[Agreement]) -> tuple[float | None, int]:
    """The median of (signed − need published) in days, taken in the database: a count and the middle rows."""
    durations = agreements.filter(pilot__need__published_at__isnull=False).annotate(
        took=F("signed_at") - F("pilot__need__published_at")
    )
    count = durations.count()
    if not count:
        return None, 0
    middle = list(durations.order_by("took", "id").values_list("took", flat=True)[(count - 1) // 2 : count // 2 + 1])
    return round(mean(d.total_seconds() for d in middle) / 86400, 1), count


def _name_fields(prefix: str) -> list[str]:
    return [f"{prefix}__name_fi", f"{prefix}__name_sv", f"{prefix}__name_en", f"{prefix}__position"]


def _breakdown(pilots: QuerySet[Pilot], field: str) -> list[dict[str, Any]]:
    """[{code, name, pilots}] for a code list the pilots' needs point to, most pilots first."""
    language = (get_language() or "fi")[:2]
    rows = (
        pilots.filter(**{f"{field}__isnull": False})
        .order_by()
        .values(field, *_name_fields(field))
        .annotate(n=Count("id", distinct=True))
    )
    result = [
        {
            "code": row[field],
            "name": row.get(f"{field}__name_{language}") or row[f"{field}__name_fi"],
            "pilots": row["n"],
            "_position": row[f"{field}__position"],
        }
        for row in rows
    ]
    result.sort(key=lambda item: (-item["pilots"], item["_position"], item["code"]))
    for item in result:
        del item["_position"]
    return result


def _by_unit_kind(pilots: QuerySet[Pilot]) -> list[dict[str, Any]]:
    counts = dict(pilots.order_by().values_list("unit__kind").annotate(n=Count("id", distinct=True)))
    labels = dict(Organisation.Kind.choices)
    return [
        {"code": kind, "name": str(labels[kind]), "pilots": counts[kind]}
        for kind in Organisation.UNIT_KINDS
        if counts.get(kind)
    ]


def _evaluations(feedback: QuerySet[Feedback]) -> dict[str, dict[str, Any]]:
    """Per side: how many evaluations, the average rating and how the questions were answered."""
    answers = {
        **{f"goals_{code}": Count("id", filter=Q(goals=code)) for code in Feedback.Goals.values},
        "again_yes": Count("id", filter=Q(again=True)),
        "again_no": Count("id", filter=Q(again=False)),
        **{f"faces_{code}": Count("id", filter=Q(faces=code)) for code in Feedback.Faces.values},
    }
    rows = {
        row["side"]: row
        for row in feedback.order_by().values("side").annotate(count=Count("id"), rating=Avg("rating"), **answers)
    }
    result = {}
    for side in SIDES:
        row = rows.get(side, {})
        result[side] = {
            "count": row.get("count", 0),
            "rating": round(row["rating"], 2) if row.get("rating") is not None else None,
            "goals": {code: row.get(f"goals_{code}", 0) for code in Feedback.Goals.values},
            "again": {"yes": row.get("again_yes", 0), "no": row.get("again_no", 0)},
            "faces": {code: row.get(f"faces_{code}", 0) for code in Feedback.Faces.values},
        }
    return result


def _offers(offers: QuerySet) -> dict[str, Any]:
    """The proactive offers of the municipality's confirmed rounds made in the period: the total, how many are
    still open (offered), accepted by both, declined or expired, and the share of the decided ones that both
    sides accepted (None before any is decided); one query."""
    counts = offers.aggregate(
        total=Count("pk"),
        **{state: Count("pk", filter=Q(status=state)) for state in Offer.Status.values},
    )
    decided = counts["accepted"] + counts["declined"] + counts["expired"]
    counts["rate"] = round(counts["accepted"] / decided, 3) if decided else None
    return counts


def report(*, actor: User, period: Period) -> dict[str, Any]:
    """The report for the actor's municipality over the period (403 for anyone but a coordinator)."""
    code = permissions.require_coordinator(actor)
    municipality = Municipality.objects.get(pk=code)
    serves = Q(municipalities=code) | Q(municipalities__isnull=True)
    pilots_in_period = period.scheduled(Pilot.objects.filter(municipality_id=code), "agreement__snapshot")
    taking_part = pilots_in_period.exclude(status=Pilot.Status.CANCELLED)
    signed = Agreement.objects.filter(period.created("signed_at"), municipality_id=code)
    median, signed_count = _median_days(signed)
    evaluations = _evaluations(
        period.scheduled(
            Feedback.objects.filter(pilot__municipality_id=code, pilot__status=Pilot.Status.COMPLETED),
            "pilot__agreement__snapshot",
        )
    )
    participants = taking_part.aggregate(companies=Count("company", distinct=True), units=Count("unit", distinct=True))
    providers = dict(taking_part.order_by().values_list("company__kind").annotate(n=Count("company", distinct=True)))
    return {
        "municipality": {"code": code, "name": municipality.name},
        "date_from": period.date_from.isoformat(),
        "date_to": period.date_to.isoformat(),
        "proposals": _by_state(Proposal.objects.filter(serves, period.overlaps()), Proposal.Status.values),
        "needs": _by_state(Need.objects.filter(period.overlaps(), municipality_id=code), Need.Status.values),
        "applications": _by_state(
            Application.objects.filter(period.created(), need__municipality_id=code), Application.Status.values
        ),
        "pilots": _by_state(pilots_in_period, Pilot.Status.values),
        "agreements": _by_state(
            period.scheduled(Agreement.objects.filter(municipality_id=code), "snapshot"), Agreement.Status.values
        ),
        "median_days_to_signed": median,
        "signed_agreements": signed_count,
        "by_subject": _breakdown(taking_part, "need__subjects"),
        "by_level": _breakdown(taking_part, "need__levels"),
        "by_language": _breakdown(taking_part, "need__language"),
        "by_unit_kind": _by_unit_kind(taking_part),
        "ratings": {side: evaluations[side]["rating"] for side in SIDES},
        "evaluations": evaluations,
        "companies": participants["companies"],
        "units": participants["units"],
        "providers": {kind: providers.get(kind, 0) for kind in Organisation.PROVIDER_KINDS},
        "proactive_offers": _offers(Offer.objects.filter(period.created(), pair__round__municipality_id=code)),
    }


def report_rows(data: dict[str, Any]) -> list[tuple[str, str, str, Any]]:
    """The report's figures as (section, code, name, value) rows, for the CSV export."""
    labels = {
        "proposals": dict(Proposal.Status.choices),
        "needs": dict(Need.Status.choices),
        "applications": dict(Application.Status.choices),
        "pilots": dict(Pilot.Status.choices),
        "agreements": dict(Agreement.Status.choices),
    }
    sides = {"school": _("the school"), "company": _("the provider")}
    kinds = dict(Organisation.Kind.choices)
    rows: list[tuple[str, str, str, Any]] = [
        ("municipality", data["municipality"]["code"], data["municipality"]["name"], ""),
        ("period", "date_from", _("from"), data["date_from"]),
        ("period", "date_to", _("to"), data["date_to"]),
    ]
    for section, states in labels.items():
        rows += [(section, state, str(states[state]), count) for state, count in data[section].items()]
    rows.append(("median_days_to_signed", "", _("median days from publication to signature"),
                 "" if data["median_days_to_signed"] is None else data["median_days_to_signed"]))  # fmt: skip
    rows.append(("signed_agreements", "", _("agreements signed"), data["signed_agreements"]))
    for section in ("by_subject", "by_level", "by_language", "by_unit_kind"):
        rows += [(section, item["code"], item["name"], item["pilots"]) for item in data[section]]
    for side, rating in data["ratings"].items():
        rows.append(("ratings", side, str(sides[side]), "" if rating is None else rating))
    for side, figures in data["evaluations"].items():
        rows.append((f"evaluations.{side}", "count", str(sides[side]), figures["count"]))
        for question in ("goals", "again", "faces"):
            rows += [(f"evaluations.{side}.{question}", answer, "", n) for answer, n in figures[question].items()]
    rows.append(("companies", "", _("providers taking part"), data["companies"]))
    rows.append(("units", "", _("units taking part"), data["units"]))
    rows += [("providers", kind, str(kinds[kind]), n) for kind, n in data["providers"].items()]
    offers = data["proactive_offers"]
    outcomes = dict(Offer.Status.choices)
    rows.append(("proactive_offers", "total", _("proactive offers made"), offers["total"]))
    rows += [("proactive_offers", state, str(outcomes[state]), offers[state]) for state in Offer.Status.values]
    rows.append(("proactive_offers", "rate", _("acceptance rate"), "" if offers["rate"] is None else offers["rate"]))
    return rows
