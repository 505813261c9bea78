"""The SROI calculator page: the form, figures equal to the calculator module's (and
to published fixtures), 400 with the field's message for bad input, adding a line
without JavaScript and the financial proxy library (fuzzing in ..._sroi_fuzz)."""

import re
from decimal import Decimal

from django.urls import reverse
from django.utils import translation

import pytest

from motesplats.impact.calculations import sroi, sroi_sensitivity
from motesplats.impact.calculations.limits import FORM_MAX_LINES
from motesplats.impact.enums import ProxyLicence, ProxyMethod
from motesplats.impact.models import FinancialProxy

pytestmark = pytest.mark.django_db

D = Decimal


def url(language: str = "en") -> str:
    with translation.override(language):
        return reverse("impact:sroi")


def management(prefix: str, total: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "1",
        f"{prefix}-MAX_NUM_FORMS": str(FORM_MAX_LINES),
    }


def outcome(index: int, **values) -> dict:
    line = {
        "stakeholder": "Unga 18–24",
        "outcome": "Unga i arbete",
        "indicator": "",
        "quantity": "20",
        "proxy": "150000",
        "currency": "",
        "price_year": "2024",
        "source": "Egen uppskattning",
        "deadweight": "25",
        "displacement": "10",
        "attribution": "20",
        "leakage": "0",
        "drop_off": "20",
        "duration": "3",
        "start_offset": "0",
    }
    line.update(values)
    return {f"outcome-{index}-{key}": value for key, value in line.items()}


def investment(index: int, year="0", amount="1000000", description="") -> dict:
    return {
        f"investment-{index}-year": year,
        f"investment-{index}-amount": amount,
        f"investment-{index}-description": description,
    }


def sroi_data(outcomes=None, investments=None, **form) -> dict:
    outcomes = outcomes if outcomes is not None else [outcome(0)]
    investments = investments if investments is not None else [investment(0)]
    data = {
        "title": "",
        "currency": "SEK",
        "discount_preset": "GREEN_BOOK_STPR_3_5",
        "custom_rate": "",
        **management("outcome", len(outcomes)),
        **management("investment", len(investments)),
    }
    for line in [*outcomes, *investments]:
        data.update(line)
    data.update(form)
    return data


def expected_analysis(**changes) -> sroi.SroiInput:
    line = sroi.OutcomeLine(
        name="Unga i arbete",
        stakeholder="Unga 18–24",
        quantity=D(20),
        proxy=D(150000),
        price_year=2024,
        deadweight=D("0.25"),
        displacement=D("0.10"),
        attribution=D("0.20"),
        drop_off=D("0.20"),
        duration=3,
    )
    changes.setdefault("discount_preset", "GREEN_BOOK_STPR_3_5")
    return sroi.SroiInput(
        outcomes=(line,),
        investment=(sroi.InvestmentLine(year=0, amount=D(1000000)),),
        **changes,
    )


def en_money(value: Decimal) -> str:
    return f"{value:,.2f}"


def summary(response) -> str:
    html = response.content.decode()
    assert 'class="error-summary"' in html
    return html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]


# --------------------------------------------------------------------------- GET


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_empty_form_is_public_in_both_languages(client, language):
    response = client.get(url(language))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{language}"' in html
    assert 'name="outcome-0-outcome"' in html
    assert 'name="investment-0-amount"' in html
    assert 'id="results-title"' not in html
    # The default discount rate is the Green Book rate, checked and sourced.
    assert re.search(r'value="GREEN_BOOK_STPR_3_5"[^>]*checked', html)
    assert "gov.uk/government/publications/the-green-book" in html


def test_the_page_links_to_the_other_calculators(client, en):
    html = client.get(url()).content.decode()
    assert reverse("impact:social_investment") in html
    assert reverse("impact:cost_effectiveness") in html
    assert 'aria-current="page">Social return on investment' in html


def test_the_example_fills_the_form(client, en):
    html = client.get(url() + "?example=1").content.decode()
    assert 'name="outcome-2-outcome"' in html
    assert 'value="Have a job"' in html
    assert 'name="investment-1-amount"' in html


# --------------------------------------------------------------------------- results


def test_results_equal_the_calculator_module(client, en):
    response = client.post(url(), sroi_data())
    assert response.status_code == 200
    html = response.content.decode()
    analysis = expected_analysis()
    result = sroi.calculate(analysis)
    assert f"{result.sroi_ratio} : 1" in html
    assert f"{en_money(result.present_value)} SEK" in html
    assert f"{en_money(result.net_present_value)} SEK" in html
    assert f"{en_money(result.investment_present_value)} SEK" in html
    assert f"{result.payback_months} months" in html
    for row in result.years:
        assert f"<td>{en_money(row.discounted)}</td>" in html
    # Break-even and Monte Carlo come from the sensitivity module, seeded.
    deadweight = next(
        b for b in sroi_sensitivity.break_evens(analysis) if b.parameter == "deadweight"
    )
    assert f"{(deadweight.value * 100).normalize()} %" in html
    assert "How the figures were computed" in html
    assert "Discount rate: 3.5 % a year" in html
    assert '<svg class="chart-svg"' in html
    assert 'role="img"' in html


def test_published_fixture_mishan_and_quah_discounted_present_value(client, en):
    """T2: -100 now, 50 after one year, 150 after two, at 10 %: PV 169.4."""
    data = sroi_data(
        outcomes=[
            outcome(
                0,
                quantity="1",
                proxy="50",
                deadweight="",
                displacement="",
                attribution="",
                drop_off="",
                duration="1",
                start_offset="0",
            ),
            outcome(
                1,
                outcome="Second year",
                quantity="1",
                proxy="150",
                deadweight="",
                displacement="",
                attribution="",
                drop_off="",
                duration="1",
                start_offset="1",
            ),
        ],
        investments=[investment(0, amount="100")],
        discount_preset="CUSTOM",
        custom_rate="10",
    )
    html = client.post(url(), data).content.decode()
    assert "169.42 SEK" in html  # published: 169.4
    assert "69.42 SEK" in html
    assert "1.69 : 1" in html


def test_published_fixture_multi_year_costs_are_discounted(client, en):
    """T6: benefits 50-75k over five years, costs 100k a year, 8 %: ratio 0.63."""
    benefits = ["50000", "60000", "65000", "70000", "75000"]
    data = sroi_data(
        outcomes=[
            outcome(
                index,
                outcome=f"Year {index + 1}",
                quantity="1",
                proxy=value,
                deadweight="0",
                displacement="0",
                attribution="0",
                drop_off="0",
                duration="1",
                start_offset=str(index),
            )
            for index, value in enumerate(benefits)
        ],
        investments=[investment(i, year=str(i + 1), amount="100000") for i in range(5)],
        discount_preset="CUSTOM",
        custom_rate="8",
    )
    html = client.post(url(), data).content.decode()
    assert "251,831.55 SEK" in html
    assert "399,271.00 SEK" in html
    assert "0.63 : 1" in html


def test_swedish_numbers_have_a_decimal_comma_and_spaces(client, sv):
    html = client.post(url("sv"), sroi_data()).content.decode()
    result = sroi.calculate(expected_analysis())
    whole, decimals = f"{result.present_value:.2f}".split(".")
    grouped = f"{int(whole):,}".replace(",", "\xa0")
    assert f"{grouped},{decimals} SEK" in html
    assert f"{str(result.sroi_ratio).replace('.', ',')} : 1" in html


def svg_coordinates_are_plain(html: str) -> bool:
    """SVG coordinates must not take a Swedish decimal comma (it would split them)."""
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    assert svgs
    return not any(
        re.search(r'(?:x|y|x1|x2|y1|y2|width|height|cx|cy)="[^"]*,', svg)
        for svg in svgs
    )


def test_swedish_pages_keep_chart_coordinates_plain(client, sv):
    html = client.post(url("sv"), sroi_data()).content.decode()
    assert svg_coordinates_are_plain(html)


def test_swedish_notation_is_read(client, en):
    data = sroi_data(
        outcomes=[outcome(0, proxy="150 000,00", deadweight="25,0")],
        investments=[investment(0, amount="1\xa0000\xa0000")],
    )
    html = client.post(url(), data).content.decode()
    assert f"{sroi.calculate(expected_analysis()).sroi_ratio} : 1" in html


def test_own_discount_rate(client, en):
    html = client.post(
        url(), sroi_data(discount_preset="CUSTOM", custom_rate="5")
    ).content.decode()
    analysis = expected_analysis(discount_preset="CUSTOM", discount_rate=D("0.05"))
    assert f"{sroi.calculate(analysis).sroi_ratio} : 1" in html
    assert "5 % a year, your own rate" in html


def test_empty_added_lines_are_ignored(client, en):
    empty = outcome(1, stakeholder="", outcome="", quantity="", proxy="", source="")
    html = client.post(url(), sroi_data(outcomes=[outcome(0), empty])).content.decode()
    assert f"{sroi.calculate(expected_analysis()).sroi_ratio} : 1" in html


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            sroi_data(outcomes=[outcome(0, deadweight="150")]),
            "Ensure this value is less than or equal to 100",
        ),
        (
            sroi_data(outcomes=[outcome(0, duration="-1")]),
            "Ensure this value is greater than or equal to 1",
        ),
        (
            sroi_data(investments=[investment(0, amount="0")]),
            "The investment must be more than zero in total.",
        ),
        (sroi_data(outcomes=[outcome(0, quantity="many")]), "Enter a number."),
        (sroi_data(outcomes=[outcome(0, quantity="NaN")]), "Enter a number."),
        (
            sroi_data(outcomes=[outcome(0, outcome="", quantity="")]),
            "This field is required.",
        ),
        (
            sroi_data(outcomes=[outcome(0, proxy="")]),
            "Give the value",
        ),
        (
            sroi_data(
                outcomes=[outcome(i) for i in range(FORM_MAX_LINES + 1)],
            ),
            f"Please submit at most {FORM_MAX_LINES} forms.",
        ),
        (
            sroi_data(discount_preset="CUSTOM", custom_rate=""),
            "Give the discount rate, or choose one of the rates above.",
        ),
        (sroi_data(discount_preset="NOPE"), "Select a valid choice."),
        (
            sroi_data(outcomes=[outcome(0, currency="EUR")]),
            "The value is in EUR but the analysis is in SEK",
        ),
        (
            sroi_data(outcomes=[outcome(0, quantity="1" * 40)]),
            "Ensure that there are no more than",
        ),
    ],
    ids=[
        "share-over-100",
        "negative-duration",
        "zero-investment",
        "text-in-number",
        "nan",
        "missing-fields",
        "missing-proxy",
        "too-many-lines",
        "custom-rate-missing",
        "unknown-preset",
        "currency-mismatch",
        "huge-number",
    ],
)
def test_bad_input_is_a_400_with_the_message_and_no_result(client, en, data, message):
    response = client.post(url(), data)
    assert response.status_code == 400
    assert message in summary(response)
    assert 'id="results-title"' not in response.content.decode()


def test_error_messages_name_the_line_and_link_to_the_field(client, en):
    data = sroi_data(outcomes=[outcome(0), outcome(1, deadweight="101")])
    text = summary(client.post(url(), data))
    assert 'href="#id_outcome-1-deadweight"' in text
    assert "Outcome 2 – Deadweight (%)" in text


def test_a_missing_management_form_is_a_400_not_a_500(client, en):
    data = sroi_data()
    del data["outcome-TOTAL_FORMS"]
    assert client.post(url(), data).status_code == 400


def test_swedish_errors_are_in_swedish(client, sv):
    response = client.post(url("sv"), sroi_data(outcomes=[outcome(0, quantity="x")]))
    assert response.status_code == 400
    assert "Fyll i ett tal." in summary(response)


# --------------------------------------------------------------------------- add a line


def test_add_a_line_without_javascript_keeps_the_values(client, en):
    data = sroi_data(add="outcome")
    response = client.post(url(), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="outcome-TOTAL_FORMS" value="2"' in html
    assert 'name="outcome-1-outcome"' in html
    assert 'value="Unga i arbete"' in html
    assert 'class="error-summary"' not in html
    assert 'id="results-title"' not in html


def test_add_an_investment_line(client, en):
    html = client.post(url(), sroi_data(add="investment")).content.decode()
    assert 'name="investment-TOTAL_FORMS" value="2"' in html
    assert 'name="investment-1-amount"' in html


def test_no_line_is_added_past_the_limit(client, en):
    data = sroi_data(
        outcomes=[outcome(i) for i in range(FORM_MAX_LINES)], add="outcome"
    )
    html = client.post(url(), data).content.decode()
    assert f'name="outcome-TOTAL_FORMS" value="{FORM_MAX_LINES}"' in html
    assert 'value="outcome"' not in html  # the add button is gone


# --------------------------------------------------------------------------- proxies


@pytest.fixture
def proxy():
    return FinancialProxy.objects.create(
        name_sv="Minskat försörjningsstöd",
        name_en="Less income support",
        value=D("95000.00"),
        unit_sv="person och år",
        unit_en="person and year",
        currency="SEK",
        price_year=2024,
        method=ProxyMethod.AVOIDED_COST,
        source="Kommunens årsredovisning",
        source_url="https://example.org/arsredovisning",
        licence=ProxyLicence.CC_BY,
    )


def test_a_library_proxy_fills_in_an_empty_value(client, en, proxy):
    html = client.get(url()).content.decode()
    assert "Less income support" in html
    data = sroi_data(outcomes=[outcome(0, proxy="", proxy_choice=str(proxy.pk))])
    response = client.post(url(), data)
    assert response.status_code == 200
    analysis = expected_analysis()
    analysis = analysis.with_outcome(0, proxy=D(95000))
    assert f"{sroi.calculate(analysis).sroi_ratio} : 1" in response.content.decode()


def test_an_own_value_wins_over_the_library(client, en, proxy):
    data = sroi_data(outcomes=[outcome(0, proxy_choice=str(proxy.pk))])
    html = client.post(url(), data).content.decode()
    assert f"{sroi.calculate(expected_analysis()).sroi_ratio} : 1" in html


def test_unpublished_proxies_are_not_offered(client, en, proxy):
    proxy.is_published = False
    proxy.save()
    assert "Less income support" not in client.get(url()).content.decode()
    data = sroi_data(outcomes=[outcome(0, proxy="", proxy_choice=str(proxy.pk))])
    assert client.post(url(), data).status_code == 400
