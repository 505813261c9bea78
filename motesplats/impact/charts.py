"""Geometry for the impact charts, as plain data for templates to draw as SVG.

No Django and no drawing here: each function takes numbers and returns frozen
dataclasses with coordinates in the chart's own user space (``viewBox="0 0 width
height"``), rounded to two decimals. Templates draw the shapes, give them CSS classes
for colour, and show the same numbers in a data table as the text equivalent.

* :func:`bar_chart` - one vertical bar per item (e.g. per year), negative values below
  the zero line;
* :func:`tornado` - one-way sensitivity: per assumption, a bar from the base result to
  the result at the assumption's low value and one to its high value, widest first as
  given;
* :func:`line_chart` - a polyline through (x, y) points, e.g. a cost-effectiveness
  acceptability curve (probability 0-1 against willingness to pay).

Tick values are exact decimals (1, 2 or 5 times a power of ten) so that labels can be
formatted for the reader's language without rounding surprises.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext

Number = Decimal | int | float

__all__ = [
    "Bar",
    "BarChart",
    "LineChart",
    "PlotArea",
    "Tick",
    "Tornado",
    "TornadoRow",
    "bar_chart",
    "line_chart",
    "nice_ticks",
    "tornado",
]


# --------------------------------------------------------------------------- scales


@dataclass(frozen=True)
class Tick:
    """An axis mark: ``value`` in data units, ``position`` in chart units (y for a
    vertical axis, x for a horizontal one)."""

    value: Decimal
    position: float


@dataclass(frozen=True)
class PlotArea:
    """The rectangle inside the axes."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return round(self.right - self.left, 2)

    @property
    def height(self) -> float:
        return round(self.bottom - self.top, 2)


def _dec(value: Number) -> Decimal:
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool):
        raise ValueError("chart values must be numbers, not booleans")
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    else:
        raise ValueError(f"chart values must be numbers, got {type(value).__name__}")
    if not result.is_finite():
        raise ValueError("chart values must be finite")
    return result


def _round(value: float) -> float:
    return round(float(value), 2) + 0.0  # + 0.0 turns -0.0 into 0.0


def nice_ticks(low: Number, high: Number, count: int = 5) -> tuple[Decimal, ...]:
    """About ``count`` evenly spaced round values covering ``low``..``high``.

    The step is 1, 2 or 5 times a power of ten; the first tick is at or below ``low``
    and the last at or above ``high``. Equal ends get a range around them."""
    with localcontext() as context:
        context.prec = 60  # room for totals of long, large value maps
        return _nice_ticks(_dec(low), _dec(high), count)


def _nice_ticks(lo: Decimal, hi: Decimal, count: int) -> tuple[Decimal, ...]:
    if lo > hi:
        lo, hi = hi, lo
    if lo == hi:
        spread = abs(lo) if lo else Decimal(1)
        lo, hi = lo - spread, hi + spread
    count = max(2, int(count))
    raw = (hi - lo) / (count - 1)
    exponent = raw.adjusted()
    step = Decimal(1).scaleb(exponent)
    for factor in (1, 2, 5, 10):
        if Decimal(factor) * step >= raw:
            step = Decimal(factor) * step
            break
    start = (lo / step).to_integral_value(rounding="ROUND_FLOOR") * step
    end = (hi / step).to_integral_value(rounding="ROUND_CEILING") * step
    ticks = []
    value = start
    while value <= end:
        # Plain notation for labels: 200, not 2E+2; 0.4, not 0.40000.
        whole = step == step.to_integral_value()
        places = Decimal(1) if whole else step
        ticks.append(value.quantize(places))
        value += step
    return tuple(ticks)


def _scale(lo: Decimal, hi: Decimal, start: float, end: float):
    """A linear map from data lo..hi to chart start..end."""
    span = float(hi - lo) or 1.0

    def position(value: Number) -> float:
        return _round(start + (float(_dec(value) - lo) / span) * (end - start))

    return position


# --------------------------------------------------------------------------- bars


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    x: float
    y: float
    width: float
    height: float
    negative: bool
    label_x: float  # centre of the bar, for the label under the axis


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    area: PlotArea
    zero_y: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]  # y-axis
    label_y: float  # baseline of the category labels
    label_every: int  # draw every n-th category label so that they do not overlap


def bar_chart(
    items: Sequence[tuple[str, Number]],
    *,
    width: int = 640,
    height: int = 320,
    left: int = 88,
    top: int = 16,
    right: int = 16,
    bottom: int = 40,
    gap: float = 0.2,
) -> BarChart:
    """Vertical bars for ``(label, value)`` items, left to right in the given order.

    The y-axis always includes zero; bars of negative values hang below the zero line
    and are flagged ``negative``. ``gap`` is the share of each slot left empty."""
    if not items:
        raise ValueError("a bar chart needs at least one item")
    values = [_dec(value) for _, value in items]
    ticks = nice_ticks(min(min(values), Decimal(0)), max(max(values), Decimal(0)))
    area = PlotArea(left, top, width - right, height - bottom)
    y_of = _scale(ticks[0], ticks[-1], area.bottom, area.top)
    zero_y = y_of(0)
    slot = (area.right - area.left) / len(items)
    bar_width = _round(slot * (1 - gap))
    bars = []
    for index, ((label, _), value) in enumerate(zip(items, values, strict=True)):
        x = area.left + slot * index + slot * gap / 2
        y = y_of(value)
        bars.append(
            Bar(
                label=str(label),
                value=value,
                x=_round(x),
                y=min(y, zero_y),
                width=bar_width,
                height=_round(abs(zero_y - y)),
                negative=value < 0,
                label_x=_round(x + bar_width / 2),
            )
        )
    # Room for a label of about six characters at 12 user units each.
    label_every = max(1, int(-(-(len(items) * 48) // (area.right - area.left))))
    return BarChart(
        width=width,
        height=height,
        area=area,
        zero_y=zero_y,
        bars=tuple(bars),
        ticks=tuple(Tick(value, y_of(value)) for value in ticks),
        label_y=_round(area.bottom + 24),
        label_every=label_every,
    )


# --------------------------------------------------------------------------- tornado


@dataclass(frozen=True)
class TornadoRow:
    label: str
    low: Decimal  # result with the assumption at its low value
    high: Decimal  # result with the assumption at its high value
    y: float  # top of the bars
    label_y: float  # baseline of the row's label, above its bars
    low_x: float
    low_width: float
    high_x: float
    high_width: float


@dataclass(frozen=True)
class Tornado:
    width: int
    height: int
    area: PlotArea
    base: Decimal
    base_x: float
    bar_height: float
    rows: tuple[TornadoRow, ...]
    ticks: tuple[Tick, ...]  # x-axis


def tornado(
    rows: Sequence[tuple[str, Number, Number]],
    base: Number,
    *,
    width: int = 640,
    row_height: int = 48,
    bar_height: int = 18,
    left: int = 16,
    right: int = 24,
    top: int = 8,
    bottom: int = 32,
) -> Tornado:
    """A tornado diagram for ``(label, result_at_low, result_at_high)`` rows, drawn top
    to bottom in the given order (pass them widest swing first).

    Each row has a label line and under it two bars starting at ``base``: one to the
    result at the low value of the assumption and one to the result at the high value
    (a bar has zero width when the result does not move)."""
    if not rows:
        raise ValueError("a tornado needs at least one row")
    base_value = _dec(base)
    lows = [_dec(low) for _, low, _ in rows]
    highs = [_dec(high) for _, _, high in rows]
    ticks = nice_ticks(
        min([*lows, *highs, base_value]), max([*lows, *highs, base_value])
    )
    height = top + row_height * len(rows) + bottom
    area = PlotArea(left, top, width - right, height - bottom)
    x_of = _scale(ticks[0], ticks[-1], area.left, area.right)
    base_x = x_of(base_value)
    drawn = []
    for index, ((label, _, _), low, high) in enumerate(
        zip(rows, lows, highs, strict=True)
    ):
        row_top = top + row_height * index
        low_x, high_x = x_of(low), x_of(high)
        drawn.append(
            TornadoRow(
                label=str(label),
                low=low,
                high=high,
                y=_round(row_top + row_height - bar_height - 4),
                label_y=_round(row_top + row_height - bar_height - 12),
                low_x=min(low_x, base_x),
                low_width=_round(abs(low_x - base_x)),
                high_x=min(high_x, base_x),
                high_width=_round(abs(high_x - base_x)),
            )
        )
    return Tornado(
        width=width,
        height=height,
        area=area,
        base=base_value,
        base_x=base_x,
        bar_height=bar_height,
        rows=tuple(drawn),
        ticks=tuple(Tick(value, x_of(value)) for value in ticks),
    )


# --------------------------------------------------------------------------- line


@dataclass(frozen=True)
class LinePoint:
    x_value: Decimal
    y_value: Decimal
    x: float
    y: float


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    area: PlotArea
    points: tuple[LinePoint, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]

    @property
    def polyline(self) -> str:
        """The ``points`` attribute of an SVG polyline."""
        return " ".join(f"{point.x},{point.y}" for point in self.points)


def line_chart(
    points: Sequence[tuple[Number, Number]],
    *,
    y_range: tuple[Number, Number] | None = None,
    width: int = 640,
    height: int = 320,
    left: int = 56,
    top: int = 16,
    right: int = 24,
    bottom: int = 40,
) -> LineChart:
    """A line through ``(x, y)`` points in the given order. ``y_range`` fixes the
    y-axis (e.g. ``(0, 1)`` for probabilities); otherwise it is fitted to the data."""
    if not points:
        raise ValueError("a line chart needs at least one point")
    xs = [_dec(x) for x, _ in points]
    ys = [_dec(y) for _, y in points]
    x_ticks = nice_ticks(min(xs), max(xs))
    if y_range is None:
        y_ticks = nice_ticks(min(ys), max(ys))
    else:
        y_ticks = nice_ticks(_dec(y_range[0]), _dec(y_range[1]))
    area = PlotArea(left, top, width - right, height - bottom)
    x_of = _scale(x_ticks[0], x_ticks[-1], area.left, area.right)
    y_of = _scale(y_ticks[0], y_ticks[-1], area.bottom, area.top)
    return LineChart(
        width=width,
        height=height,
        area=area,
        points=tuple(
            LinePoint(x, y, x_of(x), y_of(y)) for x, y in zip(xs, ys, strict=True)
        ),
        x_ticks=tuple(Tick(value, x_of(value)) for value in x_ticks),
        y_ticks=tuple(Tick(value, y_of(value)) for value in y_ticks),
    )
