"""Bar charts drawn on the server as SVG, for the dashboards and the printed reports.

The geometry is worked out here, so a template only draws it; each chart is followed on the page by
a table of the same figures and a sentence saying what they show. Shared by the termly dashboard and
reports (governance) and the inclusion partnerships' dashboard (support), so there is one way of
drawing a chart. The figure beside each bar is the one the builder wrote with partnership.figures,
so a chart rounds as its table does.
"""

from __future__ import annotations

from partnership.figures import bar_text

BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 220
PLOT_WIDTH = 380
VALUE_WIDTH = 70  # at least; wider where a figure is written in words ("more than 99%")
CHARACTER_WIDTH = 8  # room for one character of the figure beside a bar, at the font size drawn


def chart_geometry(chart: dict, *, key: str) -> dict:
    """Bars for an SVG chart: positions and widths worked out here, so the template only draws."""
    values = [float(v or 0) for v in chart.get("values", [])]
    biggest = max(values, default=0) or 1
    unit = chart.get("unit", "")
    # The figures as the tables show them (partnership.figures); a chart stored without them, in a
    # report made before decision 0022, is labelled from its values as it was then.
    texts = chart.get("shown") or [bar_text(value, unit) for value in values]
    bars = []
    for index, (label, value, shown) in enumerate(zip(chart.get("labels", []), values, texts, strict=False)):
        y = index * (BAR_HEIGHT + BAR_GAP)
        bars.append(
            {
                "label": label,
                "y": y,
                "text_y": y + BAR_HEIGHT * 0.7,
                "width": round(PLOT_WIDTH * value / biggest, 1),
                "value_x": LABEL_WIDTH + round(PLOT_WIDTH * value / biggest, 1) + 6,
                "shown": shown,
            }
        )
    value_width = max([VALUE_WIDTH] + [CHARACTER_WIDTH * len(bar["shown"]) + 6 for bar in bars])
    return {
        "id": f"chart-{key}",
        "title": chart.get("title", ""),
        "unit": unit,
        "bars": bars,
        "label_width": LABEL_WIDTH,
        "label_x": LABEL_WIDTH - 8,
        "width": LABEL_WIDTH + PLOT_WIDTH + value_width,
        "height": max(len(bars) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT),
        "bar_height": BAR_HEIGHT,
        "description": "; ".join(f"{bar['label']}: {bar['shown']}" for bar in bars),
    }
