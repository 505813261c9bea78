"""Choices for impact models, their evidence and the financial proxy library."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """The steps of a theory of change, in causal order."""

    INPUT = "input", _("Input")
    ACTIVITY = "activity", _("Activity")
    OUTPUT = "output", _("Output")
    OUTCOME = "outcome", _("Outcome")
    IMPACT = "impact", _("Lasting impact")


# A link may lead to the same level (a short-term outcome leading to a long-term one)
# or further along, never back: the chain reads from resources to lasting change.
LEVEL_RANK = {level: rank for rank, level in enumerate(Level.values)}


class EvidenceGrade(models.TextChoices):
    """How well an assumption is backed, from nothing to independent evaluation."""

    NONE = "none", _("Not yet backed by evidence")
    ANECDOTAL = "anecdotal", _("Stories and own observations")
    MEASURED = "measured", _("Own measurements before and after")
    COMPARED = "compared", _("Compared with a group without the intervention")
    INDEPENDENT = "independent", _("Independently evaluated or research-based")


EVIDENCE_RANK = {grade: rank for rank, grade in enumerate(EvidenceGrade.values)}


class StakeholderKind(models.TextChoices):
    BENEFICIAL = "beneficial", _("Experiences the change")
    CONTRIBUTING = "contributing", _("Contributes to the change")


class ModelStatus(models.TextChoices):
    DRAFT = "draft", _("Draft: only its editors see it")
    PUBLISHED = "published", _("Published")


class ContentLanguage(models.TextChoices):
    SV = "sv", _("Swedish")
    EN = "en", _("English")


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("Signed on paper")
    DIGITAL = "digital", _("Given digitally")
    ORAL = "oral", _("Given orally and noted")


class ProxyMethod(models.TextChoices):
    MARKET_PRICE = "market_price", _("Market price")
    AVOIDED_COST = "avoided_cost", _("Avoided cost")
    WELLBEING = "wellbeing", _("Wellbeing valuation")
    REVEALED = "revealed", _("Revealed preference")
    STATED = "stated", _("Stated preference")


class ProxyLicence(models.TextChoices):
    """Only licences that allow reuse: a value under a licence that forbids it (a
    non-commercial or no-derivatives licence, or an unknown one) cannot be stored."""

    PUBLIC_SECTOR = (
        "public_sector",
        _("Public-sector information, free to reuse (Swedish PSI act)"),
    )
    CC0 = "cc0", _("CC0 1.0 (public domain dedication)")
    CC_BY = "cc_by", _("CC BY 4.0")
    CC_BY_SA = "cc_by_sa", _("CC BY-SA 4.0")
    OWN = "own", _("Own calculation, published under CC BY 4.0")


class Currency(models.TextChoices):
    SEK = "SEK", "SEK"
    EUR = "EUR", "EUR"
    NOK = "NOK", "NOK"
    DKK = "DKK", "DKK"
    GBP = "GBP", "GBP"
    USD = "USD", "USD"
