"""/coordinator/reports/: the municipality's figures for a period, as SVG charts with their tables, and as CSV."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contracts.models import Agreement
from frontend.charts import bar_chart
from frontend.forms import DateInput, add_service_errors
from frontend.pages import require_coordinator
from frontend.workflow_forms import PlainForm
from kyky.core.dates import human_date
from kyky.pilots.models import Pilot
from kyky.reports import export, selectors


class PeriodForm(PlainForm):
    """The period's two days; the rules (order, length) are the report's own (kyky.reports.selectors)."""

    date_from = forms.CharField(label=gettext_lazy("From"), required=False, widget=DateInput())
    date_to = forms.CharField(label=gettext_lazy("To"), required=False, widget=DateInput())


def _number(value) -> str:
    # number_format cuts decimals off; round first so that 4.67 reads 4,7.
    return formats.number_format(round(value, 1), decimal_pos=1) if isinstance(value, float) else str(value)


def _school_years(today) -> list[tuple[str, str]]:
    """Links to this school year's report and the previous one's: (label, query)."""
    this = selectors.default_period(today)
    links = []
    for start in (this.date_from.year, this.date_from.year - 1):
        query = f"date_from={start}-08-01&date_to={start + 1}-07-31"
        links.append((f"{start}–{start + 1}", query))
    return links


def _charts(data: dict) -> list:
    pilots_heading, count_heading = _("Pilots"), _("Number")
    breakdowns = [
        ("chart-by-subject", _("Pilots by subject"), "by_subject", _("Subject")),
        ("chart-by-level", _("Pilots by level"), "by_level", _("Level")),
        ("chart-by-language", _("Pilots by language of instruction"), "by_language", _("Language")),
        ("chart-by-unit-kind", _("Pilots by kind of unit"), "by_unit_kind", _("Kind of unit")),
    ]
    charts = []
    for slug, title, key, heading in breakdowns:
        rows = [
            (item["name"][:1].upper() + item["name"][1:], item["pilots"], str(item["pilots"])) for item in data[key]
        ]
        description = "; ".join(f"{label}: {shown}" for label, _value, shown in rows) or _("No pilots.")
        charts.append(bar_chart(slug, title, description, rows, label_heading=heading, value_heading=pilots_heading))
    sides = {"school": _("Schools and day-care centres"), "company": _("Providers")}
    rating_rows = [
        (sides[side], data["ratings"][side], _number(data["ratings"][side]) if data["ratings"][side] else "–")
        for side in ("school", "company")
    ]
    charts.append(
        bar_chart(
            "chart-ratings",
            _("Average rating by side"),
            "; ".join(f"{label}: {shown} / 5" for label, _value, shown in rating_rows),
            rating_rows,
            label_heading=_("Side"),
            value_heading=_("Average rating (1–5)"),
            maximum=5,
        )
    )
    for slug, title, key, states in (
        ("chart-pilots", _("Pilots by state"), "pilots", dict(Pilot.Status.choices)),
        ("chart-agreements", _("Agreements by state"), "agreements", dict(Agreement.Status.choices)),
    ):
        rows = [(str(states[state]).capitalize(), count, str(count)) for state, count in data[key].items()]
        description = "; ".join(f"{label}: {shown}" for label, _value, shown in rows)
        charts.append(bar_chart(slug, title, description, rows, label_heading=_("State"), value_heading=count_heading))
    return charts


def _state_tables(data: dict) -> list:
    from kyky.pilots.models import Application, Need, Proposal

    tables = [
        (_("Pilot offers"), "proposals", Proposal.Status.choices),
        (_("Learning needs"), "needs", Need.Status.choices),
        (_("Applications"), "applications", Application.Status.choices),
        (_("Pilots"), "pilots", Pilot.Status.choices),
        (_("Agreements"), "agreements", Agreement.Status.choices),
    ]
    return [
        (title, key, [(str(label).capitalize(), data[key][state]) for state, label in choices])
        for title, key, choices in tables
    ]


@login_required
def reports(request):
    member = require_coordinator(request.user)
    form = PeriodForm(request.GET or None)
    try:
        period = selectors.parse_period(request.GET.get("date_from"), request.GET.get("date_to"))
    except ValidationError as exc:
        form.is_valid()
        add_service_errors(form, exc)
        context = {"form": form, "municipality": member.organisation.municipality, "data": None}
        return render(request, "frontend/coordinator/reports.html", context, status=400)
    data = selectors.report(actor=request.user, period=period)
    if request.GET.get("format") == "csv":
        response = HttpResponse(export.report_csv(data), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{export.filename(data)}"'
        response["Cache-Control"] = "private, no-store"
        return response
    if not request.GET:
        form = PeriodForm(initial={"date_from": data["date_from"], "date_to": data["date_to"]})
    taking_part = sum(count for state, count in data["pilots"].items() if state != Pilot.Status.CANCELLED)
    context = {
        "form": form,
        "data": data,
        "municipality": data["municipality"]["name"],
        "period": f"{human_date(period.date_from)} – {human_date(period.date_to)}",
        "taking_part": taking_part,
        "charts": _charts(data),
        "states": _state_tables(data),
        "evaluations": [
            (_("Schools and day-care centres"), data["evaluations"]["school"]),
            (_("Providers"), data["evaluations"]["company"]),
        ],
        "csv_query": f"date_from={data['date_from']}&date_to={data['date_to']}&format=csv",
        "school_years": _school_years(timezone.localdate()),
    }
    return render(request, "frontend/coordinator/reports.html", context)
