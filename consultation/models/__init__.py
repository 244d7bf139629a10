"""Consultations: questions in areas, responses online and offline, themes and the published response."""

from .consultations import Consultation, Invitation, Question, Section
from .responses import Answer, LinkEmail, Response, SummaryPdf, Theme, ThemeResponse

__all__ = [
    "Answer",
    "Consultation",
    "Invitation",
    "LinkEmail",
    "Question",
    "Response",
    "Section",
    "SummaryPdf",
    "Theme",
    "ThemeResponse",
]
