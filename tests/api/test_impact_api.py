"""The open calculation API: the issue's examples, agreement with the calculator
module, and 422 with a message per field for bad input (never a 500)."""

import json
from decimal import Decimal

from django.test import Client

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motesplats.impact.calculations import sroi

pytestmark = pytest.mark.django_db

EXAMPLE = {
    "currency": "SEK",
    "discount_rate": "0.035",
    "investment": [{"year": 0, "amount": "1000000"}],
    "outcomes": [
        {
            "name": "Unga i arbete",
            "stakeholder": "Unga 18–24",
            "quantity": "20",
            "proxy": "150000",
            "deadweight": "0.25",
            "displacement": "0.10",
            "attribution": "0.20",
            "leakage": "0",
            "drop_off": "0.20",
            "duration": 3,
            "start_offset": 0,
        }
    ],
}


def post(client, path: str, body) -> tuple[int, dict]:
    response = client.post(
        f"/api/v1/impact/{path}",
        data=json.dumps(body),
        content_type="application/json",
    )
    return response.status_code, response.json()


def test_sroi_example(client):
    status, body = post(client, "sroi", EXAMPLE)
    assert status == 200, body
    # 20 × 150,000 × 0.75 × 0.90 × 0.80 = 1,620,000 in year 1, less 20 % a year after,
    # discounted at 3.5 %: 1,565,217.39 + 1,209,829.88 + 935,134.19.
    assert body["present_value"] == "3710181.46"
    assert body["net_present_value"] == "2710181.46"
    assert body["sroi_ratio"] == "3.71"
    assert body["net_sroi_ratio"] == "2.71"
    assert body["payback_months"] == "7.41"
    assert [y["year"] for y in body["years"]] == [1, 2, 3]
    assert body["years"][0] == {
        "year": 1,
        "value": "1620000.00",
        "discounted": "1565217.39",
    }
    deadweight = next(b for b in body["break_even"] if b["parameter"] == "deadweight")
    assert len(deadweight["value"].split(".")[1]) == 4
    assert body["conventions"]


def test_sroi_break_even_gives_one_to_one(client):
    _status, body = post(client, "sroi", EXAMPLE)
    value = next(b["value"] for b in body["break_even"] if b["parameter"] == "proxy")
    changed = json.loads(json.dumps(EXAMPLE))
    changed["outcomes"][0]["proxy"] = value
    _status, again = post(client, "sroi", changed)
    assert again["sroi_ratio"] == "1.00"


def test_numbers_may_be_json_numbers(client):
    body = json.loads(json.dumps(EXAMPLE))
    body["discount_rate"] = 0.035
    body["outcomes"][0]["quantity"] = 20
    status, result = post(client, "sroi", body)
    assert status == 200
    assert result["present_value"] == "3710181.46"


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda b: b["outcomes"][0].update(duration=-1), "outcomes"),
        (lambda b: b["outcomes"][0].update(deadweight="1.5"), "outcomes"),
        (lambda b: b["outcomes"][0].update(attribution="mycket"), "outcomes"),
        (lambda b: b.update(investment=[{"year": 0, "amount": "0"}]), None),
        (lambda b: b["outcomes"][0].pop("proxy"), "outcomes"),
        (lambda b: b.pop("discount_rate"), "discount_rate"),
        (lambda b: b.update(outcomes="inga"), "outcomes"),
    ],
)
def test_bad_sroi_input_is_a_422_with_a_message(client, change, where):
    body = json.loads(json.dumps(EXAMPLE))
    change(body)
    status, result = post(client, "sroi", body)
    assert status == 422, result
    [first, *_rest] = result["detail"]
    assert first["msg"]
    if where:
        assert where in [str(part) for part in first["loc"]]


def test_cost_effectiveness_example(client):
    status, body = post(
        client,
        "cost-effectiveness",
        {"delta_cost": "1000", "delta_effect": "0.2", "threshold": "20000"},
    )
    assert status == 200
    assert body["icer"] == "5000.00"
    assert body["quadrant"] == "NE"
    assert body["net_monetary_benefit"] == "3000.00"
    assert body["cost_effective"] is True


def test_cost_effectiveness_never_gives_a_negative_icer(client):
    _status, body = post(
        client,
        "cost-effectiveness",
        {"delta_cost": "-500", "delta_effect": "0.1", "threshold": "20000"},
    )
    assert body["icer"] is None
    assert body["dominance"] == "dominant"


def test_cost_effectiveness_runs(client):
    runs = [
        {"delta_cost": "1000", "delta_effect": "0.2", "threshold": "20000"},
        {"delta_cost": "9000", "delta_effect": "0.2", "threshold": "20000"},
    ]
    status, body = post(client, "cost-effectiveness", {"runs": runs})
    assert status == 200
    assert len(body["runs"]) == 2
    assert Decimal(body["probability_cost_effective"]) == Decimal("0.5")


@pytest.mark.parametrize(
    "body",
    [
        {"delta_cost": "1000", "delta_effect": "0.2"},
        {"delta_cost": "tusen", "delta_effect": "0.2", "threshold": "20000"},
        {"delta_cost": "1000", "delta_effect": "0.2", "threshold": "-1"},
        {"runs": []},
        {"runs": [{"delta_cost": "1"}]},
        [],
    ],
)
def test_bad_cost_effectiveness_input_is_a_422(client, body):
    status, result = post(client, "cost-effectiveness", body)
    assert status == 422, result
    assert result["detail"][0]["msg"]


def test_schema_lists_the_calculations(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/impact/sroi" in schema["paths"]
    assert "/api/v1/impact/cost-effectiveness" in schema["paths"]


shares = st.decimals(min_value=0, max_value=Decimal("0.9"), places=2)


@settings(max_examples=25, deadline=None)
@given(deadweight=shares, attribution=shares, drop_off=shares)
def test_api_agrees_with_the_calculator(deadweight, attribution, drop_off):
    client = Client()
    body = json.loads(json.dumps(EXAMPLE))
    body["outcomes"][0].update(
        deadweight=str(deadweight), attribution=str(attribution), drop_off=str(drop_off)
    )
    status, result = post(client, "sroi", body)
    assert status == 200
    line = sroi.OutcomeLine(
        **{**EXAMPLE["outcomes"][0], **body["outcomes"][0]}, currency="SEK"
    )
    expected = sroi.calculate(
        sroi.SroiInput(
            outcomes=(line,),
            investment=(sroi.InvestmentLine(year=0, amount="1000000"),),
            discount_rate="0.035",
        )
    )
    assert result["sroi_ratio"] == str(expected.sroi_ratio)
    assert result["present_value"] == str(expected.present_value)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=60, deadline=None)
@given(
    path=st.sampled_from(["sroi", "cost-effectiveness"]),
    mutation=st.dictionaries(
        st.sampled_from(
            [
                "discount_rate",
                "investment",
                "outcomes",
                "currency",
                "delta_cost",
                "delta_effect",
                "threshold",
                "runs",
            ]
        ),
        json_values,
        max_size=3,
    ),
)
def test_any_input_gets_an_answer_never_a_500(path, mutation):
    client = Client()
    body = {**json.loads(json.dumps(EXAMPLE)), **mutation}
    status, _result = post(client, path, body)
    assert status in (200, 422)


@pytest.mark.parametrize(
    "change",
    [
        lambda b: b["outcomes"][0].update(duration=10**9),
        lambda b: b["outcomes"][0].update(start_offset=10**9),
        lambda b: b.update(investment=[{"year": 10**9, "amount": "1"}]),
    ],
)
def test_endless_horizons_are_refused_not_computed(client, change):
    body = json.loads(json.dumps(EXAMPLE))
    change(body)
    status, _result = post(client, "sroi", body)
    assert status == 422


def test_docs_page_serves_its_own_assets(client):
    # No CDN: the strict CSP allows only the site's own scripts and styles.
    html = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn." not in html
    assert "<script>" not in html
