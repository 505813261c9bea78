"""The report's CSV never hands a spreadsheet a formula (OWASP CSV injection)."""

import csv
import datetime
import io
from decimal import Decimal

from motesplats.impact.exports import report_csv


def _report(text: str, value: Decimal) -> dict:
    return {
        "sroi": None,
        "outcomes": [
            {
                "title": text,
                "stakeholder": "@stakeholder",
                "indicators": [
                    {
                        "name": "+SUM(A1:A9)",
                        "unit": "procent",
                        "data_source": "-2+3",
                        "values": [
                            {
                                "period_start": datetime.date(2024, 1, 1),
                                "period_end": datetime.date(2024, 6, 30),
                                "value": value,
                                "note": '=HYPERLINK("https://evil.example","x")',
                            }
                        ],
                    }
                ],
            }
        ],
    }


def test_text_cells_starting_like_a_formula_are_kept_as_text():
    content = report_csv(_report("=1+1", Decimal("-12.5000")))
    rows = list(csv.DictReader(io.StringIO(content.lstrip("\ufeff"))))
    row = rows[0]
    assert row["name"] == "'=1+1"
    assert row["indicator"] == "'+SUM(A1:A9)"
    assert row["note"] == '\'=HYPERLINK("https://evil.example","x")'
    for cell in row.values():
        assert not cell.startswith(("=", "+", "@")), cell
    # A negative figure is still a number.
    assert row["value"] == "-12.5000"
