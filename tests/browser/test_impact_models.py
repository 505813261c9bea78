"""Impact models in a real browser: zero axe-core violations on the hub, the guide
(a step, a step with errors, the review with its diagram) and a model's page, in
Swedish and English; the guide works by keyboard and form posts only."""

from django.urls import reverse
from django.utils import translation

import pytest

from tests.browser.conftest import MEMBER_EMAIL
from tests.browser.helpers import assert_no_axe_violations, sign_in

pytestmark = pytest.mark.browser

MODEL_SCRIPT = f"""
from motesplats.accounts.models import User
from motesplats.impact.models import ChangeLink, ChangeStep, ImpactModel, Indicator, Stakeholder
user = User.objects.get(email="{MEMBER_EMAIL}")
model = ImpactModel.objects.create(
    title="Läxhjälp i Rosengård", summary="Volontärer ger läxhjälp.", created_by=user,
    guided_step=8,
)
Stakeholder.objects.create(model=model, name="Elever i årskurs 7–9")
a = ChangeStep.objects.create(model=model, level="activity", title="Läxhjälp tre kvällar i veckan")
o = ChangeStep.objects.create(model=model, level="output", title="120 tillfällen per termin")
e = ChangeStep.objects.create(model=model, level="outcome", title="Fler elever klarar matematiken och går vidare till gymnasiet med godkända betyg")
i = ChangeStep.objects.create(model=model, level="impact", title="Fler unga fullföljer gymnasiet")
ChangeLink.objects.create(model=model, source=a, target=o, assumption="Eleverna kommer", evidence_grade="measured")
ChangeLink.objects.create(model=model, source=o, target=e)
ChangeLink.objects.create(model=model, source=a, target=i)
Indicator.objects.create(step=e, name="Andel godkända", unit="procent", baseline=55, target=75)
print(model.uuid)
"""


def path(name, language="sv", **kwargs):
    with translation.override(language):
        return reverse(f"impact:{name}", kwargs=kwargs)


@pytest.fixture(scope="module")
def model_uuid(server):
    return server["shell"](MODEL_SCRIPT).strip().splitlines()[-1]


@pytest.fixture
def member_page(server, page):
    sign_in(page, server["url"], MEMBER_EMAIL, server["credentials"][MEMBER_EMAIL])
    return page


@pytest.mark.parametrize("language", ["sv", "en"])
def test_hub_has_no_axe_violations(server, page, language):
    page.goto(server["url"] + path("hub", language))
    assert page.locator("h1").count() == 1
    assert page.locator(f'nav.main-nav a[href="{path("hub", language)}"]').count() == 1
    assert_no_axe_violations(page)


def test_published_list_has_no_axe_violations(server, page):
    page.goto(server["url"] + path("model_list"))
    assert_no_axe_violations(page)


def test_guide_first_step_and_its_errors(server, member_page):
    page = member_page
    page.goto(server["url"] + path("guide"))
    assert page.locator('[aria-current="step"]').count() == 1
    assert_no_axe_violations(page)
    # Send the step without a title: the error summary, then the field.
    page.locator("button[name=action][value=next]").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    assert_no_axe_violations(page)
    page.fill("#id_title", "Språkcafé för nyanlända")
    page.locator("button[name=action][value=next]").click()
    page.wait_for_load_state()
    assert "/2/" in page.url


def test_guide_steps_by_keyboard(server, member_page, model_uuid):
    page = member_page
    page.goto(server["url"] + path("guide_step", uuid=model_uuid, step=3))
    assert_no_axe_violations(page)
    page.locator("#id_level_1").check()
    page.fill("#id_title", "Föräldraträffar")
    page.locator("#id_title").press("Enter")  # the first button: add another
    page.wait_for_load_state()
    assert "/3/" in page.url
    assert page.get_by_text("Föräldraträffar").count() >= 1


@pytest.mark.parametrize("step", [6, 8, 9])
def test_guide_later_steps_have_no_axe_violations(
    server, member_page, model_uuid, step
):
    member_page.goto(server["url"] + path("guide_step", uuid=model_uuid, step=step))
    assert member_page.locator("h1").count() == 1
    assert_no_axe_violations(member_page)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_model_page_has_no_axe_violations(server, member_page, model_uuid, language):
    member_page.goto(server["url"] + path("model_detail", language, uuid=model_uuid))
    assert member_page.locator("svg[role=img]").count() == 1
    assert member_page.locator(".toc-text li").count() >= 5
    assert_no_axe_violations(member_page)


def test_story_form_with_errors_has_no_axe_violations(server, member_page, model_uuid):
    page = member_page
    page.goto(server["url"] + path("part_add", uuid=model_uuid, kind="story"))
    page.locator("form.submission-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    assert_no_axe_violations(page)
