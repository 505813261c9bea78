"""The funder report of an impact model, assembled once as a plain dict.

`build_report` reads everything from `selectors.model_detail` (a fixed number of
queries) and computes the SROI figures with the same calculators as the public
calculator pages. The report page, the JSON and CSV exports and the CIDS JSON-LD all
read this dict, so they can never disagree. Figures stay `Decimal`; exports turn them
into decimal strings. Labels are lazy translations (the page's language); the
content itself is in the model's language (`model.language`).
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motesplats.impact import charts
from motesplats.impact.calculations import sroi as sroi_calc
from motesplats.impact.calculations import sroi_sensitivity
from motesplats.impact.enums import EvidenceGrade, Level, StakeholderKind
from motesplats.impact.models import ImpactModel, SroiOutcomeLine
from motesplats.impact.report_charts import indicator_chart
from motesplats.impact.selectors import sroi_of, steps_by_level

# The Monte Carlo run in a report is seeded, so a report reads the same every time.
MONTE_CARLO_RUNS = 2000
MONTE_CARLO_SEED = 2024

PARAMETER_LABELS = {
    "quantity": _("quantity"),
    "proxy": _("financial proxy"),
    "deadweight": _("deadweight"),
    "displacement": _("displacement"),
    "attribution": _("attribution"),
    "leakage": _("leakage"),
    "drop_off": _("drop-off"),
    "duration": _("duration (years)"),
    "discount_rate": _("discount rate"),
}
SHARE_FIELDS = ("deadweight", "displacement", "attribution", "leakage", "drop_off")


def subject_of(model: ImpactModel) -> dict[str, Any] | None:
    """What the model is about: kind, name and the page that presents it."""
    if model.innovation_id:
        page = model.innovation
        return {
            "kind": "innovation",
            "kind_label": _("Innovation case"),
            "name": page.title,
            "url": page.url or "",
        }
    if model.organisation_id:
        org = model.organisation
        return {
            "kind": "organisation",
            "kind_label": _("Organisation"),
            "name": org.name,
            "url": reverse("actors:organisation_detail", args=[org.slug]),
        }
    if model.coalition_id:
        coalition = model.coalition
        return {
            "kind": "coalition",
            "kind_label": _("Coalition"),
            "name": coalition.name,
            "url": reverse("actors:coalition_detail", args=[coalition.slug]),
        }
    return None


def _indicator(indicator) -> dict[str, Any]:
    values = [
        {
            "period_start": v.period_start,
            "period_end": v.period_end,
            "value": v.value,
            "note": v.note,
        }
        for v in indicator.values.all()
    ]
    latest = values[-1]["value"] if values else None
    return {
        "id": indicator.pk,
        "name": indicator.name,
        "description": indicator.description,
        "unit": indicator.unit,
        "baseline": indicator.baseline,
        "baseline_date": indicator.baseline_date,
        "target": indicator.target,
        "higher_is_better": indicator.higher_is_better,
        "code": indicator.code,
        "data_source": indicator.data_source,
        "frequency": indicator.frequency,
        "values": values,
        "latest": latest,
        "progress": _progress(indicator, latest),
        "chart": indicator_chart(values, indicator.baseline, indicator.target),
    }


def _progress(indicator, latest: Decimal | None) -> Decimal | None:
    """Share of the way from baseline to target the latest value has come (0–1 and
    beyond), or None when baseline, target or a value is missing."""
    if latest is None or indicator.baseline is None or indicator.target is None:
        return None
    distance = indicator.target - indicator.baseline
    if distance == 0:
        return None
    return ((latest - indicator.baseline) / distance).quantize(Decimal("0.01"))


# --- SROI -----------------------------------------------------------------------------


def _value_map(lines: list[SroiOutcomeLine], impacts) -> list[dict[str, Any]]:
    rows = []
    for index, line in enumerate(lines):
        proxy = line.proxy
        rows.append(
            {
                "index": index,
                "name": line.name,
                "stakeholder": line.stakeholder,
                "indicator": line.indicator,
                "step_id": line.step_id,
                "quantity": line.quantity,
                "proxy_value": line.proxy_value,
                "proxy_price_year": line.proxy_price_year,
                "proxy_source": line.proxy_source,
                "proxy": None
                if proxy is None
                else {
                    "id": proxy.pk,
                    "name": str(proxy.name),
                    "source": proxy.source,
                    "source_url": proxy.source_url,
                    "licence": proxy.licence,
                    "licence_label": proxy.get_licence_display(),
                },
                **{field: getattr(line, field) for field in SHARE_FIELDS},
                "duration": line.duration,
                "start_offset": line.start_offset,
                "impact": impacts[index] if impacts else None,
            }
        )
    return rows


def _sroi(model: ImpactModel) -> dict[str, Any] | None:
    analysis = sroi_of(model)
    if analysis is None:
        return None
    preset = sroi_calc.DISCOUNT_RATE_PRESETS[analysis.discount_preset]
    lines = list(analysis.outcomes.all())
    section: dict[str, Any] = {
        "kind": analysis.kind,
        "kind_label": analysis.get_kind_display(),
        "currency": analysis.currency,
        "notes": analysis.notes,
        "preset": {
            "key": preset.key,
            "name": preset.name,
            "rate": preset.rate if preset.rate is not None else analysis.custom_rate,
            "year": preset.year,
            "source": preset.source,
            "note": preset.note,
        },
        "investments": [
            {"year": i.year, "amount": i.amount, "description": i.description}
            for i in analysis.investments.all()
        ],
        "error": "",
    }
    try:
        data = analysis.as_input()
        result = sroi_calc.calculate(data)
        sensitivity = sroi_sensitivity.one_way(data)
        ranges = tuple(
            r
            for r in sroi_sensitivity.default_ranges(data)
            if r.parameter != "duration"
        )
        monte = sroi_sensitivity.monte_carlo(
            data, ranges, runs=MONTE_CARLO_RUNS, seed=MONTE_CARLO_SEED
        )
    except (ValueError, ArithmeticError) as error:
        # A stored map the calculator refuses (or cannot compute) is reported, not
        # hidden behind a 500.
        section.update(error=str(error), value_map=_value_map(lines, None))
        return section

    def row_of(row) -> dict[str, Any]:
        line_name = lines[row.outcome].name if row.outcome is not None else ""
        label = PARAMETER_LABELS[row.parameter]
        return {
            "outcome": row.outcome,
            "line": line_name,
            "parameter": row.parameter,
            "parameter_label": label,
            "label": f"{line_name}: {label}" if line_name else str(label),
            "low": row.low,
            "base": row.base,
            "high": row.high,
            "ratio_low": row.ratio_low,
            "ratio_base": row.ratio_base,
            "ratio_high": row.ratio_high,
            "swing": row.swing,
        }

    tornado = [row_of(row) for row in sensitivity.tornado]
    section.update(
        value_map=_value_map(lines, result.line_impacts),
        result={
            "present_value": result.present_value,
            "investment_present_value": result.investment_present_value,
            "net_present_value": result.net_present_value,
            "sroi_ratio": result.sroi_ratio,
            "net_sroi_ratio": result.net_sroi_ratio,
            "payback_months": result.payback_months,
        },
        years=[
            {"year": y.year, "value": y.value, "discounted": y.discounted}
            for y in result.years
        ],
        break_evens=[
            {
                "line": lines[b.outcome].name,
                "parameter": b.parameter,
                "parameter_label": PARAMETER_LABELS[b.parameter],
                "base": getattr(data.outcomes[b.outcome], b.parameter),
                "value": b.value,
                "method": b.method,
                "note": b.note,
            }
            for b in sensitivity.break_even
        ],
        tornado=tornado,
        # The ten assumptions that move the ratio most, widest swing first.
        tornado_chart=charts.tornado(
            [(r["label"], r["ratio_low"], r["ratio_high"]) for r in tornado[:10]],
            result.sroi_ratio,
        ),
        monte_carlo={
            "runs": monte.runs,
            "seed": monte.seed,
            "probability_ratio_above_one": monte.probability_ratio_above_one,
            "mean_ratio": monte.mean_ratio,
            "ratio_p05": monte.ratio_p05,
            "ratio_p50": monte.ratio_p50,
            "ratio_p95": monte.ratio_p95,
        },
        conventions=dict(sensitivity.conventions),
    )
    return section


# --- the report -----------------------------------------------------------------------


def _grade_summary(links) -> list[dict[str, Any]]:
    counts = Counter(link.evidence_grade for link in links)
    return [
        {"grade": grade, "label": label, "count": counts.get(grade, 0)}
        for grade, label in EvidenceGrade.choices
    ]


def report_urls(model: ImpactModel) -> dict[str, str]:
    args = [model.uuid]
    return {
        name: reverse(f"impact:{name}", args=args)
        for name in ("report", "report_json", "report_csv", "report_jsonld")
    }


def build_report(model: ImpactModel) -> dict[str, Any]:
    """Everything a funder reads about `model` (from `selectors.model_detail`)."""
    stakeholders = list(model.stakeholders.all())
    levels = steps_by_level(model)
    links = list(model.links.all())
    steps_out: dict[int, list[str]] = {}
    for link in links:
        steps_out.setdefault(link.source_id, []).append(link.target.title)

    def step_of(step) -> dict[str, Any]:
        return {
            "id": step.pk,
            "level": step.level,
            "title": step.title,
            "description": step.description,
            "stakeholder": step.stakeholder.name if step.stakeholder_id else "",
            "leads_to": steps_out.get(step.pk, []),
        }

    outcome_steps = [
        step
        for level, _label, steps in levels
        if level in (Level.OUTCOME, Level.IMPACT)
        for step in steps
    ]
    outcomes = [
        {
            **step_of(step),
            "level_label": step.get_level_display(),
            "indicators": [_indicator(i) for i in step.indicators.all()],
            # A story's teller is described, never named; the recorder is left out.
            "stories": [
                {"id": s.pk, "title": s.title, "text": s.text, "teller": s.teller}
                for s in step.stories.all()
            ],
        }
        for step in outcome_steps
    ]
    sroi_section = _sroi(model)
    indicators = [i for o in outcomes for i in o["indicators"]]
    stories = [s for o in outcomes for s in o["stories"]]
    evidence_links = [
        {
            "url": link.evidence_url,
            "title": f"{link.source.title} → {link.target.title}",
        }
        for link in links
        if link.evidence_url
    ]
    proxy_sources = []
    seen = set()
    for line in (sroi_section or {}).get("value_map", []):
        proxy = line["proxy"]
        key = (line["proxy_source"], proxy["source_url"] if proxy else "")
        if (line["proxy_source"] or proxy) and key not in seen:
            seen.add(key)
            proxy_sources.append(
                {
                    "line": line["name"],
                    "source": (proxy["source"] if proxy else "")
                    or line["proxy_source"],
                    "url": proxy["source_url"] if proxy else "",
                    "licence": proxy["licence_label"] if proxy else "",
                    "price_year": line["proxy_price_year"],
                }
            )
    key_figures = {
        "stakeholders": len(stakeholders),
        "steps": sum(len(steps) for _level, _label, steps in levels),
        "outcomes": len(outcomes),
        "indicators": len(indicators),
        "values": sum(len(i["values"]) for i in indicators),
        "stories": len(stories),
        "links": len(links),
        "sroi_ratio": None,
        "present_value": None,
        "net_present_value": None,
        "currency": None,
    }
    if sroi_section and not sroi_section["error"]:
        key_figures.update(
            sroi_ratio=sroi_section["result"]["sroi_ratio"],
            present_value=sroi_section["result"]["present_value"],
            net_present_value=sroi_section["result"]["net_present_value"],
            currency=sroi_section["currency"],
        )
    return {
        "model": {
            "id": model.pk,
            "uuid": str(model.uuid),
            "title": model.title,
            "summary": model.summary,
            "language": model.language,
            "status": model.status,
            "period_start": model.period_start,
            "period_end": model.period_end,
            "published_at": model.published_at,
            "updated_at": model.updated_at,
            "node": str(model.node.name) if model.node_id else "",
        },
        "subject": subject_of(model),
        "themes": [
            {
                "slug": t.slug,
                "name": str(t.name),
                "description": str(getattr(t, "description", "") or ""),
            }
            for t in model.themes.all()
        ],
        "key_figures": key_figures,
        "stakeholders": [
            {
                "id": s.pk,
                "name": s.name,
                "description": s.description,
                "kind": s.kind,
                "kind_label": StakeholderKind(s.kind).label,
            }
            for s in stakeholders
        ],
        "levels": [
            {"level": level, "label": label, "steps": [step_of(s) for s in steps]}
            for level, label, steps in levels
        ],
        "links": [
            {
                "id": link.pk,
                "source": link.source.title,
                "source_id": link.source_id,
                "target": link.target.title,
                "target_id": link.target_id,
                "assumption": link.assumption,
                "evidence": link.evidence,
                "evidence_url": link.evidence_url,
                "evidence_grade": link.evidence_grade,
                "evidence_grade_label": link.get_evidence_grade_display(),
            }
            for link in links
        ],
        "evidence_grades": _grade_summary(links),
        "outcomes": outcomes,
        "sroi": sroi_section,
        "sources": {"proxies": proxy_sources, "evidence": evidence_links},
    }


def sroi_key_line(model: ImpactModel) -> dict[str, Any] | None:
    """The headline SROI figures only (for listings such as an innovation case page);
    None without a complete value map."""
    analysis = sroi_of(model)
    if analysis is None:
        return None
    try:
        result = sroi_calc.calculate(analysis.as_input())
    except ValueError:
        return None
    return {
        "sroi_ratio": result.sroi_ratio,
        "present_value": result.present_value,
        "net_present_value": result.net_present_value,
        "currency": analysis.currency,
    }
