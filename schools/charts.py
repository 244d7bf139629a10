"""Accessible line charts drawn as SVG on the server: no JavaScript, and always with a data table."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT = 560, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 40, 16, 40


@dataclass
class Series:
    name: str
    points: list[tuple[float, float]]
    css: str
    dashed: bool = False

    @property
    def path(self) -> str:
        return " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(self.points))


def line_chart(trend, *, unit: str = "") -> dict | None:
    """Geometry for a chart of the school beside the LA average, year by year.

    `trend` is a list of TrendPoint (year, school, la). Missing values leave gaps in neither line:
    a year with no figure is simply not drawn, and the table says "No figure".
    """
    values = [Decimal(v) for p in trend for v in (p.school, p.la) if v is not None]
    if not values:
        return None
    low, high = min(values), max(values)
    if unit == "%":
        low, high = Decimal(0), Decimal(100)
    elif low == high:
        low, high = low - 1, high + 1
    else:
        pad = (high - low) * Decimal("0.1")
        low, high = low - pad, high + pad
    years = [p.year for p in trend]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(index: int) -> float:
        return LEFT + (plot_w * index / (len(years) - 1) if len(years) > 1 else plot_w / 2)

    def y(value) -> float:
        return TOP + plot_h * float((high - Decimal(value)) / (high - low))

    school = Series(
        "This school",
        [(x(i), y(p.school)) for i, p in enumerate(trend) if p.school is not None],
        "app-chart__school",
    )
    la = Series(
        "LA average",
        [(x(i), y(p.la)) for i, p in enumerate(trend) if p.la is not None],
        "app-chart__la",
        dashed=True,
    )
    ticks = [low + (high - low) * Decimal(i) / 4 for i in range(5)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "series": [s for s in (school, la) if s.points],
        "x_labels": [{"x": x(i), "label": f"{year - 1}/{str(year)[2:]}"} for i, year in enumerate(years)],
        "y_ticks": [{"y": y(t), "label": f"{t:.0f}{unit}" if unit == "%" else f"{t:.1f}"} for t in ticks],
        "plot_left": LEFT,
        "plot_right": WIDTH - RIGHT,
        "plot_bottom": HEIGHT - BOTTOM,
    }
