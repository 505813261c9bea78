"""Geometry of the report's indicator charts: bars per measured period with the
baseline and the target as horizontal lines. Pure data in SVG user units; the report
template draws it and shows the same numbers in a table beside it."""

from decimal import Decimal
from typing import Any

CHART_WIDTH = 480
CHART_HEIGHT = 200
CHART_LEFT = 56
CHART_RIGHT = 16
CHART_TOP = 16
CHART_BOTTOM = 40


def indicator_chart(values, baseline, target) -> dict[str, Any] | None:
    """Bars per measured period with baseline and target as horizontal lines, in SVG
    user units. Pure geometry: the template draws it, and the table beside it carries
    the same numbers for people who do not see the chart."""
    if not values:
        return None
    numbers = [v["value"] for v in values]
    marks = [n for n in (baseline, target) if n is not None]
    top = max([*numbers, *marks, Decimal(0)])
    bottom = min([*numbers, *marks, Decimal(0)])
    if top == bottom:
        top = bottom + 1
    plot_w = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    plot_h = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM

    def y(value: Decimal) -> float:
        return round(CHART_TOP + float((top - value) / (top - bottom)) * plot_h, 1)

    slot = plot_w / len(values)
    bar_w = round(min(48.0, slot * 0.6), 1)
    zero = y(Decimal(0))
    bars = []
    for index, row in enumerate(values):
        x = round(CHART_LEFT + slot * index + (slot - bar_w) / 2, 1)
        y_value = y(row["value"])
        bars.append(
            {
                "x": x,
                "y": min(y_value, zero),
                "width": bar_w,
                "height": max(round(abs(zero - y_value), 1), 1.0),
                "label_x": round(x + bar_w / 2, 1),
                "label": row["period_end"].year,
                "value": row["value"],
            }
        )

    def line(value, kind):
        if value is None:
            return None
        return {"y": y(value), "value": value, "kind": kind}

    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "right": CHART_WIDTH - CHART_RIGHT,
        "top": CHART_TOP,
        "bottom": CHART_HEIGHT - CHART_BOTTOM,
        "axis_label_y": CHART_HEIGHT - CHART_BOTTOM + 18,
        "zero_y": zero,
        "max_label": top,
        "min_label": bottom,
        "bars": bars,
        "baseline": line(baseline, "baseline"),
        "target": line(target, "target"),
    }
