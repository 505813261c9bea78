"""Any answer posted to a survey gives the form with errors or a redirect: never a 500,
and nothing is stored unless the answer was accepted."""

from django.core.cache import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motesplats.actors.models import SurveyAnswer, SurveyResponse

from .test_surveys import make_survey, url

pytestmark = pytest.mark.django_db

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)
VALUE = st.one_of(TEXT, st.integers(min_value=-(2**63), max_value=2**63).map(str))


@pytest.fixture
def survey():
    return make_survey()


def _fields(survey):
    names = [f"q{q.pk}" for q in survey.questions.all()]
    field = st.sampled_from([*names, "q0", "q999999999999", "q-1", "may_publish_text"])
    return st.dictionaries(
        st.one_of(field, TEXT),
        st.one_of(VALUE, st.lists(VALUE, max_size=4)),
        max_size=8,
    ).map(lambda d: {"submission_key": "x" * 24} | d)


@given(data=st.data())
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_survey_posts_never_fail(client, survey, data):
    cache.clear()  # the visitors' rate limit would otherwise end every run with 429s
    posted = data.draw(_fields(survey))
    SurveyResponse.objects.filter(survey=survey).delete()
    response = client.post(url("survey_detail", survey), posted)
    assert response.status_code in (303, 400), response.status_code
    stored = SurveyResponse.objects.filter(survey=survey).count()
    assert stored == (1 if response.status_code == 303 else 0)
    if response.status_code == 400:
        assert not SurveyAnswer.objects.filter(response__survey=survey).exists()
