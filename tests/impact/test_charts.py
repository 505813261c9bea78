"""Chart geometry: plain numbers in, coordinates out, no Django."""

import ast
from decimal import Decimal
from pathlib import Path

import pytest

from motesplats.impact import charts


def test_charts_import_no_django():
    tree = ast.parse(Path(charts.__file__).read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert imported <= {"__future__", "collections", "dataclasses", "decimal"}


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 100, ["0", "50", "100"]),
        (0, 1, ["0.0", "0.5", "1.0"]),
        (Decimal("0.8"), Decimal("3.45"), ["0", "1", "2", "3", "4"]),
        (-30, 120, ["-50", "0", "50", "100", "150"]),
        (0, 1_000_000, ["0", "500000", "1000000"]),
    ],
)
def test_nice_ticks_are_round_and_cover_the_range(low, high, expected):
    ticks = charts.nice_ticks(low, high)
    assert [str(t) for t in ticks] == expected
    assert ticks[0] <= Decimal(str(low))
    assert ticks[-1] >= Decimal(str(high))


def test_nice_ticks_equal_ends_get_a_range():
    assert charts.nice_ticks(5, 5)[0] < 5 < charts.nice_ticks(5, 5)[-1]
    assert charts.nice_ticks(0, 0)[0] < 0 < charts.nice_ticks(0, 0)[-1]


def test_nice_ticks_handle_huge_totals():
    ticks = charts.nice_ticks(0, Decimal("9" * 30))
    assert ticks[-1] >= Decimal("9" * 30)
    assert "E" not in str(ticks[-1])


def test_bar_chart_places_positive_and_negative_bars_around_zero():
    chart = charts.bar_chart([("1", 100), ("2", -50), ("3", 0)])
    assert chart.area.bottom == chart.height - 40
    first, second, third = chart.bars
    # 100 reaches the top of the plot area; the axis runs from -50 to 100.
    assert first.y == chart.area.top
    assert first.y + first.height == chart.zero_y
    assert second.negative
    assert second.y == chart.zero_y
    assert second.height == pytest.approx(first.height / 2, abs=0.01)
    assert third.height == 0
    # Bars are left to right, equally wide, inside the plot area.
    assert first.x < second.x < third.x
    assert {bar.width for bar in chart.bars} == {first.width}
    assert chart.area.left <= first.x
    assert third.x + third.width <= chart.area.right
    assert [t.value for t in chart.ticks] == [-50, 0, 50, 100]
    assert chart.ticks[0].position == chart.area.bottom


def test_bar_chart_thins_labels_when_there_are_many_bars():
    chart = charts.bar_chart([(str(year), year) for year in range(1, 101)])
    assert chart.label_every > 1
    assert charts.bar_chart([("1", 1)] * 5).label_every == 1


def test_tornado_bars_start_at_the_base():
    chart = charts.tornado([("a", Decimal("1.2"), Decimal("3.4")), ("b", 2, 2)], 2.5)
    a, b = chart.rows
    assert a.low_x + a.low_width == chart.base_x  # low result left of the base
    assert a.high_x == chart.base_x  # high result right of it
    assert a.high_x + a.high_width > chart.base_x
    # When the result moves the same way for low and high, both bars share a side.
    assert b.low_x == b.high_x
    assert b.low_x + b.low_width == chart.base_x
    assert a.y < b.y
    assert chart.height == 8 + 48 * 2 + 32
    assert chart.ticks[0].value <= Decimal("1.2")
    assert chart.ticks[-1].value >= Decimal("3.4")


def test_tornado_row_that_does_not_move_has_zero_width():
    chart = charts.tornado([("flat", 2, 2)], 2)
    assert chart.rows[0].low_width == 0
    assert chart.rows[0].high_width == 0


def test_line_chart_maps_probabilities_on_a_fixed_axis():
    chart = charts.line_chart(
        [(0, Decimal("0.1")), (500_000, Decimal("0.6")), (1_000_000, Decimal("0.9"))],
        y_range=(0, 1),
    )
    first, middle, last = chart.points
    assert first.x == chart.area.left
    assert last.x == chart.area.right
    assert middle.x == pytest.approx((chart.area.left + chart.area.right) / 2)
    assert chart.y_ticks[0].position == chart.area.bottom
    assert chart.y_ticks[-1].position == chart.area.top
    assert first.y > middle.y > last.y  # higher probability is higher up
    assert chart.polyline.split()[0] == f"{first.x},{first.y}"


@pytest.mark.parametrize(
    "call",
    [
        lambda: charts.bar_chart([]),
        lambda: charts.tornado([], 1),
        lambda: charts.line_chart([]),
        lambda: charts.bar_chart([("x", float("nan"))]),
        lambda: charts.bar_chart([("x", "12")]),
        lambda: charts.bar_chart([("x", True)]),
    ],
)
def test_bad_input_is_a_value_error(call):
    with pytest.raises(ValueError, match=r"chart|needs"):
        call()
