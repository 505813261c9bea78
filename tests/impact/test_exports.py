"""The report's JSON and CSV exports hold the same figures as the report page."""

import csv
import datetime
import io
import json
from decimal import Decimal

from django.urls import reverse

import pytest

from motesplats.impact.calculations import sroi as sroi_calc
from motesplats.impact.exports import CSV_COLUMNS, decimal_text, report_csv
from motesplats.impact.models import ImpactModel
from motesplats.impact.reports import build_report
from motesplats.impact.selectors import model_detail

pytestmark = pytest.mark.django_db

YOUTH = "5d1f6a1e-7c2b-4e0a-9a43-2f8d3c6b9e01"


def test_decimal_text_never_uses_exponents():
    assert decimal_text(Decimal("1E+3")) == "1000"
    assert decimal_text(Decimal("0.0000")) == "0.0000"
    assert decimal_text(Decimal("1234.50")) == "1234.50"


def test_json_export_has_everything_with_decimal_strings(client):
    response = client.get(reverse("impact:report_json", args=[YOUTH]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    model = ImpactModel.objects.get(uuid=YOUTH)
    expected = sroi_calc.calculate(model.sroi.as_input())
    assert data["model"]["title"] == model.title
    assert data["sroi"]["result"]["sroi_ratio"] == str(expected.sroi_ratio)
    assert data["sroi"]["result"]["present_value"] == str(expected.present_value)
    assert isinstance(data["sroi"]["value_map"][0]["quantity"], str)
    assert data["model"]["period_start"] == "2023-01-01"
    # Drawing instructions stay on the page.
    assert "tornado_chart" not in data["sroi"]
    assert all("chart" not in i for o in data["outcomes"] for i in o["indicators"])
    assert data["outcomes"][0]["indicators"][0]["values"][0]["value"] == "4.6000"
    # Stories carry the teller's description, never who recorded them.
    story = next(s for o in data["outcomes"] for s in o["stories"])
    assert set(story) == {"id", "title", "text", "teller"}


def test_csv_export_is_excel_friendly_standard_csv(client):
    response = client.get(reverse("impact:report_csv", args=[YOUTH]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Disposition"].endswith('.csv"')
    raw = response.content
    assert raw.startswith("\ufeff".encode())  # the byte order mark Excel needs
    text = raw.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert text.splitlines()[0].split(",") == CSV_COLUMNS
    model = model_detail(YOUTH)
    report = build_report(model)
    sections = [r["section"] for r in rows]
    assert sections.count("value_map") == len(report["sroi"]["value_map"])
    assert sections.count("investment") == len(report["sroi"]["investments"])
    assert sections.count("sroi_year") == len(report["sroi"]["years"])
    values = sum(len(i["values"]) for o in report["outcomes"] for i in o["indicators"])
    assert sections.count("indicator_value") == values
    year_rows = [r for r in rows if r["section"] == "sroi_year"]
    assert [Decimal(r["value"]) for r in year_rows] == [
        y["value"] for y in report["sroi"]["years"]
    ]
    first = next(r for r in rows if r["section"] == "value_map")
    assert Decimal(first["deadweight"]) == report["sroi"]["value_map"][0]["deadweight"]
    assert "Unga börjar arbeta" in text  # å, ä, ö survive


def test_csv_quotes_text_with_commas_and_quotes():
    report = {
        "sroi": None,
        "outcomes": [
            {
                "title": 'Ett "citat", med komma',
                "stakeholder": "",
                "indicators": [
                    {
                        "name": "Andel; med semikolon",
                        "unit": "procent",
                        "data_source": "",
                        "values": [
                            {
                                "period_start": datetime.date(2024, 1, 1),
                                "period_end": datetime.date(2024, 6, 30),
                                "value": Decimal("12.5000"),
                                "note": "rad 1\nrad 2",
                            }
                        ],
                    }
                ],
            }
        ],
    }
    rows = list(csv.DictReader(io.StringIO(report_csv(report).lstrip("\ufeff"))))
    assert rows[0]["name"] == 'Ett "citat", med komma'
    assert rows[0]["indicator"] == "Andel; med semikolon"
    assert rows[0]["note"] == "rad 1\nrad 2"
    assert rows[0]["value"] == "12.5000"
