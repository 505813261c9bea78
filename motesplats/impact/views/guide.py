"""The guided mode: a beginner builds an impact model one question at a time.

Nine steps, each with an explanation and an example: 1 what and who, 2 stakeholders,
3 inputs and activities, 4 outputs, 5 outcomes and impact, 6 links, 7 indicators,
8 stories, 9 review and publish. Each step saves through the same forms and services
as the editing pages; "Save and continue" records the step reached
(`ImpactModel.guided_step`), so "My impact models" can resume where one stopped.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from motesplats.core.forms import error_summary
from motesplats.core.ratelimit import rate_limited
from motesplats.impact.enums import Level
from motesplats.impact.forms.models import ImpactModelForm
from motesplats.impact.forms.models_parts import STORY_CONSENT_VERSION, IndicatorForm
from motesplats.impact.services import impact_model_create, impact_model_update
from motesplats.impact.views.models_context import (
    LAST_GUIDE_STEP,
    apply_service,
    editable_model,
    missing_parts,
)
from motesplats.impact.views.models_parts import make_form, save_part

FIRST_FIELDS = ("title", "summary", "language", "subject")


@dataclass(frozen=True)
class GuideStep:
    number: int
    title: Promise
    question: Promise
    explanation: Promise
    example: Promise
    kind: str | None = None  # the part this step adds (None: the model or the review)
    levels: tuple[str, ...] = ()
    form_fields: tuple[str, ...] | None = None
    needs_steps: int = field(default=0)  # steps the model must have first


STEPS = (
    GuideStep(
        1,
        gettext_lazy("What and who"),
        gettext_lazy("What do you want to change, and for whom?"),
        gettext_lazy(
            "Give your impact model a name and describe in a few sentences the problem, "
            "what you do about it and what you hope will change. If the work belongs "
            "to an organisation you administer or a coalition you coordinate, choose it."
        ),
        gettext_lazy(
            "“Homework help in Rosengård”: Many pupils in years 7–9 leave school "
            "without passing grades. Volunteers give homework help three evenings a "
            "week. We want more pupils to pass and to go on to upper secondary school."
        ),
    ),
    GuideStep(
        2,
        gettext_lazy("Stakeholders"),
        gettext_lazy("Who is affected, and who helps bring the change about?"),
        gettext_lazy(
            "Name the groups: those who experience the change and those who "
            "contribute to it. Describe groups, never single persons."
        ),
        gettext_lazy(
            "Experiences the change: “Pupils in years 7–9”. Contributes: "
            "“Volunteer students”, “The school”."
        ),
        kind="stakeholder",
    ),
    GuideStep(
        3,
        gettext_lazy("Inputs and activities"),
        gettext_lazy("What do you put in, and what do you do?"),
        gettext_lazy(
            "Inputs are the resources: money, time, premises, knowledge. Activities "
            "are what you do with them. Add one at a time."
        ),
        gettext_lazy(
            "Input: “20 volunteer hours a week”. Activity: “Homework help three "
            "evenings a week”."
        ),
        kind="step",
        levels=(Level.INPUT, Level.ACTIVITY),
    ),
    GuideStep(
        4,
        gettext_lazy("Outputs"),
        gettext_lazy("What do the activities produce that you can count?"),
        gettext_lazy(
            "Outputs are the direct, countable results of the activities: how many "
            "took part, how many meetings were held. They are not yet the change."
        ),
        gettext_lazy("“120 homework sessions a term with 40 pupils”."),
        kind="step",
        levels=(Level.OUTPUT,),
    ),
    GuideStep(
        5,
        gettext_lazy("Outcomes and lasting impact"),
        gettext_lazy("What changes for people, in the short and the long run?"),
        gettext_lazy(
            "Outcomes are the changes for the stakeholders: in knowledge, behaviour "
            "or situation. Lasting impact is the long-term change in society that "
            "the outcomes contribute to."
        ),
        gettext_lazy(
            "Outcome: “More pupils pass mathematics”. Lasting impact: “More young "
            "people complete upper secondary school”."
        ),
        kind="step",
        levels=(Level.OUTCOME, Level.IMPACT),
    ),
    GuideStep(
        6,
        gettext_lazy("Links, assumptions and evidence"),
        gettext_lazy("Which step leads to which, and why do you believe so?"),
        gettext_lazy(
            "Link the steps from inputs to lasting impact. For each link, write the "
            "assumption that must hold, what backs it, and how strong that evidence "
            "is. Honest grades make the model more credible, not less."
        ),
        gettext_lazy(
            "“Homework help” leads to “More pupils pass mathematics”. Assumption: "
            "the pupils come regularly. Evidence: attendance lists and the school’s "
            "grades before and after (own measurements)."
        ),
        kind="link",
        needs_steps=2,
    ),
    GuideStep(
        7,
        gettext_lazy("Indicators"),
        gettext_lazy("How will you know that the change happens?"),
        gettext_lazy(
            "For each outcome, choose something to measure. Write the baseline (the "
            "value before you started) and the target you aim for. You can record "
            "measured values later on the model’s page."
        ),
        gettext_lazy(
            "“Share of participating pupils with a pass in mathematics”, unit per "
            "cent, baseline 55, target 75."
        ),
        kind="indicator",
        form_fields=IndicatorForm.GUIDE_FIELDS,
        needs_steps=1,
    ),
    GuideStep(
        8,
        gettext_lazy("Stories (optional)"),
        gettext_lazy("Is there a story that shows the change?"),
        gettext_lazy(
            "A story in a participant’s own words makes the figures come alive. Save "
            "it only if the person has agreed, and never with their name. You can "
            "skip this step."
        ),
        gettext_lazy(
            "“I used to give up on maths. Now I ask for help and I passed the test.” "
            "– pupil, 14 years."
        ),
        kind="story",
        needs_steps=1,
    ),
    GuideStep(
        9,
        gettext_lazy("Review and publish"),
        gettext_lazy("Does the model tell the whole story?"),
        gettext_lazy(
            "Here is your theory of change as a diagram, and a list of what is still "
            "missing. Fill the gaps you can, then publish the model so that others can "
            "learn from it. You can change it afterwards."
        ),
        gettext_lazy(
            "A model is ready to publish when every outcome has an indicator and the "
            "most important links have evidence."
        ),
    ),
)
if len(STEPS) != LAST_GUIDE_STEP:  # the numbering is shared with resume_step
    raise RuntimeError("the guide's steps and LAST_GUIDE_STEP disagree")


def _step_url(model, number: int) -> str:
    return reverse("impact:guide_step", kwargs={"uuid": model.uuid, "step": number})


def _items(model, step: GuideStep) -> list:
    """What the model already has for this step."""
    if step.kind == "stakeholder":
        return list(model.stakeholders.all())
    if step.kind == "step":
        return [s for s in model.steps.all() if s.level in step.levels]
    if step.kind == "link":
        return list(model.links.all())
    if step.kind == "indicator":
        return [i for s in model.steps.all() for i in s.indicators.all()]
    if step.kind == "story":
        return [st for s in model.steps.all() for st in s.stories.all()]
    return []


def _form(model, step: GuideStep, data=None):
    extra = {}
    if step.kind == "step":
        extra["levels"] = step.levels
    if step.form_fields is not None:
        extra["fields"] = step.form_fields
    return make_form(step.kind, model, data, **extra)


def _page(request, step: GuideStep, *, model=None, form=None, status=200):
    context = {
        "step": step,
        "steps": STEPS,
        "model": model,
        "form": form,
        "total": LAST_GUIDE_STEP,
        "previous": step.number - 1 if step.number > 1 else None,
        "consent_version": STORY_CONSENT_VERSION,
        "errors": error_summary(form) if form is not None and form.errors else [],
    }
    if model is not None:
        context["items"] = _items(model, step)
        context["blocked"] = len(list(model.steps.all())) < step.needs_steps
        if step.number == LAST_GUIDE_STEP:
            context["missing"] = missing_parts(model)
    return render(request, "impact/guide/step.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("impact_model_create")
def guide_start_view(request: HttpRequest) -> HttpResponse:
    """Step 1 for a new model: saving it creates the draft."""
    step = STEPS[0]
    if request.method == "POST":
        form = ImpactModelForm(request.POST, user=request.user, fields=FIRST_FIELDS)
        if form.is_valid():
            fields, _themes = form.service_fields()
            model = apply_service(
                form,
                lambda: impact_model_create(user=request.user, guided_step=1, **fields),
            )
            if model is not None:
                messages.success(
                    request,
                    _("“%(title)s” is saved as a draft.") % {"title": model.title},
                )
                return HttpResponseRedirect(_step_url(model, 2))
        return _page(request, step, form=form, status=400)
    form = ImpactModelForm(user=request.user, fields=FIRST_FIELDS)
    return _page(request, step, form=form)


def _advance(request, model, step: GuideStep) -> HttpResponse:
    impact_model_update(user=request.user, model=model, guided_step=step.number)
    return HttpResponseRedirect(_step_url(model, step.number + 1))


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("impact_model_part")
def guide_step_view(request: HttpRequest, uuid, step: int) -> HttpResponse:
    if not 1 <= step <= LAST_GUIDE_STEP:
        raise Http404
    model = editable_model(request, uuid, detail=True)
    current = STEPS[step - 1]
    if current.kind is None and current.number == 1:
        return _first_step(request, model, current)
    if current.kind is None:  # the review: publishing posts to the publish view
        return _page(request, current, model=model)
    blocked = len(list(model.steps.all())) < current.needs_steps
    if request.method == "POST":
        action = request.POST.get("action", "next")
        form = None if blocked else _form(model, current, request.POST)
        if form is None or (action == "next" and form.is_blank()):
            return _advance(request, model, current)
        if save_part(request, model, current.kind, form) is None:
            return _page(request, current, model=model, form=form, status=400)
        if action == "next":
            return _advance(request, model, current)
        messages.success(request, _("Added. Add another, or continue."))
        return HttpResponseRedirect(_step_url(model, step))
    form = None if blocked else _form(model, current)
    return _page(request, current, model=model, form=form)


def _first_step(request, model, step: GuideStep) -> HttpResponse:
    if request.method == "POST":
        form = ImpactModelForm(
            request.POST, user=request.user, model=model, fields=FIRST_FIELDS
        )
        if form.is_valid():
            fields, _themes = form.service_fields()
            saved = apply_service(
                form,
                lambda: impact_model_update(
                    user=request.user,
                    model=model,
                    guided_step=step.number,
                    **fields,
                ),
            )
            if saved is not None:
                return HttpResponseRedirect(_step_url(model, 2))
        return _page(request, step, model=model, form=form, status=400)
    form = ImpactModelForm(
        user=request.user,
        model=model,
        fields=FIRST_FIELDS,
        initial=ImpactModelForm.initial_for(model),
    )
    return _page(request, step, model=model, form=form)
