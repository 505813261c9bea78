"""The shape of a faceted filter's result, shared by every listing page."""

from dataclasses import dataclass, field


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetResult:
    key: str
    label: str
    values: list[FacetValue] = field(default_factory=list)

    @property
    def has_selection(self) -> bool:
        return any(v.selected for v in self.values)


def facet_result(
    *,
    key: str,
    label: str,
    labels: dict[str, str],
    counts: dict[str, int],
    chosen: set[str],
) -> FacetResult:
    """A facet's values in the order of `labels`: those with matches, and those
    chosen even when nothing is left, so that they can still be unticked."""
    return FacetResult(
        key=key,
        label=label,
        values=[
            FacetValue(
                value=value,
                label=text,
                count=counts.get(value, 0),
                selected=value in chosen,
            )
            for value, text in labels.items()
            if counts.get(value) or value in chosen
        ],
    )
