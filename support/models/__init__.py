"""Support casework: a case follows one school; agreements with providers hold the work."""

from .agreements import Action, ActionLogEntry, Objective, SupportAgreement, Visit
from .briefs import TermlyBrief
from .cases import CaseWatch, Escalation, SupportCase
from .links import ProviderLink
from .reviews import ObjectiveRating, ProgressReview

__all__ = [
    "Action",
    "ActionLogEntry",
    "CaseWatch",
    "Escalation",
    "Objective",
    "ObjectiveRating",
    "ProgressReview",
    "ProviderLink",
    "SupportAgreement",
    "SupportCase",
    "TermlyBrief",
    "Visit",
]
