from django.db import models
from django.utils.translation import gettext_lazy as _


class KnowledgeKind(models.TextChoices):
    INNOVATION = "innovation", _("Innovation case")
    ARTICLE = "article", _("Article")
    RESOURCE = "resource", _("Resource")
    FILM = "film", _("Film")


class Maturity(models.TextChoices):
    IDEA = "idea", _("Idea")
    PILOT = "pilot", _("Pilot")
    ESTABLISHED = "established", _("Established")
    SPREADING = "spreading", _("Spreading")


class EvidenceLevel(models.TextChoices):
    NONE = "none", _("No evidence yet")
    SELF_REPORTED = "self_reported", _("Self-reported")
    EVALUATED = "evaluated", _("Evaluated")
    INDEPENDENT = "independent", _("Independently evaluated")


class ArticleType(models.TextChoices):
    NEWS = "news", _("News")
    INTERVIEW = "interview", _("Interview")
    EVENT_REPORT = "event_report", _("Report from an event")


class ResourceType(models.TextChoices):
    HANDBOOK = "handbook", _("Handbook")
    REPORT = "report", _("Report")
    WHITE_PAPER = "white_paper", _("White paper")
    GUIDE = "guide", _("Guide")
