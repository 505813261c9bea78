from .meetings import (
    Meeting,
    MeetingParticipant,
    MeetingRequest,
    MeetingRunState,
    MeetingScheduleRun,
    MeetingSlot,
    MeetingStatus,
    MeetingTable,
    MeetingWish,
)
from .pages import EventCoOrganiser, EventIndexPage, EventPage
from .programme import (
    AgendaStar,
    Room,
    Session,
    SessionPerson,
    SessionSignup,
    Speaker,
    Track,
)
from .raffle import Raffle
from .registration import Booking, Registration, RegistrationQuestion, TicketType

__all__ = [
    "AgendaStar",
    "Booking",
    "EventCoOrganiser",
    "EventIndexPage",
    "EventPage",
    "Meeting",
    "MeetingParticipant",
    "MeetingRequest",
    "MeetingRunState",
    "MeetingScheduleRun",
    "MeetingSlot",
    "MeetingStatus",
    "MeetingTable",
    "MeetingWish",
    "Raffle",
    "Registration",
    "RegistrationQuestion",
    "Room",
    "Session",
    "SessionPerson",
    "SessionSignup",
    "Speaker",
    "TicketType",
    "Track",
]
