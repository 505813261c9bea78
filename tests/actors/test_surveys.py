"""Surveys on the site: answering, once per member, anonymity, results, CSV, access."""

import csv
import io
import uuid
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone, translation

import pytest
from bs4 import BeautifulSoup

from motesplats.accounts.services import user_erase
from motesplats.actors.enums import QuestionKind, SurveyAudience, SurveyStatus
from motesplats.actors.models import (
    Survey,
    SurveyAnswer,
    SurveyAnswerChoice,
    SurveyParticipation,
    SurveyQuestion,
    SurveyResponse,
)
from motesplats.actors.selectors.surveys import MIN_PUBLIC_RESPONSES
from motesplats.actors.services.surveys import (
    AnswerInput,
    SurveyClosedError,
    survey_choices_sync,
    survey_respond,
)
from motesplats.core.models import AuditEntry
from motesplats.nodes.services import national_editor_add
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DEMO_SLUG = "kunskapsbehov-social-innovation"


# --- helpers (also used by the other survey test modules) -------------------------------


def make_survey(**fields) -> Survey:
    """An open, anonymous survey for everyone with one question of each kind."""
    defaults = {
        "title_sv": "Testenkät om kunskapsbehov",
        "title_en": "Test survey on knowledge needs",
        "slug": f"testenkat-{uuid.uuid4().hex[:8]}",
        "status": SurveyStatus.OPEN,
        "audience": SurveyAudience.ALL,
        "is_anonymous": True,
        "results_public": True,
    }
    survey = Survey.objects.create(**(defaults | fields))
    questions = [
        {
            "kind": QuestionKind.SINGLE,
            "text_sv": "Sektor?",
            "text_en": "Sector?",
            "is_required": True,
            "choices_sv": "Offentlig\nPrivat\nIdéburen",
            "choices_en": "Public\nPrivate\nCivil society",
        },
        {
            "kind": QuestionKind.MULTIPLE,
            "text_sv": "Områden?",
            "text_en": "Areas?",
            "choices_sv": "Finansiering\nEffektmätning\nJuridik",
            "choices_en": "Funding\nImpact\nLaw",
        },
        {
            "kind": QuestionKind.SCALE,
            "text_sv": "Hur rustade?",
            "text_en": "How equipped?",
            "scale_min": 1,
            "scale_max": 5,
            "scale_min_label_en": "Not at all",
            "scale_max_label_en": "Very well",
        },
        {"kind": QuestionKind.TEXT, "text_sv": "Berätta mer", "text_en": "Tell more"},
    ]
    for order, q in enumerate(questions):
        SurveyQuestion.objects.create(survey=survey, sort_order=order, **q)
    survey_choices_sync(survey=survey)
    return survey


def parts(survey: Survey):
    """The four questions of `make_survey`: single, multiple, scale, text."""
    single, multiple, scale, text = survey.questions.order_by("sort_order")[:4]
    return single, multiple, scale, text


def options(question) -> list[int]:
    return list(question.choices.order_by("sort_order").values_list("pk", flat=True))


def form_data(survey: Survey, *, key: str | None = None, **overrides) -> dict:
    """A complete, valid answer: the first sector, two areas, 4 on the scale."""
    single, multiple, scale, text = parts(survey)
    data = {
        "submission_key": key or uuid.uuid4().hex,
        f"q{single.pk}": str(options(single)[0]),
        f"q{multiple.pk}": [str(options(multiple)[0]), str(options(multiple)[2])],
        f"q{scale.pk}": "4",
        f"q{text.pk}": "Mer om effektmätning.",
        "may_publish_text": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def answer(survey: Survey, user=None, *, single=0, areas=(0,), scale=3, text=""):
    """Store a response straight through the service."""
    q_single, q_multiple, q_scale, q_text = parts(survey)
    answers = [
        AnswerInput(q_single.pk, choice_ids=(options(q_single)[single],)),
        AnswerInput(
            q_multiple.pk, choice_ids=tuple(options(q_multiple)[i] for i in areas)
        ),
        AnswerInput(q_scale.pk, scale_value=scale),
    ]
    if text:
        answers.append(AnswerInput(q_text.pk, text=text))
    return survey_respond(
        survey=survey,
        user=user,
        answers=answers,
        submission_key=uuid.uuid4().hex,
        may_publish_text=bool(text),
        today=timezone.localdate() - timedelta(days=2),
    )


def editor():
    user = UserFactory()
    national_editor_add(user=user)
    return user


def url(name: str, survey: Survey) -> str:
    """The English page (tests read English text)."""
    with translation.override("en"):
        return reverse(f"actors:{name}", kwargs={"slug": survey.slug})


@pytest.fixture
def survey():
    return make_survey()


# --- listing ---------------------------------------------------------------------------


def test_the_list_shows_open_and_finished_public_surveys_not_drafts(client, en):
    open_ = make_survey(title_en="Open one")
    make_survey(title_en="Draft one", status=SurveyStatus.DRAFT)
    make_survey(title_en="Closed public", status=SurveyStatus.CLOSED)
    make_survey(
        title_en="Closed private", status=SurveyStatus.CLOSED, results_public=False
    )
    make_survey(
        title_en="Past its time", closes_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get("/en/surveys/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    open_titles = [a.get_text() for a in soup.select("#open-surveys-title ~ ul h3 a")]
    finished = [a.get_text() for a in soup.select("#finished-surveys-title ~ ul h3 a")]
    assert "Open one" in open_titles
    assert "Closed public" in finished
    assert "Past its time" in finished
    text = soup.get_text()
    assert "Draft one" not in text
    assert "Closed private" not in text
    assert soup.find("a", string="Open one")["href"] == url("survey_detail", open_)
    # An open survey with public results links to them too (so far, up to yesterday).
    assert soup.find("a", href=url("survey_results", open_))


def test_the_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    for _ in range(6):
        make_survey()
    client.get("/en/surveys/")  # the site's menu and root pages are cached after this
    with django_assert_max_num_queries(1):
        assert client.get("/en/surveys/").status_code == 200


# --- answering -------------------------------------------------------------------------


def test_the_form_has_a_fieldset_per_choice_question_and_a_labelled_scale(
    client, survey
):
    response = client.get(url("survey_detail", survey))
    soup = BeautifulSoup(response.content, "html.parser")
    single, multiple, scale, text = parts(survey)
    legends = [
        legend.get_text(" ", strip=True) for legend in soup.select("form legend")
    ]
    assert legends[0].startswith("Sector?")
    assert "(required)" in legends[0]
    assert legends[1].startswith("Areas?")
    assert legends[2].startswith("How equipped?")
    assert len(soup.select(f'input[type=radio][name="q{single.pk}"]')) == 3
    assert len(soup.select(f'input[type=checkbox][name="q{multiple.pk}"]')) == 3
    scale_labels = [
        soup.find("label", attrs={"for": i["id"]}).get_text()
        for i in soup.select(f'input[type=radio][name="q{scale.pk}"]')
    ]
    assert scale_labels == ["1 – Not at all", "2", "3", "4", "5 – Very well"]
    assert soup.find("label", attrs={"for": f"id_q{text.pk}"})
    assert soup.find("input", attrs={"name": "may_publish_text"})
    assert soup.find("input", attrs={"name": "submission_key", "type": "hidden"})[
        "value"
    ]


def test_a_visitor_answers_and_everything_is_stored(client, survey):
    response = client.post(url("survey_detail", survey), form_data(survey))
    assert response.status_code == 303
    assert response["Location"] == url("survey_thanks", survey)
    stored = SurveyResponse.objects.get(survey=survey)
    single, multiple, scale, text = parts(survey)
    answers = {a.question_id: a for a in stored.answers.all()}
    assert set(answers[single.pk].choices.values_list("pk", flat=True)) == {
        options(single)[0]
    }
    assert set(answers[multiple.pk].choices.values_list("pk", flat=True)) == {
        options(multiple)[0],
        options(multiple)[2],
    }
    assert answers[scale.pk].scale_value == 4
    assert answers[text.pk].text == "Mer om effektmätning."
    assert stored.may_publish_text is True
    assert stored.respondent is None
    assert stored.submitted_on == timezone.localdate()
    assert client.get(response["Location"]).status_code == 200


def _bad_post(client, survey, **overrides):
    before = (SurveyResponse.objects.count(), SurveyAnswer.objects.count())
    response = client.post(url("survey_detail", survey), form_data(survey, **overrides))
    assert response.status_code == 400
    assert (SurveyResponse.objects.count(), SurveyAnswer.objects.count()) == before
    assert SurveyParticipation.objects.filter(survey=survey).count() == 0
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.select_one(".error-summary")
    assert summary is not None
    return summary.get_text(" ", strip=True)


def test_a_required_question_left_empty_is_refused(client, survey):
    single = parts(survey)[0]
    text = _bad_post(client, survey, **{f"q{single.pk}": None})
    assert "Sector?: Answer this question." in text


def test_an_option_of_another_question_is_refused(client, survey):
    single, multiple, *_ = parts(survey)
    text = _bad_post(client, survey, **{f"q{single.pk}": str(options(multiple)[0])})
    assert "Choose one of the options given." in text


def test_a_made_up_option_id_is_refused(client, survey):
    multiple = parts(survey)[1]
    text = _bad_post(client, survey, **{f"q{multiple.pk}": ["999999", "abc"]})
    assert "Areas?" in text


@pytest.mark.parametrize("value", ["0", "6", "-1", "3.5", "x"])
def test_a_scale_value_out_of_range_is_refused(client, survey, value):
    scale = parts(survey)[2]
    text = _bad_post(client, survey, **{f"q{scale.pk}": value})
    assert "How equipped?: Choose one of the options given." in text


def test_a_tampered_question_id_is_refused(client, survey):
    other = make_survey()
    foreign = parts(other)[0]
    text = _bad_post(client, survey, **{f"q{foreign.pk}": str(options(foreign)[0])})
    assert "does not match this survey" in text


def test_a_missing_or_malformed_submission_key_is_refused(client, survey):
    assert "reload the page" in _bad_post(client, survey, submission_key="short")


def test_a_too_long_free_text_is_refused(client, survey):
    text_q = parts(survey)[3]
    assert "at most 5000" in _bad_post(client, survey, **{f"q{text_q.pk}": "x" * 5001})


def test_an_empty_form_is_refused_even_without_required_questions(client, survey):
    SurveyQuestion.objects.filter(survey=survey).update(is_required=False)
    single, multiple, scale, text = parts(survey)
    empty = {f"q{q.pk}": None for q in (single, multiple, scale)}
    message = _bad_post(client, survey, **empty, **{f"q{text.pk}": "   "})
    assert "Answer at least one question" in message


def test_a_double_submit_gives_one_response(client, survey):
    data = form_data(survey, key="same-key-for-both-posts-1234")
    first = client.post(url("survey_detail", survey), data)
    second = client.post(url("survey_detail", survey), data)
    assert first.status_code == second.status_code == 303
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


def test_a_member_double_submit_gives_one_response_and_one_participation(
    client, survey
):
    member = UserFactory()
    client.force_login(member)
    data = form_data(survey, key="member-double-submit-key-0001")
    assert client.post(url("survey_detail", survey), data).status_code == 303
    # The second request is refused as "already answered", and stores nothing.
    client.post(url("survey_detail", survey), data)
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
    assert SurveyParticipation.objects.filter(survey=survey, user=member).count() == 1


def test_a_member_answers_once(client, survey):
    member = UserFactory()
    client.force_login(member)
    assert (
        client.post(url("survey_detail", survey), form_data(survey)).status_code == 303
    )
    again = client.post(url("survey_detail", survey), form_data(survey))
    assert again.status_code == 400
    assert b"already answered" in again.content
    page = client.get(url("survey_detail", survey))
    assert b"already answered" in page.content
    assert b"survey-form" not in page.content
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


def test_members_only_survey_sends_visitors_to_the_login(client):
    survey = make_survey(audience=SurveyAudience.MEMBERS)
    for response in (
        client.get(url("survey_detail", survey)),
        client.post(url("survey_detail", survey), form_data(survey)),
    ):
        assert response.status_code == 302
        assert "login" in response["Location"]
    assert not SurveyResponse.objects.filter(survey=survey).exists()
    client.force_login(UserFactory())
    assert (
        client.post(url("survey_detail", survey), form_data(survey)).status_code == 303
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"status": SurveyStatus.CLOSED},
        {"closes_at": "past"},
    ],
)
def test_a_closed_survey_refuses_answers(client, fields):
    if fields.get("closes_at") == "past":
        fields = {"closes_at": timezone.now() - timedelta(seconds=1)}
    survey = make_survey(**fields)
    page = client.get(url("survey_detail", survey))
    assert page.status_code == 200
    assert b"closed" in page.content
    response = client.post(url("survey_detail", survey), form_data(survey))
    assert response.status_code == 400
    assert not SurveyResponse.objects.filter(survey=survey).exists()


def test_the_service_refuses_a_closed_survey_too(survey):
    survey.status = SurveyStatus.CLOSED
    survey.save()
    with pytest.raises(SurveyClosedError):
        answer(survey)
    assert not survey.responses.exists()


def test_visitors_are_rate_limited_per_session(client, survey):
    client.get("/en/surveys/")  # any page; the session may not exist yet
    session = client.session
    session["seen"] = True
    session.save()
    statuses = [
        client.post(url("survey_detail", survey), form_data(survey)).status_code
        for _ in range(6)
    ]
    assert statuses == [303] * 5 + [429]
    assert survey.responses.count() == 5


# --- anonymity --------------------------------------------------------------------------


def test_an_anonymous_response_holds_nothing_that_points_at_a_person(client, survey):
    member = UserFactory()
    client.force_login(member)
    client.post(url("survey_detail", survey), form_data(survey))
    response = SurveyResponse.objects.get(survey=survey)
    assert response.respondent_id is None
    # Only a date, no time; no IP address or user anywhere on the response's rows.
    fields = {f.name: f for f in SurveyResponse._meta.concrete_fields}
    assert set(fields) == {
        "id",
        "survey",
        "respondent",
        "may_publish_text",
        "submission_key",
        "submitted_on",
    }
    assert fields["submitted_on"].get_internal_type() == "DateField"
    # The participation says that the member answered, and nothing about what.
    participation = SurveyParticipation.objects.get(survey=survey)
    assert participation.user == member
    assert {f.name for f in SurveyParticipation._meta.concrete_fields} == {
        "id",
        "survey",
        "user",
    }
    # The audit log records that an answer came, without who or which.
    entry = AuditEntry.objects.filter(action="actors.survey.answered").latest("pk")
    assert entry.actor_id is None
    assert entry.data == {}
    assert str(response.pk) not in str(entry.data)


@pytest.mark.parametrize("model", [SurveyResponse, SurveyAnswer, SurveyAnswerChoice])
def test_keys_of_answers_are_random_so_their_order_tells_nothing(model):
    """Participations are numbered in the order members answer; were responses numbered
    too, the n-th participation would be the n-th response."""
    pk = model._meta.pk
    assert pk.get_internal_type() == "UUIDField"
    assert pk.default is uuid.uuid4


def test_ordering_responses_by_key_does_not_follow_the_order_of_answering(survey):
    members = [UserFactory() for _ in range(12)]
    for n, member in enumerate(members):
        answer(survey, member, scale=1 + n % 5, single=n % 3)
    by_key = list(
        SurveyResponse.objects.filter(survey=survey)
        .order_by("pk")
        .values_list("answers__scale_value", flat=True)
        .filter(answers__scale_value__isnull=False)
    )
    in_order_of_answering = [1 + n % 5 for n in range(12)]
    # With random keys the chance of matching the answering order is below 1e-6.
    assert by_key != in_order_of_answering
    participations = list(
        SurveyParticipation.objects.filter(survey=survey)
        .order_by("pk")
        .values_list("user_id", flat=True)
    )
    assert participations == [m.pk for m in members]  # that order is known; see above


def test_erasing_a_member_leaves_their_anonymous_response_unchanged(survey):
    member = UserFactory()
    answer(survey, member, text="Vi behöver mer om juridik.")
    before = list(
        SurveyAnswer.objects.filter(response__survey=survey)
        .order_by("question__sort_order")
        .values_list("question_id", "scale_value", "text")
    )
    user_erase(user=member)
    assert not SurveyParticipation.objects.filter(survey=survey).exists()
    response = SurveyResponse.objects.get(survey=survey)
    assert response.may_publish_text is True
    after = list(
        response.answers.order_by("question__sort_order").values_list(
            "question_id", "scale_value", "text"
        )
    )
    assert after == before


def test_a_non_anonymous_survey_keeps_the_respondent(client):
    survey = make_survey(is_anonymous=False)
    member = UserFactory()
    client.force_login(member)
    client.post(url("survey_detail", survey), form_data(survey))
    assert SurveyResponse.objects.get(survey=survey).respondent == member


# --- results ---------------------------------------------------------------------------


def _fill(survey, n=6):
    """n responses: sectors 0,1,2,0,1,2…; areas {0} or {0,2}; scale 1..5; one text
    with consent, one without."""
    for i in range(n):
        answer(
            survey,
            single=i % 3,
            areas=(0,) if i % 2 else (0, 2),
            scale=1 + i % 5,
            text="Publicerbar text" if i == 0 else "",
        )
    q_text = parts(survey)[3]
    hidden = survey_respond(
        survey=survey,
        user=None,
        answers=[
            AnswerInput(
                parts(survey)[0].pk, choice_ids=(options(parts(survey)[0])[0],)
            ),
            AnswerInput(q_text.pk, text="Hemlig text"),
        ],
        submission_key=uuid.uuid4().hex,
        may_publish_text=False,
        today=timezone.localdate() - timedelta(days=2),
    )
    assert hidden


def _tables(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return soup, [
        [
            [c.get_text(strip=True) for c in tr.find_all(["th", "td"])]
            for tr in table.select("tbody tr")
        ]
        for table in soup.select("table.survey-table")
    ]


def test_results_counts_and_shares_are_exact(
    client, survey, django_assert_max_num_queries
):
    _fill(survey)
    client.get(url("survey_results", survey))  # the site's menu is cached after this
    # The survey, its questions, its options, then five aggregate reads.
    with django_assert_max_num_queries(8):
        response = client.get(url("survey_results", survey))
    assert response.status_code == 200
    soup, tables = _tables(response)
    # 7 responses answered the sector question: 3× first, 2× second, 2× third.
    assert tables[0] == [
        ["Public", "3", "42.9\xa0%"],
        ["Private", "2", "28.6\xa0%"],
        ["Civil society", "2", "28.6\xa0%"],
    ]
    # Areas: 6 answered; all chose Funding, 3 chose Law.
    assert tables[1] == [
        ["Funding", "6", "100.0\xa0%"],
        ["Impact", "0", "0.0\xa0%"],
        ["Law", "3", "50.0\xa0%"],
    ]
    # Scale 1,2,3,4,5,1 → mean 16/6 = 2.67, median 2.5.
    assert tables[2][0] == ["1 – Not at all", "2", "33.3\xa0%"]
    figures = [dd.get_text(strip=True) for dd in soup.select(".survey-figures dd")]
    assert figures == ["2.67", "2.5"]
    assert "7 people have answered." in soup.get_text()


def test_results_query_count_does_not_grow_with_questions_or_answers(
    client, django_assert_max_num_queries
):
    small, large = make_survey(), make_survey()
    for extra in range(8):
        SurveyQuestion.objects.create(
            survey=large,
            kind=QuestionKind.MULTIPLE,
            text_sv=f"Fråga {extra}",
            choices_sv="A\nB\nC",
            sort_order=10 + extra,
        )
    survey_choices_sync(survey=large)
    _fill(small)
    _fill(large, n=20)
    client.get("/en/surveys/")  # the site's menu and root pages are cached after this
    counts = []
    for survey in (small, large):
        from django.db import connection  # noqa: PLC0415
        from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("survey_results", survey)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_each_chart_is_an_image_with_a_title_followed_by_its_table(client, survey):
    _fill(survey)
    soup, _ = _tables(client.get(url("survey_results", survey)))
    charts = soup.select("svg[role=img]")
    assert len(charts) == 3  # single, multiple, scale: free text has none
    for svg in charts:
        ids = svg["aria-labelledby"].split()
        assert svg.find("title")["id"] == ids[0]
        assert svg.find("desc")["id"] == ids[1]
        table = svg.find_parent("figure").find_next_sibling("table")
        assert table.caption.get_text(strip=True)
        assert [th["scope"] for th in table.select("thead th")] == ["col"] * 3
        assert all(th["scope"] == "row" for th in table.select("tbody th"))
    # Bar widths are plain numbers in any language (no decimal comma).
    for rect in soup.select("rect.chart-bar"):
        assert rect["width"].isdigit()


def test_free_text_is_shown_only_with_consent(client, survey):
    _fill(survey)
    soup, _ = _tables(client.get(url("survey_results", survey)))
    texts = [li.get_text(strip=True) for li in soup.select(".survey-texts li")]
    assert texts == ["Publicerbar text"]
    assert "Hemlig text" not in soup.get_text()
    assert "1 more answer is not shown" in soup.get_text()
    # Editors read it too, apart and marked; it is still in no published list.
    client.force_login(editor())
    soup, _ = _tables(client.get(url("survey_results", survey)))
    private = soup.select_one(".survey-private-texts")
    assert (
        "Not for publication: 1 answer only editors see" in private.summary.get_text()
    )
    assert [li.get_text(strip=True) for li in private.select("li")] == ["Hemlig text"]
    published = soup.select(".survey-texts li")
    assert [
        li.get_text(strip=True) for li in published if li not in private.select("li")
    ] == ["Publicerbar text"]


def test_few_answers_are_not_shown_publicly_but_editors_see_them(client, survey):
    for _ in range(MIN_PUBLIC_RESPONSES - 1):
        answer(survey)
    public = client.get(url("survey_results", survey))
    assert public.status_code == 200
    assert b"survey-table" not in public.content
    assert b"once at least 5 people have answered" in public.content
    client.force_login(editor())
    assert b"survey-table" in client.get(url("survey_results", survey)).content


def test_while_open_public_results_count_up_to_yesterday(client, survey):
    _fill(survey)  # dated two days ago
    answer_today = survey_respond(
        survey=survey,
        user=None,
        answers=[
            AnswerInput(parts(survey)[0].pk, choice_ids=(options(parts(survey)[0])[1],))
        ],
        submission_key=uuid.uuid4().hex,
    )
    assert answer_today
    assert (
        b"7 people have answered." in client.get(url("survey_results", survey)).content
    )
    client.force_login(editor())
    assert (
        b"8 people have answered." in client.get(url("survey_results", survey)).content
    )


# --- CSV -------------------------------------------------------------------------------


def _csv(response, delimiter=","):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=delimiter))


def test_results_csv_has_the_aggregates(client, survey):
    _fill(survey)
    response = client.get(url("survey_results_csv", survey))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="{survey.slug}-results-')
    assert disposition.endswith('.csv"')
    rows = _csv(response)
    assert rows[0][:5] == ["Question number", "Question", "Kind", "Answer", "Count"]
    assert ["1", "Sector?", "Single choice", "Public", "3", "42.9", "7"] in rows
    assert ["3", "How equipped?", "Scale", "Mean", "", "2.67", "6"] in rows
    assert ["4", "Tell more", "Free text", "Published answers", "1", "", "2"] in rows
    assert "Hemlig text" not in response.content.decode()


def test_swedish_csv_uses_semicolons_and_decimal_commas(client, survey):
    _fill(survey)
    with translation.override("sv"):
        path = reverse("actors:survey_results_csv", kwargs={"slug": survey.slug})
    rows = _csv(client.get(path), delimiter=";")
    assert any(row[-2] == "42,9" for row in rows)


def test_the_answers_csv_is_for_editors_and_names_no_one(client):
    survey = make_survey(is_anonymous=False)
    member = UserFactory(display_name="Greta Garbo-Testsson")
    answer(survey, member, text="Publicerbar text")
    single = parts(survey)[0]
    survey_respond(
        survey=survey,
        user=None,
        answers=[
            AnswerInput(single.pk, choice_ids=(options(single)[1],)),
            AnswerInput(parts(survey)[3].pk, text="Hemlig text"),
        ],
        submission_key=uuid.uuid4().hex,
        may_publish_text=False,
    )
    path = url("survey_answers_csv", survey)
    assert client.get(path).status_code == 403
    client.force_login(UserFactory())
    assert client.get(path).status_code == 403
    client.force_login(editor())
    response = client.get(path)
    assert response.status_code == 200
    rows = _csv(response)
    assert rows[0] == ["Sector?", "Areas?", "How equipped?", "Tell more"]
    assert sorted(rows[1:]) == sorted(
        [["Public", "Funding", "3", "Publicerbar text"], ["Private", "", "", ""]]
    )
    body = response.content.decode()
    assert member.email not in body
    assert "Greta" not in body
    assert "Hemlig" not in body


def test_a_formula_in_free_text_is_kept_as_text_in_csv(client, survey):
    answer(survey, text='=HYPERLINK("http://example.org")')
    client.force_login(editor())
    rows = _csv(client.get(url("survey_answers_csv", survey)))
    assert rows[1][3].startswith("'=")


# --- who may see what -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("visitor", 404), ("member", 404), ("editor", 200)],
)
def test_drafts_are_404_to_all_but_editors(client, who, status):
    survey = make_survey(status=SurveyStatus.DRAFT)
    if who == "member":
        client.force_login(UserFactory())
    elif who == "editor":
        client.force_login(editor())
    for name in ("survey_detail", "survey_results", "survey_results_csv"):
        assert client.get(url(name, survey)).status_code == status, name
    # Not even an editor can answer a draft.
    client.post(url("survey_detail", survey), form_data(survey))
    assert not survey.responses.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("visitor", 403), ("member", 403), ("editor", 200)],
)
def test_non_public_results_are_for_editors_only(client, who, status):
    survey = make_survey(results_public=False)
    _fill(survey)
    if who == "member":
        client.force_login(UserFactory())
    elif who == "editor":
        client.force_login(editor())
    assert client.get(url("survey_results", survey)).status_code == status
    assert client.get(url("survey_results_csv", survey)).status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [("visitor", 200), ("member", 200), ("editor", 200)],
)
def test_public_results_are_for_everyone(client, survey, who, status):
    _fill(survey)
    if who == "member":
        client.force_login(UserFactory())
    elif who == "editor":
        client.force_login(editor())
    assert client.get(url("survey_results", survey)).status_code == status
    assert client.get(url("survey_results_csv", survey)).status_code == status


def test_unknown_survey_is_404(client):
    assert client.get("/en/surveys/no-such-survey/").status_code == 404
    assert client.get("/en/surveys/no-such-survey/results/").status_code == 404


# --- the demo ---------------------------------------------------------------------------


def test_the_demo_survey_has_40_anonymous_answers_and_public_results(client):
    survey = Survey.objects.get(slug=DEMO_SLUG)
    assert survey.title_en
    assert survey.title_sv.startswith("I vilka områden")
    assert survey.responses.count() == 40
    assert not survey.responses.filter(respondent__isnull=False).exists()
    kinds = set(survey.questions.values_list("kind", flat=True))
    assert kinds == {"single", "multiple", "scale", "text"}
    response = client.get(url("survey_results", survey))
    assert response.status_code == 200
    assert b"40 people have answered." in response.content
    soup = BeautifulSoup(response.content, "html.parser")
    assert 0 < len(soup.select(".survey-texts li")) < 8
