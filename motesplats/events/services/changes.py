"""Participants' own changes to a booking: correct details, or cancel.

A change never touches the place: only the name, the organisation and the answers that
are not health data can be changed (the e-mail address identifies the person; a new
person is a new registration). Cancelling goes through `registration_cancel`, which
passes a freed place on to the waiting list; the person gets a receipt.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motesplats.core.audit import log_action
from motesplats.events.enums import (
    ACTIVE,
    QuestionKind,
    RaffleStatus,
    RegistrationStatus,
)
from motesplats.events.models import Raffle, Registration, RegistrationQuestion

from . import notifications
from .registration import (
    RegistrationError,
    offer_decline,
    registration_cancel,
)

NAME_MAX = 200
ORGANISATION_MAX = 200
TEXT_ANSWER_MAX = 1000


def clean_answer(question: RegistrationQuestion, value: Any) -> Any:
    """The stored form of an answer (None when unanswered); ValueError when invalid.

    Text is stored as written, a choice as its Swedish wording (the same in both
    languages and readable in exports), yes/no as a boolean.
    """
    if value is None or value == "":
        return None
    if question.kind == QuestionKind.BOOLEAN:
        if isinstance(value, bool):
            return value
        raise ValueError("not a yes or no")
    if not isinstance(value, str):
        raise ValueError("not text")
    value = value.strip()
    if not value:
        return None
    if question.kind == QuestionKind.CHOICE:
        if value not in question.choice_list("sv"):
            raise ValueError("not one of the choices")
        return value
    if len(value) > TEXT_ANSWER_MAX or "\x00" in value:
        raise ValueError("too long")
    return value


def registration_update(
    *, registration: Registration, data: dict[str, Any], actor: Any = None
) -> Registration:
    """Change a participant's name, organisation and (non-health) answers.

    `data` holds `name`, `organisation` and `answers` ({question key: value}); a key
    left out keeps its value. Raises RegistrationError, saving nothing, on bad input.
    """
    with transaction.atomic():
        registration = (
            # The registration row only, not the joined page rows editors save.
            Registration.objects.select_for_update(of=("self",))
            .select_related("event")
            .get(pk=registration.pk)
        )
        if registration.status not in ACTIVE:
            raise RegistrationError(
                _("This registration is cancelled and can no longer be changed."),
                code="inactive",
            )
        if registration.event.ends_at < timezone.now():
            raise RegistrationError(
                _("The event is over; the registration can no longer be changed."),
                code="past",
            )
        changed: list[str] = []
        if "name" in data:
            name = " ".join(str(data["name"] or "").split())
            if not name:
                raise RegistrationError(_("Write the participant's name."), code="name")
            if len(name) > NAME_MAX or "\x00" in name:
                raise RegistrationError(
                    _("The name can be at most %(n)s characters.") % {"n": NAME_MAX},
                    code="name",
                )
            if name != registration.name:
                registration.name = name
                changed.append("name")
        if "organisation" in data:
            organisation = " ".join(str(data["organisation"] or "").split())
            if len(organisation) > ORGANISATION_MAX or "\x00" in organisation:
                raise RegistrationError(
                    _("The organisation can be at most %(n)s characters.")
                    % {"n": ORGANISATION_MAX},
                    code="organisation",
                )
            if organisation != registration.organisation:
                registration.organisation = organisation
                changed.append("organisation")
        if "answers" in data:
            answers = _merged_answers(registration, data["answers"] or {})
            if answers != registration.answers:
                registration.answers = answers
                changed.append("answers")
        if changed:
            registration.save(update_fields=[*changed, "updated_at"])
            log_action(
                action="events.registration.changed",
                actor=actor,
                obj=registration,
                data={"fields": changed},
            )
    return registration


def _merged_answers(registration: Registration, given: dict[str, Any]) -> dict:
    questions = {
        q.key: q
        for q in RegistrationQuestion.objects.filter(
            event=registration.event, is_health_data=False
        )
    }
    unknown = set(given) - set(questions)
    if unknown:
        raise RegistrationError(
            _(
                "Some answers are to questions this event does not ask. Reload the "
                "page and try again."
            ),
            code="unknown_question",
        )
    answers = dict(registration.answers or {})
    for key, raw in given.items():
        question = questions[key]
        try:
            value = clean_answer(question, raw)
        except ValueError as exc:
            raise RegistrationError(
                _("The answer to “%(question)s” is not valid.")
                % {"question": question.label},
                code="answer",
            ) from exc
        if value is None:
            if question.required:
                raise RegistrationError(
                    _("“%(question)s” must be answered.")
                    % {"question": question.label},
                    code="required",
                )
            answers.pop(key, None)
        else:
            answers[key] = value
    return answers


def registration_withdraw(
    *, registration: Registration, actor: Any = None, now=None
) -> Registration:
    """Cancel a place, a place in the queue, an offer or a raffle application.

    The freed place is offered to the next in line; the participant (and the person
    who booked, if someone else) gets a receipt.
    """
    now = now or timezone.now()
    registration = Registration.objects.select_related("event").get(pk=registration.pk)
    event = registration.event
    previous = registration.status
    if previous not in ACTIVE:
        raise RegistrationError(
            _("This registration is already cancelled."), code="inactive"
        )
    if event.starts_at <= now:
        raise RegistrationError(
            _(
                "The event has started, so the registration can no longer be "
                "cancelled here. Contact the organisers."
            ),
            code="started",
        )
    if previous == RegistrationStatus.APPLIED:
        raffle = Raffle.objects.filter(event=event).first()
        if raffle is not None and raffle.status != RaffleStatus.OPEN:
            raise RegistrationError(
                _(
                    "Applications are closed and the draw is prepared, so the "
                    "application can no longer be withdrawn here. Contact the "
                    "organisers."
                ),
                code="raffle_closed",
            )
    with transaction.atomic():
        if previous == RegistrationStatus.OFFERED:
            offer_decline(registration=registration, now=now)
        else:
            registration_cancel(registration=registration, actor=actor, now=now)
        pk = registration.pk
        transaction.on_commit(
            lambda: notifications.cancellation_receipt(
                registration_id=pk, previous_status=str(previous)
            )
        )
    registration.refresh_from_db()
    return registration
