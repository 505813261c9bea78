"""The theory-of-change layout: columns in causal order, wrapped titles, arrows for
links to the next column, over columns and within one; deterministic; no Django."""

import ast
import itertools
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from motesplats.impact import diagram
from motesplats.impact.diagram import Step, layout, wrap

LEVELS = [
    ("input", "Input"),
    ("activity", "Activity"),
    ("output", "Output"),
    ("outcome", "Outcome"),
    ("impact", "Lasting impact"),
]


def boxes_by_id(d):
    return {b.id: b for b in d.boxes}


def test_no_steps_gives_five_empty_columns():
    d = layout(LEVELS, [], [])
    assert [c.level for c in d.columns] == [k for k, _ in LEVELS]
    assert all(c.empty for c in d.columns)
    assert d.boxes == ()
    assert d.arrows == ()
    assert d.width > 5 * diagram.BOX_WIDTH
    assert d.view_box == f"0 0 {d.width} {d.height}"


def test_columns_are_in_causal_order_left_to_right():
    steps = [Step(5, "impact", "Lasting"), Step(1, "input", "Money")]
    d = layout(LEVELS, steps, [])
    boxes = boxes_by_id(d)
    assert boxes[1].x < boxes[5].x
    xs = [c.x for c in d.columns]
    assert xs == sorted(xs)


def test_many_steps_stack_without_overlap_and_grow_the_height():
    few = layout(LEVELS, [Step(1, "outcome", "A")], [])
    steps = [Step(i, "outcome", f"Outcome {i}") for i in range(12)]
    d = layout(LEVELS, steps, [])
    boxes = sorted(d.boxes, key=lambda b: b.y)
    for upper, lower in itertools.pairwise(boxes):
        assert upper.y + upper.height < lower.y
    assert d.height > few.height
    assert all(b.y + b.height <= d.height for b in d.boxes)


def test_long_titles_wrap_and_end_with_an_ellipsis():
    lines = wrap("ord " * 60)
    assert len(lines) == diagram.MAX_LINES
    assert lines[-1].endswith("…")
    assert all(len(line) <= diagram.CHARS_PER_LINE for line in lines)
    assert wrap("Kort") == ["Kort"]
    assert wrap("") == [""]
    unbroken = wrap("x" * 100)
    assert all(len(line) <= diagram.CHARS_PER_LINE for line in unbroken)


def test_box_height_follows_its_lines():
    d = layout(LEVELS, [Step(1, "input", "a " * 30), Step(2, "input", "b")], [])
    boxes = boxes_by_id(d)
    assert boxes[1].height > boxes[2].height
    assert len(boxes[1].lines) > 1


def test_link_to_the_next_column_is_a_curve_between_the_edges():
    d = layout(LEVELS, [Step(1, "input", "A"), Step(2, "activity", "B")], [(1, 2)])
    (arrow,) = d.arrows
    boxes = boxes_by_id(d)
    assert arrow.kind == "next"
    assert arrow.d.startswith(f"M {boxes[1].right} {boxes[1].middle} C ")
    assert arrow.d.endswith(f"{boxes[2].x - diagram.ARROW_ROOM} {boxes[2].middle}")


def test_link_skipping_levels_runs_under_the_boxes():
    steps = [Step(1, "input", "A"), Step(2, "activity", "B"), Step(3, "impact", "C")]
    d = layout(LEVELS, steps, [(1, 3), (1, 2)])
    skip = next(a for a in d.arrows if a.kind == "skip")
    lowest = max(b.y + b.height for b in d.boxes)
    lane_y = int(skip.d.split(" V ")[1].split()[0])
    assert lane_y > lowest
    assert lane_y < d.height


def test_each_skipping_link_gets_its_own_lane():
    steps = [Step(1, "input", "A"), Step(2, "output", "B"), Step(3, "impact", "C")]
    one = layout(LEVELS, steps, [(1, 3)])
    two = layout(LEVELS, steps, [(1, 3), (1, 2)])
    lanes = {a.d.split(" V ")[1].split()[0] for a in two.arrows}
    assert len(lanes) == 2
    assert two.height > one.height


def test_link_within_a_level_bends_out_to_the_right():
    steps = [Step(1, "outcome", "Short"), Step(2, "outcome", "Long")]
    d = layout(LEVELS, steps, [(1, 2)])
    (arrow,) = d.arrows
    assert arrow.kind == "within"
    boxes = boxes_by_id(d)
    assert arrow.d.startswith(f"M {boxes[1].right} {boxes[1].middle} H ")
    last = layout(LEVELS, [Step(1, "impact", "a"), Step(2, "impact", "b")], [(1, 2)])
    assert last.width > layout(LEVELS, [Step(1, "impact", "a")], []).width


def test_unknown_steps_levels_and_duplicates_are_left_out():
    steps = [Step(1, "input", "A"), Step(1, "input", "again"), Step(2, "nope", "X")]
    d = layout(LEVELS, steps, [(1, 2), (1, 99), (1, 1)])
    assert [b.id for b in d.boxes] == [1]
    assert d.arrows == ()


def test_layout_is_deterministic():
    steps = [Step(i, LEVELS[i % 5][0], f"Steg {i}") for i in range(15)]
    links = [(i, i + 1) for i in range(14)]
    assert layout(LEVELS, steps, links) == layout(LEVELS, steps, links)


def test_diagram_module_imports_no_django():
    tree = ast.parse(Path(diagram.__file__).read_text())
    names = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ] + [
        node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    ]
    assert not [n for n in names if n.startswith("django") or "motesplats" in n]


@given(
    st.lists(
        st.tuples(st.sampled_from([k for k, _ in LEVELS]), st.text(max_size=300)),
        max_size=25,
    ),
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=40),
)
def test_any_input_gives_a_diagram_inside_its_frame(steps, links):
    d = layout(LEVELS, [Step(i, lvl, t) for i, (lvl, t) in enumerate(steps)], links)
    for box in d.boxes:
        assert box.x >= 0
        assert box.x + box.width <= d.width
        assert box.y + box.height <= d.height
        assert len(box.lines) <= diagram.MAX_LINES
    for arrow in d.arrows:
        numbers = [int(p) for p in arrow.d.split() if p.lstrip("-").isdigit()]
        assert all(0 <= n <= max(d.width, d.height) for n in numbers)
