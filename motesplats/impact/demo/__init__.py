"""Demo impact content: a Swedish proxy library and two published impact models.

The proxies carry real public sources and reusable licences (Swedish agencies' data
as public-sector information; our own arithmetic on them under CC BY). The models
are fictional, built on the demo organisations and innovation cases: a full theory
of change, indicators with values, a consented story and an SROI value map each.
Loaded once with the demo site; running it again changes nothing.
"""

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils.dateparse import parse_datetime

from motesplats.actors.models import Coalition, Organisation
from motesplats.impact.enums import ModelStatus
from motesplats.impact.models import (
    ChangeLink,
    ChangeStep,
    FinancialProxy,
    ImpactModel,
    Indicator,
    IndicatorValue,
    SroiAnalysis,
    SroiInvestment,
    SroiOutcomeLine,
    Stakeholder,
    Story,
)
from motesplats.taxonomy.models import Theme

DEMO_DIR = Path(__file__).resolve().parent
SHARES = ("deadweight", "displacement", "attribution", "leakage", "drop_off")


def _rows(name: str) -> list[dict[str, Any]]:
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


def _day(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _number(text: str | None) -> Decimal | None:
    return Decimal(text) if text not in (None, "") else None


def load_proxies() -> int:
    """The proxy library; does nothing when it has values already."""
    if FinancialProxy.objects.exists():
        return 0
    themes = {t.slug: t for t in Theme.objects.all()}
    for row in _rows("proxies.json"):
        proxy = FinancialProxy(
            **{k: v for k, v in row.items() if k not in ("themes", "value")},
            value=Decimal(row["value"]),
        )
        proxy.full_clean()
        proxy.save()
        proxy.themes.set([themes[s] for s in row["themes"] if s in themes])
    return FinancialProxy.objects.count()


def _subject(row: dict[str, Any]) -> dict[str, Any] | None:
    subject = row["subject"]
    if "organisation" in subject:
        org = Organisation.objects.filter(slug=subject["organisation"]).first()
        return {"organisation": org} if org else None
    if "coalition" in subject:
        coalition = Coalition.objects.filter(slug=subject["coalition"]).first()
        return {"coalition": coalition} if coalition else None
    # The knowledge app sits beside impact, never below it: look the page model up
    # by name instead of importing it.
    innovation_model = apps.get_model("knowledge", "InnovationPage")
    page = innovation_model.objects.filter(
        slug=subject["innovation"], locale__language_code="sv"
    ).first()
    return {"innovation": page} if page else None


def _model(row: dict[str, Any], themes, proxies) -> ImpactModel | None:
    subject = _subject(row)
    if subject is None:
        return None
    start, end = row["period"]
    model = ImpactModel.objects.create(
        uuid=row["uuid"],
        title=row["title"],
        summary=row["summary"],
        language=row["language"],
        period_start=_day(start),
        period_end=_day(end),
        status=ModelStatus.PUBLISHED,
        published_at=parse_datetime(row["published_at"]),
        guided_step=9,
        **subject,
    )
    model.themes.set([themes[s] for s in row["themes"] if s in themes])
    stakeholders = {
        s["key"]: Stakeholder.objects.create(
            model=model,
            name=s["name"],
            description=s["description"],
            kind=s["kind"],
            sort_order=order,
        )
        for order, s in enumerate(row["stakeholders"])
    }
    steps = {
        s["key"]: ChangeStep.objects.create(
            model=model,
            level=s["level"],
            title=s["title"],
            description=s["description"],
            stakeholder=stakeholders.get(s.get("stakeholder") or ""),
            sort_order=order,
        )
        for order, s in enumerate(row["steps"])
    }
    for link in row["links"]:
        ChangeLink.objects.create(
            model=model,
            source=steps[link["from"]],
            target=steps[link["to"]],
            assumption=link["assumption"],
            evidence=link["evidence"],
            evidence_url=link["evidence_url"],
            evidence_grade=link["grade"],
        )
    for order, ind in enumerate(row["indicators"]):
        indicator = Indicator.objects.create(
            step=steps[ind["step"]],
            name=ind["name"],
            description=ind["description"],
            unit=ind["unit"],
            baseline=_number(ind["baseline"]),
            baseline_date=_day(ind["baseline_date"]),
            target=_number(ind["target"]),
            higher_is_better=ind["higher_is_better"],
            code=ind["code"],
            data_source=ind["data_source"],
            frequency=ind["frequency"],
            sort_order=order,
        )
        IndicatorValue.objects.bulk_create(
            IndicatorValue(
                indicator=indicator,
                period_start=_day(a),
                period_end=_day(b),
                value=Decimal(value),
                note=note,
            )
            for a, b, value, note in ind["values"]
        )
    for story in row["stories"]:
        # Every demo story stands for a recorded consent (method, date, text version).
        Story.objects.create(
            step=steps[story["step"]],
            title=story["title"],
            text=story["text"],
            teller=story["teller"],
            consent_method=story["consent_method"],
            consent_given_on=_day(story["consent_given_on"]),
            consent_text_version=story["consent_text_version"],
        )
    _sroi(model, row["sroi"], steps, proxies)
    return model


def _sroi(model, data, steps, proxies) -> None:
    analysis = SroiAnalysis.objects.create(
        model=model,
        kind=data["kind"],
        discount_preset=data["discount_preset"],
        notes=data["notes"],
    )
    SroiInvestment.objects.bulk_create(
        SroiInvestment(
            analysis=analysis, year=year, amount=Decimal(amount), description=text
        )
        for year, amount, text in data["investments"]
    )
    for order, line in enumerate(data["outcomes"]):
        proxy = proxies.get(line.get("proxy") or "")
        SroiOutcomeLine.objects.create(
            analysis=analysis,
            step=steps.get(line.get("step") or ""),
            name=line["name"],
            stakeholder=line["stakeholder"],
            indicator=line["indicator"],
            quantity=Decimal(line["quantity"]),
            proxy=proxy,
            proxy_value=proxy.value if proxy else Decimal(line["proxy_value"]),
            proxy_price_year=proxy.price_year if proxy else line["proxy_price_year"],
            proxy_source=proxy.source if proxy else line["proxy_source"],
            **{share: Decimal(line[share]) for share in SHARES},
            duration=line["duration"],
            start_offset=line["start_offset"],
            sort_order=order,
        )
    analysis.as_input()  # the calculator accepts the demo map, or the load fails


@transaction.atomic
def impact_demo_load() -> int:
    """Load the proxy library and the demo impact models; returns how many models
    were created (0 when they are there already)."""
    load_proxies()
    rows = _rows("models.json")
    if ImpactModel.objects.filter(uuid__in=[r["uuid"] for r in rows]).exists():
        return 0
    themes = {t.slug: t for t in Theme.objects.all()}
    proxies = {p.name_sv: p for p in FinancialProxy.objects.all()}
    return sum(1 for row in rows if _model(row, themes, proxies) is not None)
