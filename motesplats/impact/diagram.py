"""The layout of a theory-of-change diagram: where boxes and arrows go (no Django).

Steps stand in columns, one per level in causal order (inputs on the left, lasting
impact on the right), in the order given. Arrows:

- to the next column: a smooth curve from the right edge of one box to the left edge
  of the other;
- over one or more columns (or, should one exist, backwards): along a lane of its own
  under the boxes, so that it never crosses a box;
- within a column (a short-term outcome leading to a long-term one): out to the right
  of the column and back in, each such link a little further out.

Titles are wrapped to the box width; a title longer than `MAX_LINES` ends with "…"
(the full title stays in the box's `title`). The layout is deterministic: the same
steps and links always give the same figures, all whole numbers.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

MARGIN = 12
HEADER = 36  # room for the column headings
BOX_WIDTH = 168
COLUMN_GAP = 64  # room between columns for the arrows
BOX_GAP = 16
PADDING = 10
LINE_HEIGHT = 16
CHARS_PER_LINE = 22
MAX_LINES = 4
LANE_GAP = 12  # distance between the lanes of arrows that skip columns
SIDE_STEP = 8  # how much further out each arrow within a column goes
ARROW_ROOM = 4  # the arrowhead ends this far from the box edge
EMPTY_HEIGHT = 2 * PADDING + LINE_HEIGHT


@dataclass(frozen=True)
class Step:
    id: int
    level: str
    title: str


@dataclass(frozen=True)
class Line:
    text: str
    x: int
    y: int


@dataclass(frozen=True)
class Box:
    id: int
    level: str
    title: str
    x: int
    y: int
    width: int
    height: int
    lines: tuple[Line, ...]

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def middle(self) -> int:
        return self.y + self.height // 2


@dataclass(frozen=True)
class Column:
    level: str
    label: str
    x: int
    width: int
    center: int
    empty: bool


@dataclass(frozen=True)
class Arrow:
    source: int
    target: int
    kind: str  # "next", "skip" or "within"
    d: str  # the SVG path
    right: int = 0  # the furthest point to the right the path reaches


@dataclass(frozen=True)
class Diagram:
    width: int
    height: int
    columns: tuple[Column, ...]
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...] = field(default=())

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def wrap(title: str, *, width: int = CHARS_PER_LINE, max_lines: int = MAX_LINES):
    """The title in lines of at most `width` characters; at most `max_lines` lines,
    the last ending in "…" when the title did not fit."""
    words = " ".join(str(title).split())
    lines = textwrap.wrap(words, width=width, break_long_words=True) or [""]
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    kept[-1] = kept[-1][: width - 1].rstrip() + "…"
    return kept


def _column_x(index: int) -> int:
    return MARGIN + index * (BOX_WIDTH + COLUMN_GAP)


def layout(
    levels: Sequence[tuple[str, str]],
    steps: Iterable[Step],
    links: Iterable[tuple[int, int]],
) -> Diagram:
    """Place `steps` (in their given order within a level) in one column per level
    of `levels` ((key, label) in causal order) and route `links` (source id, target
    id). Steps of unknown levels and links to unknown steps are left out."""
    column_of = {key: i for i, (key, _label) in enumerate(levels)}
    boxes: dict[int, Box] = {}
    column_bottom = [HEADER + MARGIN] * len(levels)
    for step in steps:
        index = column_of.get(step.level)
        if index is None or step.id in boxes:
            continue
        lines = wrap(step.title)
        x, y = _column_x(index), column_bottom[index]
        height = 2 * PADDING + len(lines) * LINE_HEIGHT
        boxes[step.id] = Box(
            id=step.id,
            level=step.level,
            title=step.title,
            x=x,
            y=y,
            width=BOX_WIDTH,
            height=height,
            lines=tuple(
                Line(
                    text=text,
                    x=x + PADDING,
                    y=y + PADDING + (n + 1) * LINE_HEIGHT - 4,
                )
                for n, text in enumerate(lines)
            ),
        )
        column_bottom[index] = y + height + BOX_GAP
    columns = tuple(
        Column(
            level=key,
            label=label,
            x=_column_x(i),
            width=BOX_WIDTH,
            center=_column_x(i) + BOX_WIDTH // 2,
            empty=column_bottom[i] == HEADER + MARGIN,
        )
        for i, (key, label) in enumerate(levels)
    )
    # An empty column keeps room for its "nothing yet" note.
    content_bottom = max(
        [HEADER + MARGIN + EMPTY_HEIGHT]
        + [box.y + box.height for box in boxes.values()]
    )
    arrows, lanes = _route(boxes, column_of, links, content_bottom)
    width = _column_x(len(levels) - 1) + BOX_WIDTH + MARGIN if levels else 2 * MARGIN
    # Arrows that bend out to the right of the last column widen the frame.
    width = max([width] + [a.right + MARGIN for a in arrows])
    height = content_bottom + MARGIN + lanes * LANE_GAP
    return Diagram(
        width=width,
        height=height,
        columns=columns,
        boxes=tuple(boxes.values()),
        arrows=tuple(arrows),
    )


def _max_side() -> int:
    return (COLUMN_GAP - 2 * ARROW_ROOM) // SIDE_STEP - 1


def _route(boxes, column_of, links, content_bottom):
    arrows: list[Arrow] = []
    lanes = 0
    within_count: dict[int, int] = {}
    seen: set[tuple[int, int]] = set()
    for source_id, target_id in links:
        source, target = boxes.get(source_id), boxes.get(target_id)
        if source is None or target is None or source_id == target_id:
            continue
        if (source_id, target_id) in seen:
            continue
        seen.add((source_id, target_id))
        gap = column_of[target.level] - column_of[source.level]
        if gap == 1:
            arrows.append(_curve(source, target))
        elif gap == 0:
            column = column_of[source.level]
            k = within_count.get(column, 0) % _max_side()
            within_count[column] = k + 1
            arrows.append(_within(source, target, k))
        else:
            lanes += 1
            arrows.append(_lane(source, target, content_bottom + lanes * LANE_GAP))
    return arrows, lanes


def _curve(source: Box, target: Box) -> Arrow:
    sx, sy = source.right, source.middle
    ex, ey = target.x - ARROW_ROOM, target.middle
    bend = (ex - sx) // 2
    return Arrow(
        source=source.id,
        target=target.id,
        kind="next",
        d=f"M {sx} {sy} C {sx + bend} {sy} {ex - bend} {ey} {ex} {ey}",
        right=ex,
    )


def _lane(source: Box, target: Box, lane_y: int) -> Arrow:
    """Down into the gap after the source's column, along the lane under the boxes,
    up in the gap before the target's column and into the target."""
    sx, sy = source.right, source.middle
    out_x = sx + COLUMN_GAP // 2 - 4
    if target.x < source.x:
        # Backwards (the services refuse such links; drawn should one exist): up
        # into the target from below.
        center = target.x + target.width // 2
        return Arrow(
            source=source.id,
            target=target.id,
            kind="skip",
            d=(
                f"M {sx} {sy} H {out_x} V {lane_y} H {center} "
                f"V {target.y + target.height + ARROW_ROOM}"
            ),
            right=out_x,
        )
    ex, ey = target.x - ARROW_ROOM, target.middle
    in_x = target.x - COLUMN_GAP // 2 + 4
    return Arrow(
        source=source.id,
        target=target.id,
        kind="skip",
        d=(
            f"M {sx} {sy} H {out_x} V {lane_y} H {in_x} V {ey} H {ex}"
            if in_x != out_x
            else f"M {sx} {sy} H {out_x} V {lane_y} V {ey} H {ex}"
        ),
        right=max(out_x, ex),
    )


def _within(source: Box, target: Box, k: int) -> Arrow:
    out_x = source.right + ARROW_ROOM + (k + 1) * SIDE_STEP
    return Arrow(
        source=source.id,
        target=target.id,
        kind="within",
        d=(
            f"M {source.right} {source.middle} H {out_x} V {target.middle} "
            f"H {target.right + ARROW_ROOM}"
        ),
        right=out_x,
    )
