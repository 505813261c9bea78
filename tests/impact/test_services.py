"""Writes on impact models: the graph stays acyclic and forward, links are not
doubled, only editors change a model, stories need consent, values replace per
period, a refused SROI map leaves nothing behind, parts of other models are refused."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils import timezone

import pytest

from motesplats.impact.enums import Level
from motesplats.impact.models import (
    ChangeLink,
    IndicatorValue,
    SroiAnalysis,
    Story,
)
from motesplats.impact.permissions import can_edit, can_view
from motesplats.impact.services import (
    ImpactError,
    impact_model_create,
    impact_model_update,
    indicator_value_record,
    link_save,
    part_delete,
    sroi_save,
    step_save,
    story_record,
)
from motesplats.nodes.services import NATIONAL_EDITORS_GROUP
from tests.actors.factories import (
    CoalitionFactory,
    OrganisationFactory,
    add_coalition_member,
    add_org_member,
)
from tests.factories import UserFactory
from tests.impact.model_factories import make_full_model, make_model, step

# The services speak the active language; these tests read the English messages.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("en")]


def editor():
    user = UserFactory()
    user.groups.add(Group.objects.get(name=NATIONAL_EDITORS_GROUP))
    return user


# --- the graph --------------------------------------------------------------------------


def test_cycle_is_refused():
    model = make_model()
    a = step(model, Level.OUTCOME, "A")
    b = step(model, Level.OUTCOME, "B")
    c = step(model, Level.OUTCOME, "C")
    user = model.created_by
    link_save(user=user, model=model, source=a, target=b)
    link_save(user=user, model=model, source=b, target=c)
    with pytest.raises(ImpactError, match="circle"):
        link_save(user=user, model=model, source=c, target=a)
    assert ChangeLink.objects.filter(model=model).count() == 2


def test_backward_link_is_refused():
    model = make_model()
    activity = step(model, Level.ACTIVITY, "Aktivitet")
    outcome = step(model, Level.OUTCOME, "Effekt")
    with pytest.raises(ImpactError):
        link_save(user=model.created_by, model=model, source=outcome, target=activity)
    assert not ChangeLink.objects.filter(model=model).exists()


def test_step_moving_a_level_back_is_refused_when_links_would_point_back():
    model = make_model()
    activity = step(model, Level.ACTIVITY, "Aktivitet")
    outcome = step(model, Level.OUTCOME, "Effekt")
    link_save(user=model.created_by, model=model, source=activity, target=outcome)
    with pytest.raises(ImpactError):
        step_save(user=model.created_by, model=model, step=outcome, level=Level.INPUT)
    outcome.refresh_from_db()
    assert outcome.level == Level.OUTCOME


def test_duplicate_link_is_refused():
    model = make_model()
    a = step(model, Level.ACTIVITY, "A")
    b = step(model, Level.OUTPUT, "B")
    link_save(user=model.created_by, model=model, source=a, target=b)
    with pytest.raises(ImpactError, match="already linked"):
        link_save(user=model.created_by, model=model, source=a, target=b)
    assert ChangeLink.objects.filter(model=model).count() == 1


def test_moving_a_link_keeps_its_row_and_ignores_its_old_place():
    model = make_model()
    a = step(model, Level.OUTCOME, "A")
    b = step(model, Level.OUTCOME, "B")
    link = link_save(user=model.created_by, model=model, source=a, target=b)
    # Turning A→B into B→A is no circle: the old A→B no longer counts.
    moved = link_save(user=model.created_by, model=model, source=b, target=a, link=link)
    assert moved.pk == link.pk
    assert (moved.source_id, moved.target_id) == (b.pk, a.pk)


def test_link_between_steps_of_another_model_is_refused():
    model = make_model()
    other = make_model(user=model.created_by)
    a = step(model, Level.ACTIVITY, "A")
    b = step(other, Level.OUTPUT, "B")
    with pytest.raises(ImpactError):
        link_save(user=model.created_by, model=model, source=a, target=b)


# --- who may edit -----------------------------------------------------------------------


def test_editing_rights():
    creator = UserFactory()
    org = OrganisationFactory()
    org_admin = add_org_member(org, admin=True).user
    org_member = add_org_member(org).user
    coalition = CoalitionFactory()
    coordinator = UserFactory()
    add_coalition_member(coalition, user=coordinator, coordinator=True)
    stranger = UserFactory()
    with_org = make_model(user=creator, organisation=org)
    with_coalition = make_model(user=creator, coalition=coalition)
    assert can_edit(creator, with_org)
    assert can_edit(org_admin, with_org)
    assert not can_edit(org_member, with_org)
    assert can_edit(coordinator, with_coalition)
    assert not can_edit(coordinator, with_org)
    assert can_edit(editor(), with_org)
    assert not can_edit(stranger, with_org)
    assert not can_view(stranger, with_org)
    for user in (stranger, org_member):
        with pytest.raises(PermissionDenied):
            impact_model_update(user=user, model=with_org, title="Kapad")
        with pytest.raises(PermissionDenied):
            step_save(user=user, model=with_org, level=Level.INPUT, title="X")
    with_org.refresh_from_db()
    assert with_org.title != "Kapad"
    impact_model_update(user=org_admin, model=with_org, title="Nytt namn")
    with_org.refresh_from_db()
    assert with_org.title == "Nytt namn"


def test_subject_must_be_one_the_member_leads():
    user = UserFactory()
    org = OrganisationFactory()
    with pytest.raises(ImpactError):
        impact_model_create(user=user, title="X", organisation=org)
    add_org_member(org, user, admin=True)
    model = impact_model_create(user=user, title="X", organisation=org)
    assert model.organisation == org
    with pytest.raises(ImpactError):
        impact_model_create(
            user=user, title="Y", organisation=org, coalition=CoalitionFactory()
        )


def test_visitors_cannot_create():
    from django.contrib.auth.models import AnonymousUser  # noqa: PLC0415

    with pytest.raises(PermissionDenied):
        impact_model_create(user=AnonymousUser(), title="X")


def test_guided_step_only_moves_forward():
    model = make_model(guided_step=5)
    impact_model_update(user=model.created_by, model=model, guided_step=3)
    model.refresh_from_db()
    assert model.guided_step == 5


# --- evidence ---------------------------------------------------------------------------


def _story_fields(**extra):
    return {
        "title": "Jag vågar fråga",
        "text": "Nu klarar jag provet.",
        "teller": "elev, 14 år",
        "consent_method": "written",
        "consent_given_on": timezone.localdate(),
        "consent_text_version": "impact-story-2025-1",
        **extra,
    }


def test_story_without_consent_is_refused_and_nothing_saved():
    model = make_model()
    outcome = step(model, Level.OUTCOME, "Effekt")
    with pytest.raises(ImpactError):
        story_record(
            user=model.created_by,
            model=model,
            step=outcome,
            consent=False,
            **_story_fields(),
        )
    assert not Story.objects.filter(step__model=model).exists()


def test_story_with_consent_in_the_future_is_refused():
    model = make_model()
    outcome = step(model, Level.OUTCOME, "Effekt")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ImpactError, match="future"):
        story_record(
            user=model.created_by,
            model=model,
            step=outcome,
            consent=True,
            **_story_fields(consent_given_on=tomorrow),
        )
    assert not Story.objects.filter(step__model=model).exists()


def test_story_is_recorded_and_can_be_changed():
    model = make_model()
    outcome = step(model, Level.OUTCOME, "Effekt")
    story = story_record(
        user=model.created_by,
        model=model,
        step=outcome,
        consent=True,
        **_story_fields(),
    )
    assert story.recorded_by == model.created_by
    coeditor = editor()
    story_record(
        user=coeditor,
        model=model,
        step=outcome,
        consent=True,
        story=story,
        **_story_fields(title="Ny titel"),
    )
    story.refresh_from_db()
    assert story.title == "Ny titel"
    assert story.recorded_by == model.created_by


def test_indicator_value_is_replaced_for_the_same_period():
    model, _steps, indicator = make_full_model()
    before = indicator.values.count()
    indicator_value_record(
        user=model.created_by,
        model=model,
        indicator=indicator,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 6, 30),
        value=Decimal(62),
    )
    assert indicator.values.count() == before
    assert indicator.values.get(period_start=datetime.date(2025, 1, 1)).value == 62
    with pytest.raises(ImpactError):
        indicator_value_record(
            user=model.created_by,
            model=model,
            indicator=indicator,
            period_start=datetime.date(2025, 6, 30),
            period_end=datetime.date(2025, 1, 1),
            value=Decimal(1),
        )


def test_sroi_refusal_rolls_back():
    model = make_model()
    with pytest.raises(ImpactError):
        sroi_save(
            user=model.created_by,
            model=model,
            settings={"discount_preset": "GREEN_BOOK_STPR_3_5"},
            investments=[],  # no investment: the calculator refuses the map
            outcomes=[
                {
                    "name": "Fler klarar skolan",
                    "quantity": Decimal(10),
                    "proxy_value": Decimal(1000),
                }
            ],
        )
    assert not SroiAnalysis.objects.filter(model=model).exists()


def test_sroi_map_is_saved_when_the_calculator_accepts_it():
    model = make_model()
    analysis = sroi_save(
        user=model.created_by,
        model=model,
        settings={"discount_preset": "GREEN_BOOK_STPR_3_5"},
        investments=[{"year": 0, "amount": Decimal(5000)}],
        outcomes=[
            {
                "name": "Fler klarar skolan",
                "quantity": Decimal(10),
                "proxy_value": Decimal(1000),
            }
        ],
    )
    assert analysis.outcomes.count() == 1
    assert analysis.investments.count() == 1


def test_delete_of_a_part_of_another_model_is_refused():
    mine = make_model()
    other, steps, indicator = make_full_model()
    value = IndicatorValue.objects.filter(indicator=indicator).first()
    story = Story.objects.filter(step__model=other).first()
    link = ChangeLink.objects.filter(model=other).first()
    for part in (steps[Level.INPUT], link, indicator, value, story):
        with pytest.raises(PermissionDenied):
            part_delete(user=mine.created_by, model=mine, part=part)
        assert type(part).objects.filter(pk=part.pk).exists()
    # The model's own editor is refused too when naming the wrong model.
    with pytest.raises(PermissionDenied):
        part_delete(user=other.created_by, model=mine, part=link)


def test_delete_of_an_own_part():
    model, steps, _ind = make_full_model()
    part_delete(user=model.created_by, model=model, part=steps[Level.INPUT])
    assert (
        not type(steps[Level.INPUT]).objects.filter(pk=steps[Level.INPUT].pk).exists()
    )
