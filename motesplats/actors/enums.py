"""Choices for actors: organisations, profiles, coalitions, needs and offers, surveys."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, waiting for an editor")
    APPROVED = "approved", _("Approved")
    MERGED = "merged", _("Merged into another organisation")
    REJECTED = "rejected", _("Rejected")


class OrganisationRole(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MEMBER = "member", _("Member")


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    ACTIVE = "active", _("Member")


class Visibility(models.TextChoices):
    """Who sees one field of a person's profile. Nothing is public by default."""

    PRIVATE = "private", _("Only me")
    MEMBERS = "members", _("Signed-in members")
    PUBLIC = "public", _("Everyone")


class CoalitionRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    MEMBER = "member", _("Member")


class CoalitionAccess(models.TextChoices):
    OPEN = "open", _("Open: anyone may join")
    APPLICATION = "application", _("By application: coordinators approve")


class NeedOfferKind(models.TextChoices):
    NEED = "need", _("Need")
    OFFER = "offer", _("Offer")


class NeedOfferCategory(models.TextChoices):
    PARTNER = "partner", _("Partner")
    COMPETENCE = "competence", _("Competence")
    METHOD = "method", _("Method")
    PREMISES = "premises", _("Premises")
    DATA = "data", _("Data")
    FUNDING = "funding", _("Funding")
    VOLUNTEERS = "volunteers", _("Volunteers")


class NeedOfferStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class SurveyAudience(models.TextChoices):
    ALL = "all", _("Everyone")
    MEMBERS = "members", _("Signed-in members")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for answers")
    CLOSED = "closed", _("Closed")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale")
    TEXT = "text", _("Free text")
