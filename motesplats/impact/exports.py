"""The funder report as data: JSON (everything, figures as decimal strings) and CSV
(the value map, the SROI per year and the indicator values) for spreadsheets.

Both are built from `reports.build_report`, so they hold the figures the report page
shows. Decimal figures are written as plain decimal strings (never floats, never in
exponent form), dates as ISO 8601.
"""

import csv
import datetime
import io
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise

from motesplats.core.spreadsheet import csv_safe

FORMAT_VERSION = "1.0"


def decimal_text(value: Decimal) -> str:
    """A Decimal as a plain string: '1200.50', never '1.2005E+3'."""
    return format(value, "f")


def plain(value: Any) -> Any:
    """`value` with Decimals, dates and lazy translations turned into JSON types."""
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


# Drawing instructions are for the page, not for data users.
_PAGE_ONLY = {"chart", "tornado_chart"}


def _without_charts(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_charts(v) for k, v in value.items() if k not in _PAGE_ONLY}
    if isinstance(value, list):
        return [_without_charts(v) for v in value]
    return value


def report_data(report: dict[str, Any]) -> dict[str, Any]:
    """The whole report, JSON-ready."""
    return {"format": "motesplats-impact-report", "version": FORMAT_VERSION} | plain(
        _without_charts(report)
    )


CSV_COLUMNS = [
    "section",
    "name",
    "stakeholder",
    "indicator",
    "unit",
    "year",
    "period_start",
    "period_end",
    "quantity",
    "financial_proxy",
    "currency",
    "price_year",
    "deadweight",
    "displacement",
    "attribution",
    "leakage",
    "drop_off",
    "duration_years",
    "start_offset_years",
    "value",
    "discounted_value",
    "source",
    "note",
]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str | Promise):
        # Text people typed (names, notes, sources) never runs as a formula; figures
        # are Decimals, so a negative value stays a number.
        return csv_safe(str(value))
    text = plain(value)
    return text if isinstance(text, str) else str(text)


def report_csv(report: dict[str, Any]) -> str:
    """One table with a header row; `section` tells the kind of each row:
    value_map (a line of the SROI value map, value = its first-year impact),
    investment, sroi_year (value and discounted value per year) and
    indicator_value. UTF-8 with a byte order mark, so Excel reads å, ä and ö."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()

    def row(**cells: Any) -> None:
        writer.writerow({k: _cell(cells.get(k)) for k in CSV_COLUMNS})

    sroi = report.get("sroi")
    if sroi:
        currency = sroi["currency"]
        for line in sroi.get("value_map", []):
            row(
                section="value_map",
                name=line["name"],
                stakeholder=line["stakeholder"],
                indicator=line["indicator"],
                quantity=line["quantity"],
                financial_proxy=line["proxy_value"],
                currency=currency,
                price_year=line["proxy_price_year"],
                deadweight=line["deadweight"],
                displacement=line["displacement"],
                attribution=line["attribution"],
                leakage=line["leakage"],
                drop_off=line["drop_off"],
                duration_years=line["duration"],
                start_offset_years=line["start_offset"],
                value=line["impact"],
                source=line["proxy"]["source"]
                if line["proxy"]
                else line["proxy_source"],
            )
        for item in sroi["investments"]:
            row(
                section="investment",
                name=item["description"],
                year=item["year"],
                currency=currency,
                value=item["amount"],
            )
        for year in sroi.get("years", []):
            row(
                section="sroi_year",
                year=year["year"],
                currency=currency,
                value=year["value"],
                discounted_value=year["discounted"],
            )
    for outcome in report["outcomes"]:
        for indicator in outcome["indicators"]:
            for value in indicator["values"]:
                row(
                    section="indicator_value",
                    name=outcome["title"],
                    stakeholder=outcome["stakeholder"],
                    indicator=indicator["name"],
                    unit=indicator["unit"],
                    period_start=value["period_start"],
                    period_end=value["period_end"],
                    value=value["value"],
                    source=indicator["data_source"],
                    note=value["note"],
                )
    return "\ufeff" + buffer.getvalue()
