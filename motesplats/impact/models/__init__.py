from .evidence import Indicator, IndicatorValue, Story
from .impact_models import ChangeLink, ChangeStep, ImpactModel, Stakeholder
from .proxies import FinancialProxy
from .sroi import AnalysisKind, SroiAnalysis, SroiInvestment, SroiOutcomeLine

__all__ = [
    "AnalysisKind",
    "ChangeLink",
    "ChangeStep",
    "FinancialProxy",
    "ImpactModel",
    "Indicator",
    "IndicatorValue",
    "SroiAnalysis",
    "SroiInvestment",
    "SroiOutcomeLine",
    "Stakeholder",
    "Story",
]
