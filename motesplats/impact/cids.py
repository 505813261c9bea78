"""The funder report as linked data: Common Impact Data Standard (CIDS), basic tier.

JSON-LD with its own inline @context (nothing is fetched at run time) mapping our
terms to the CIDS namespace and the vocabularies CIDS builds on: TOVE organisation
(`org:`), ISO 21972 indicators (`i72:`), PROV-O (`prov:`) and XML Schema (`xsd:`).

Classes written: Organization (the case, organisation or coalition the model is
about), Theme, Outcome (each outcome and lasting-impact step), Indicator and
IndicatorReport (one per measured period, its value an `i72:Measure`), plus the
cids:ImpactModel that gathers them. Every node has `hasName` and `hasDescription`
(the basic tier's required properties); an empty description falls back to a short
generated one. IRIs are stable: built from the site's canonical URL
(`WAGTAILADMIN_BASE_URL`) and the records' identifiers, never from the request.
"""

from typing import Any

from django.conf import settings
from django.utils import translation

from motesplats.impact.exports import decimal_text
from motesplats.impact.models import ImpactModel

CIDS = "https://ontology.commonapproach.org/cids#"
CONTEXT: dict[str, Any] = {
    "cids": CIDS,
    "org": "http://ontology.eil.utoronto.ca/tove/organization#",
    "i72": "http://ontology.eil.utoronto.ca/ISO21972/iso21972#",
    "prov": "http://www.w3.org/ns/prov#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "Organization": "cids:Organization",
    "Theme": "cids:Theme",
    "Outcome": "cids:Outcome",
    "Indicator": "cids:Indicator",
    "IndicatorReport": "cids:IndicatorReport",
    "ImpactModel": "cids:ImpactModel",
    "Measure": "i72:Measure",
    "UnitOfMeasure": "i72:Unit_of_measure",
    "hasName": {"@id": "org:hasName", "@type": "xsd:string"},
    "hasDescription": {"@id": "cids:hasDescription", "@type": "xsd:string"},
    "hasComment": {"@id": "cids:hasComment", "@type": "xsd:string"},
    "hasIdentifier": {"@id": "org:hasIdentifier", "@type": "xsd:string"},
    "hasWebAddress": {"@id": "cids:hasWebAddress", "@type": "xsd:anyURI"},
    "unitDescription": {"@id": "cids:unitDescription", "@type": "xsd:string"},
    "forOrganization": {"@id": "cids:forOrganization", "@type": "@id"},
    "forTheme": {"@id": "cids:forTheme", "@type": "@id"},
    "forOutcome": {"@id": "cids:forOutcome", "@type": "@id"},
    "forIndicator": {"@id": "cids:forIndicator", "@type": "@id"},
    "hasOutcome": {"@id": "cids:hasOutcome", "@type": "@id"},
    "hasIndicator": {"@id": "cids:hasIndicator", "@type": "@id"},
    "hasIndicatorReport": {"@id": "cids:hasIndicatorReport", "@type": "@id"},
    "hasImpactModel": {"@id": "cids:hasImpactModel", "@type": "@id"},
    "hasBaseline": {"@id": "cids:hasBaseline", "@type": "@id"},
    "startedAtTime": {"@id": "prov:startedAtTime", "@type": "xsd:dateTime"},
    "endedAtTime": {"@id": "prov:endedAtTime", "@type": "xsd:dateTime"},
    "value": {"@id": "i72:value", "@type": "@id"},
    "numerical_value": {"@id": "i72:numerical_value", "@type": "xsd:decimal"},
    # The published CIDS context names the number i72:hasNumericalValue (a string);
    # both are written so either reading finds it.
    "hasNumericalValue": {"@id": "i72:hasNumericalValue", "@type": "xsd:string"},
    "unit_of_measure": {"@id": "i72:unit_of_measure", "@type": "@id"},
}


def site_base() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def _slug(text: str) -> str:
    from django.utils.text import slugify  # noqa: PLC0415 -- only units need it

    return slugify(text) or "unit"


def _text(*candidates: str) -> str:
    """The first non-empty text (basic tier wants exactly one description)."""
    return next((c.strip() for c in candidates if c and c.strip()), "")


def _organization(model: ImpactModel, report: dict[str, Any], base: str):
    subject = report["subject"]
    if model.organisation_id:
        org = model.organisation
        iri = f"{base}/id/organisation/{org.slug}"
        with translation.override(model.language):
            description = _text(str(org.description), report["model"]["summary"])
        name, web = org.name, org.website
    elif model.coalition_id:
        coalition = model.coalition
        iri = f"{base}/id/coalition/{coalition.slug}"
        with translation.override(model.language):
            description = _text(str(coalition.purpose), report["model"]["summary"])
        name, web = coalition.name, ""
    elif model.innovation_id:
        page = model.innovation
        iri = f"{base}/id/innovation/{page.translation_key}"
        description = _text(page.summary, report["model"]["summary"])
        name, web = page.title, page.website
    else:
        # A model about no named subject is reported for itself.
        iri = f"{base}/id/impact-model/{model.uuid}/organisation"
        name = model.title
        description = _text(report["model"]["summary"], model.title)
        web = ""
    node = {
        "@id": iri,
        "@type": "Organization",
        "hasName": name,
        "hasDescription": _text(description, name),
    }
    if not web and subject and subject.get("url"):
        web = f"{base}{subject['url']}"
    if web:
        node["hasWebAddress"] = web
    return node


def _datetime(day, end: bool = False) -> str:
    return f"{day.isoformat()}T{'23:59:59' if end else '00:00:00'}"


def report_jsonld(model: ImpactModel, report: dict[str, Any]) -> dict[str, Any]:
    """The report's outcomes and indicator values as CIDS basic-tier JSON-LD."""
    base = site_base()
    model_iri = f"{base}/id/impact-model/{model.uuid}"
    organization = _organization(model, report, base)
    org_iri = organization["@id"]
    themes = [
        {
            "@id": f"{base}/id/theme/{t['slug']}",
            "@type": "Theme",
            "hasName": t["name"],
            "hasDescription": _text(t["description"], t["name"]),
        }
        for t in report["themes"]
    ]
    theme_iris = [t["@id"] for t in themes]
    graph: list[dict[str, Any]] = [organization, *themes]
    outcome_iris = []
    for outcome in report["outcomes"]:
        outcome_iri = f"{model_iri}/outcome/{outcome['id']}"
        outcome_iris.append(outcome_iri)
        indicator_iris = []
        for indicator in outcome["indicators"]:
            indicator_iri = f"{model_iri}/indicator/{indicator['id']}"
            indicator_iris.append(indicator_iri)
            unit = {
                "@id": f"{base}/id/unit/{_slug(indicator['unit'])}",
                "@type": "UnitOfMeasure",
                "hasName": indicator["unit"],
                "hasDescription": indicator["unit"],
            }
            report_iris = []
            for value in indicator["values"]:
                report_iri = (
                    f"{indicator_iri}/report/{value['period_start'].isoformat()}"
                    f"_{value['period_end'].isoformat()}"
                )
                report_iris.append(report_iri)
                node = {
                    "@id": report_iri,
                    "@type": "IndicatorReport",
                    "hasName": f"{indicator['name']} "
                    f"{value['period_start'].isoformat()}/"
                    f"{value['period_end'].isoformat()}",
                    "hasDescription": _text(value["note"], indicator["name"]),
                    "forIndicator": indicator_iri,
                    "forOrganization": org_iri,
                    "startedAtTime": _datetime(value["period_start"]),
                    "endedAtTime": _datetime(value["period_end"], end=True),
                    "value": {
                        "@id": f"{report_iri}/value",
                        "@type": "Measure",
                        "numerical_value": decimal_text(value["value"]),
                        "hasNumericalValue": decimal_text(value["value"]),
                        "unit_of_measure": unit["@id"],
                    },
                }
                if value["note"]:
                    node["hasComment"] = value["note"]
                graph.append(node)
            node = {
                "@id": indicator_iri,
                "@type": "Indicator",
                "hasName": indicator["name"],
                "hasDescription": _text(indicator["description"], indicator["name"]),
                "unitDescription": indicator["unit"],
                "forOrganization": org_iri,
                "forOutcome": outcome_iri,
                "hasIndicatorReport": report_iris,
                "unit_of_measure": unit["@id"],
            }
            if indicator["code"]:
                node["hasIdentifier"] = indicator["code"]
            if indicator["baseline"] is not None:
                node["hasBaseline"] = {
                    "@id": f"{indicator_iri}/baseline",
                    "@type": "Measure",
                    "numerical_value": decimal_text(indicator["baseline"]),
                    "hasNumericalValue": decimal_text(indicator["baseline"]),
                    "unit_of_measure": unit["@id"],
                }
            graph.extend([unit, node])
        graph.append(
            {
                "@id": outcome_iri,
                "@type": "Outcome",
                "hasName": outcome["title"],
                "hasDescription": _text(outcome["description"], outcome["title"]),
                "forOrganization": org_iri,
                "forTheme": theme_iris,
                "hasIndicator": indicator_iris,
            }
        )
    graph.append(
        {
            "@id": model_iri,
            "@type": "ImpactModel",
            "hasName": report["model"]["title"],
            "hasDescription": _text(
                report["model"]["summary"], report["model"]["title"]
            ),
            "forOrganization": org_iri,
            "hasOutcome": outcome_iris,
        }
    )
    organization["hasOutcome"] = outcome_iris
    organization["hasImpactModel"] = [model_iri]
    # Units are shared by indicators: write each once.
    unique, seen = [], set()
    for node in graph:
        if node["@id"] not in seen:
            seen.add(node["@id"])
            unique.append(node)
    return {"@context": CONTEXT, "@graph": unique}
