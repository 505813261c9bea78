"""The report as Common Impact Data Standard (basic tier) JSON-LD, read back with
rdflib: every class carries what the basic tier requires, and the numbers are the
stored ones."""

import json
from decimal import Decimal

from django.test import override_settings
from django.urls import reverse

import pytest
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef

from motesplats.impact.cids import report_jsonld
from motesplats.impact.models import IndicatorValue
from motesplats.impact.reports import build_report
from motesplats.impact.selectors import model_detail

pytestmark = pytest.mark.django_db

YOUTH = "5d1f6a1e-7c2b-4e0a-9a43-2f8d3c6b9e01"
SENIORS = "8b0c2e47-31d9-4f6a-b5e2-6a1c9d7f4a22"
CIDS = Namespace("https://ontology.commonapproach.org/cids#")
ORG = Namespace("http://ontology.eil.utoronto.ca/tove/organization#")
I72 = Namespace("http://ontology.eil.utoronto.ca/ISO21972/iso21972#")
PROV = Namespace("http://www.w3.org/ns/prov#")
BASE = "https://motesplats.example"

# Basic tier, required properties per class (research/impact.md §4.4).
REQUIRED = {
    CIDS.Organization: [CIDS.hasDescription],
    CIDS.Theme: [ORG.hasName, CIDS.hasDescription],
    CIDS.Outcome: [ORG.hasName, CIDS.hasDescription],
    CIDS.Indicator: [ORG.hasName, CIDS.hasDescription],
    CIDS.IndicatorReport: [ORG.hasName, PROV.startedAtTime, PROV.endedAtTime],
}


def _graph(uuid) -> Graph:
    model = model_detail(uuid)
    data = report_jsonld(model, build_report(model))
    return Graph().parse(data=json.dumps(data), format="json-ld")


@pytest.fixture
def graph():
    with override_settings(WAGTAILADMIN_BASE_URL=BASE + "/"):
        return _graph(YOUTH)


def test_endpoint_serves_json_ld(client):
    response = client.get(reverse("impact:report_jsonld", args=[YOUTH]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    data = json.loads(response.content)
    # The context is inline: nothing is fetched to read the document.
    assert isinstance(data["@context"], dict)
    assert data["@context"]["cids"] == str(CIDS)


@pytest.mark.parametrize("cls", list(REQUIRED))
def test_basic_tier_required_properties_hold_exactly_once(graph, cls):
    subjects = set(graph.subjects(RDF.type, cls))
    assert subjects, cls
    for subject in subjects:
        for prop in REQUIRED[cls]:
            values = list(graph.objects(subject, prop))
            assert len(values) == 1, (subject, prop)
            assert str(values[0]).strip(), (subject, prop)


def test_every_node_has_a_name_and_a_description(graph):
    for cls in (CIDS.Organization, CIDS.Outcome, CIDS.Indicator, CIDS.Theme):
        for subject in graph.subjects(RDF.type, cls):
            assert (subject, ORG.hasName, None) in graph
            assert (subject, CIDS.hasDescription, None) in graph


def test_outcomes_link_their_indicators_and_organisation(graph):
    model = model_detail(YOUTH)
    outcomes = list(graph.subjects(RDF.type, CIDS.Outcome))
    expected = [s for s in model.steps.all() if s.level in ("outcome", "impact")]
    assert len(outcomes) == len(expected)
    rows = graph.query(
        """
        SELECT ?indicator WHERE {
          ?indicator a cids:Indicator .
          FILTER NOT EXISTS { ?outcome a cids:Outcome ; cids:hasIndicator ?indicator }
        }""",
        initNs={"cids": CIDS},
    )
    assert list(rows) == []  # every indicator is linked from its outcome
    organisation = next(graph.subjects(RDF.type, CIDS.Organization))
    for outcome in outcomes:
        assert (outcome, CIDS.forOrganization, organisation) in graph
        assert list(graph.objects(outcome, CIDS.forTheme))


def test_indicator_reports_carry_times_and_the_stored_value(graph):
    rows = list(
        graph.query(
            """
            SELECT ?report ?indicator ?start ?end ?number WHERE {
              ?report a cids:IndicatorReport ;
                      cids:forIndicator ?indicator ;
                      prov:startedAtTime ?start ;
                      prov:endedAtTime ?end ;
                      i72:value ?measure .
              ?measure a i72:Measure ; i72:numerical_value ?number ;
                       i72:unit_of_measure ?unit .
              ?indicator cids:hasIndicatorReport ?report .
            }""",
            initNs={"cids": CIDS, "prov": PROV, "i72": I72},
        )
    )
    stored = IndicatorValue.objects.filter(indicator__step__model__uuid=YOUTH)
    assert len(rows) == stored.count()
    by_period = {(v.period_start.isoformat(), v.indicator_id): v.value for v in stored}
    for _report, indicator, start, end, number in rows:
        assert start.datatype == XSD.dateTime
        assert end.datatype == XSD.dateTime
        assert start.toPython() <= end.toPython()
        indicator_id = int(str(indicator).rsplit("/", 1)[1])
        expected = by_period[(start.toPython().date().isoformat(), indicator_id)]
        assert number.toPython() == expected
        assert isinstance(number.toPython(), Decimal)


def test_iris_are_stable_and_under_the_canonical_url(graph):
    again = None
    with override_settings(WAGTAILADMIN_BASE_URL=BASE + "/"):
        again = _graph(YOUTH)
    assert set(graph.subjects()) == set(again.subjects())
    for subject in graph.subjects(RDF.type, None):
        assert str(subject).startswith(BASE + "/id/"), subject
    assert (
        URIRef(f"{BASE}/id/impact-model/{YOUTH}"),
        RDF.type,
        CIDS.ImpactModel,
    ) in graph


def test_innovation_case_becomes_the_organisation():
    with override_settings(WAGTAILADMIN_BASE_URL=BASE):
        graph = _graph(SENIORS)
    organisation = next(graph.subjects(RDF.type, CIDS.Organization))
    assert "/id/innovation/" in str(organisation)
    assert (
        organisation,
        ORG.hasName,
        Literal("Digitala fixarträffar för seniorer", datatype=XSD.string),
    ) in graph
