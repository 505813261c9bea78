"""The colour pairs the stylesheet uses meet WCAG 2.1 AA contrast (1.4.3, 1.4.11)."""

import re
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[2] / "motesplats" / "static" / "css" / "site.css"


def _tokens() -> dict[str, str]:
    return dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", CSS.read_text()))


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize(
    ("fg", "bg", "minimum"),
    [
        ("ink", "paper", 4.5),
        ("muted", "paper", 4.5),
        ("muted", "tint", 4.5),
        ("brand", "paper", 4.5),
        ("brand", "tint", 4.5),
        ("brand-dark", "tint", 4.5),
        ("error", "paper", 4.5),
        ("focus", "paper", 3.0),
        ("line", "paper", 3.0),
    ],
)
def test_token_pairs_meet_aa(fg, bg, minimum):
    tokens = _tokens()
    assert contrast(tokens[fg], tokens[bg]) >= minimum


def test_white_on_brand_buttons_and_footer():
    tokens = _tokens()
    assert contrast("#ffffff", tokens["brand"]) >= 4.5
    assert contrast("#ffffff", tokens["brand-dark"]) >= 4.5
    assert contrast("#ffffff", tokens["ink"]) >= 4.5


def test_contrast_formula_known_values():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48
