"""The report as CSV: one row per figure (section, code, name, value), safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from typing import Any

from kyky.reports.selectors import report_rows

HEADER = ("section", "code", "name", "value")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """A text cell a spreadsheet would take for a formula is prefixed with an apostrophe (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def report_csv(data: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(tuple(_cell(cell) for cell in row) for row in report_rows(data))
    return out.getvalue()


def filename(data: dict[str, Any]) -> str:
    return f"kyky-report-{data['municipality']['code']}-{data['date_from']}-{data['date_to']}.csv"
