"""What each audience sees (decision 0017): the board only schools whose consent in force covers the
data, with cells on too few schools hidden; the LA everything."""

from __future__ import annotations

from django.db import connection

from governance import rules
from partnership.consent import consenting_school_ids, consents_in_force
from partnership.disclosure import threshold
from partnership.figures import fewer_than, number
from partnership.models import DataCategory

AUDIENCES = (rules.BOARD_AUDIENCE, rules.LA_AUDIENCE)


class Cells:
    """Counts for one audience: the board's cells on too few schools are suppressed."""

    def __init__(self, audience: str):
        self.suppress = audience == rules.BOARD_AUDIENCE
        self.minimum = threshold()

    def hidden(self, schools: int) -> bool:
        return self.suppress and 0 < schools < self.minimum

    @property
    def fewer(self) -> str:
        return fewer_than(self.minimum, "schools")

    def count(self, value: int, schools: int) -> str:
        return self.fewer if self.hidden(schools) else number(value)

    @property
    def note(self) -> str:
        return (
            f" A figure that rests on fewer than {self.minimum} schools is shown as "
            f"“{self.fewer}”, so that no school can be identified."
        )


def consenting_schools(partnership, category: str):
    """The schools whose consent in force covers `category`: a subquery on PostgreSQL, so that a
    national partnership's tens of thousands of ids never travel as parameters; a set elsewhere
    (SQLite, which the demo runs on, has no JSON containment lookup)."""
    if connection.vendor == "postgresql":
        return consents_in_force(partnership).filter(categories__contains=[category]).values("school_id")
    return consenting_school_ids(partnership, category)


def consent_for(partnership, audience: str) -> dict:
    """For the board, the schools whose consent in force covers each category; for the LA, None:
    no restriction."""
    if audience != rules.BOARD_AUDIENCE:
        return {DataCategory.SUPPORT: None, DataCategory.NEEDS: None}
    return {
        category: consenting_schools(partnership, category)
        for category in (DataCategory.SUPPORT, DataCategory.NEEDS)
    }
