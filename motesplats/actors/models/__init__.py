from .coalitions import (
    Coalition,
    CoalitionDocument,
    CoalitionFollow,
    CoalitionMember,
    CoalitionQuestion,
    CoalitionUpdate,
)
from .needs import NeedOffer
from .organisations import Organisation, OrganisationMembership
from .profiles import PROFILE_FIELDS, Message, Profile
from .surveys import (
    Survey,
    SurveyAnswer,
    SurveyAnswerChoice,
    SurveyChoice,
    SurveyParticipation,
    SurveyQuestion,
    SurveyResponse,
)

__all__ = [
    "PROFILE_FIELDS",
    "Coalition",
    "CoalitionDocument",
    "CoalitionFollow",
    "CoalitionMember",
    "CoalitionQuestion",
    "CoalitionUpdate",
    "Message",
    "NeedOffer",
    "Organisation",
    "OrganisationMembership",
    "Profile",
    "Survey",
    "SurveyAnswer",
    "SurveyAnswerChoice",
    "SurveyChoice",
    "SurveyParticipation",
    "SurveyQuestion",
    "SurveyResponse",
]
