"""Bar charts drawn on the server as SVG: no chart library, nothing loaded from elsewhere.

Each chart is a figure with a title and a description (the SVG's accessible name and description) and the
same figures as a table. The SVG uses presentation attributes and classes only (no style attributes), so
it is fine under a Content-Security-Policy of style-src 'self'; its colours come from kyky.css.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH = 420  # viewBox units; the SVG scales to the column's width
ROW = 50
BAR_MAX = 330
TOP = 6


@dataclass
class Bar:
    label: str
    value: float
    shown: str  # the value as the table prints it
    y: int = 0
    width: float = 0.0

    @property
    def label_y(self) -> int:
        return self.y + 18

    @property
    def bar_y(self) -> int:
        return self.y + 25

    @property
    def value_x(self) -> float:
        return round(self.width + 8, 1)

    @property
    def value_y(self) -> int:
        return self.y + 39


@dataclass
class Chart:
    slug: str
    title: str
    description: str
    label_heading: str
    value_heading: str
    bars: list[Bar] = field(default_factory=list)

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def height(self) -> int:
        return TOP * 2 + ROW * len(self.bars)


def bar_chart(
    slug: str,
    title: str,
    description: str,
    rows: list[tuple[str, float | int | None, str]],
    *,
    label_heading: str,
    value_heading: str,
    maximum: float | None = None,
) -> Chart:
    """A horizontal bar chart of (label, value, value as shown); `maximum` fixes the scale (5 for ratings)."""
    values = [value or 0 for _label, value, _shown in rows]
    top = maximum or max(values, default=0) or 1
    chart = Chart(slug, title, description, label_heading, value_heading)
    for index, (label, value, shown) in enumerate(rows):
        width = round(BAR_MAX * (value or 0) / top, 1)
        chart.bars.append(Bar(label, value or 0, shown, y=TOP + index * ROW, width=max(width, 0.0)))
    return chart
