"""Impact models for tests: a member's model with a small theory of change."""

import datetime
import itertools

from django.utils import timezone

from motesplats.impact.enums import EvidenceGrade, Level, ModelStatus
from motesplats.impact.models import (
    ChangeLink,
    ChangeStep,
    ImpactModel,
    Indicator,
    IndicatorValue,
    Stakeholder,
    Story,
)
from tests.factories import UserFactory


def make_model(*, user=None, published=False, title="Läxhjälp i Rosengård", **fields):
    model = ImpactModel.objects.create(
        title=title,
        summary="Volontärer ger läxhjälp tre kvällar i veckan.",
        created_by=user or UserFactory(),
        status=ModelStatus.PUBLISHED if published else ModelStatus.DRAFT,
        published_at=timezone.now() if published else None,
        **fields,
    )
    return model


def step(model, level, title, order=0):
    return ChangeStep.objects.create(
        model=model, level=level, title=title, sort_order=order
    )


def link(model, source, target, **fields):
    return ChangeLink.objects.create(
        model=model, source=source, target=target, **fields
    )


def make_full_model(**kwargs):
    """A model with a stakeholder, one step per level, links, an indicator with two
    values and a story."""
    model = make_model(**kwargs)
    Stakeholder.objects.create(model=model, name="Elever i årskurs 7–9")
    steps = {
        Level.INPUT: step(model, Level.INPUT, "20 volontärtimmar i veckan"),
        Level.ACTIVITY: step(model, Level.ACTIVITY, "Läxhjälp tre kvällar i veckan"),
        Level.OUTPUT: step(model, Level.OUTPUT, "120 läxhjälpstillfällen per termin"),
        Level.OUTCOME: step(model, Level.OUTCOME, "Fler elever klarar matematiken"),
        Level.IMPACT: step(model, Level.IMPACT, "Fler unga fullföljer gymnasiet"),
    }
    order = list(steps.values())
    for source, target in itertools.pairwise(order):
        link(
            model,
            source,
            target,
            assumption="Eleverna kommer regelbundet.",
            evidence="Närvarolistor",
            evidence_grade=EvidenceGrade.MEASURED,
        )
    indicator = Indicator.objects.create(
        step=steps[Level.OUTCOME],
        name="Andel elever med godkänt i matematik",
        unit="procent",
        baseline=55,
        target=75,
    )
    IndicatorValue.objects.create(
        indicator=indicator,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 6, 30),
        value=60,
    )
    IndicatorValue.objects.create(
        indicator=indicator,
        period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2025, 12, 31),
        value=65,
    )
    Story.objects.create(
        step=steps[Level.OUTCOME],
        title="Jag vågar fråga nu",
        text="Förut gav jag upp. Nu frågar jag om hjälp och klarade provet.",
        teller="elev, 14 år",
        consent_method="written",
        consent_given_on=timezone.localdate(),
        consent_text_version="impact-story-2025-1",
        recorded_by=model.created_by,
    )
    return model, steps, indicator
