"""Support casework: a case follows one school; agreements with providers hold the work."""

from .agreements import Action, ActionLogEntry, Objective, SupportAgreement, Visit
from .cases import CaseWatch, Escalation, SupportCase
from .inclusion import (
    APPlacement,
    APProvider,
    AtRiskCase,
    AttendanceRecord,
    DesignatedInclusionLead,
    ExclusionConsultation,
    FundingAllocation,
    InclusionPartnership,
    InclusionStaffMember,
    PermanentExclusion,
    PlacementReview,
    PlanReview,
    Pupil,
    PupilRoll,
    QAVisit,
    Spend,
)
from .links import ProviderLink
from .reviews import ObjectiveRating, ProgressReview

__all__ = [
    "APPlacement",
    "APProvider",
    "AtRiskCase",
    "AttendanceRecord",
    "DesignatedInclusionLead",
    "ExclusionConsultation",
    "FundingAllocation",
    "InclusionPartnership",
    "InclusionStaffMember",
    "PermanentExclusion",
    "PlacementReview",
    "PlanReview",
    "Pupil",
    "PupilRoll",
    "QAVisit",
    "Spend",
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
    "Visit",
]
