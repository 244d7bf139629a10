"""What each audience sees (decision 0017). Both see totals counted over every school the partnership
covers: the LA every figure exactly, the board and the public anonymised aggregates, where a figure
resting on fewer than SMALL_CELL_MIN_SCHOOLS schools (but more than none) is hidden, and one more part
is hidden wherever a hidden one could be worked out from a total shown beside it. Consent to the
data-sharing agreement governs what names or singles out a school (case studies, school-by-school
lists), not the totals."""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from governance import rules
from partnership.consent import consents_in_force
from partnership.disclosure import also_hidden, threshold
from partnership.figures import NOT_SHOWN, fewer_than, number, percent
from partnership.models import DataCategory

from .wording import schools_text

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

    def withheld(
        self,
        parts: Mapping[Hashable, tuple[int, int]],
        *,
        total_shown: bool = True,
        groups: tuple[set, ...] = (),
    ) -> set:
        """The parts (each its (value, schools)) to hide: those on too few schools, and, where a total
        is shown beside them, one more so that no hidden part is the total less the parts shown. Each
        of `groups` is a set of parts whose sum another table gives away (the open statuses, which
        the networks' open cases add up to): within it too, a hidden part never stands alone."""
        small = {key for key, (_, schools) in parts.items() if self.hidden(schools)}
        numbers = {key: value for key, (value, _) in parts.items()}
        hidden = small | also_hidden(numbers, small, total_shown=total_shown)
        for group in groups:
            within = {key: numbers[key] for key in numbers if key in group}
            hidden |= also_hidden(within, hidden & set(within), total_shown=True)
        return hidden

    def parts(
        self,
        parts: Mapping[Hashable, tuple[int, int]],
        *,
        total_shown: bool = True,
        groups: tuple[set, ...] = (),
    ) -> dict:
        """Each part's cell: its number; "Fewer than N schools" when it is small; "Not shown" when it
        is hidden only so that a small one cannot be worked out."""
        withheld = self.withheld(parts, total_shown=total_shown, groups=groups)
        return {
            key: (self.fewer if self.hidden(schools) else NOT_SHOWN if key in withheld else number(value))
            for key, (value, schools) in parts.items()
        }


def consent_share(partnership, covered: int, covered_ids) -> dict[str, int]:
    """How many of the schools the partnership covers have a consent in force covering each kind of
    data: {"support": n, "needs": n}. One query."""
    consents = consents_in_force(partnership).filter(school_id__in=covered_ids)
    counts = {DataCategory.SUPPORT: 0, DataCategory.NEEDS: 0}
    for categories in consents.values_list("categories", flat=True):
        for category in counts:
            if category in (categories or []):
                counts[category] += 1
    return {"covered": covered, "support": counts[DataCategory.SUPPORT], "needs": counts[DataCategory.NEEDS]}


def _consenting(count: int, covered: int, *, again: bool = False) -> str:
    """ "3 of the 6 schools (50%) consent", "none of the 6 schools consents", "all 6 schools
    consent"; with `again`, only the count and its share ("4 (67%)", "none", "all 6")."""
    if again:
        return (
            "none"
            if not count
            else f"all {number(covered)}"
            if count == covered
            else f"{number(count)} ({percent(count, covered)})"
        )
    if not count:
        return f"none of the {schools_text(covered)} consents"
    if count == covered:
        return f"all {schools_text(covered)} consent"
    verb = "consents" if count == 1 else "consent"
    return f"{number(count)} of the {schools_text(covered)} ({percent(count, covered)}) {verb}"


def about_figures(cells: Cells, share: dict[str, int], *, pupils: bool) -> list[str]:
    """What the reader needs to know once, before trusting any figure: what is counted, what is
    hidden and why, and who has consented to what."""
    covered = share["covered"]
    paragraphs = [
        f"The partnership covers {schools_text(covered)}: the open state-funded schools of its local "
        "authorities. Every figure about needs flags, support cases and progress reviews counts all of "
        "them, and says what it is out of.",
    ]
    if cells.suppress:
        paragraphs.append(
            f"These figures are totals: no school is named. A figure resting on fewer than {cells.minimum} "
            f"schools is shown as “{cells.fewer}”, and where it could be worked out by taking the other "
            f"figures from a total shown beside it, one more is shown as “{NOT_SHOWN}”, so that no school "
            "can be identified. This follows the data-sharing agreement and the Information "
            "Commissioner's guidance on anonymisation: a total that cannot single out a school is not "
            "data about that school."
        )
    else:
        paragraphs.append(
            "You see every figure exactly. The board and the public see the same totals, with any figure "
            f"resting on fewer than {cells.minimum} schools hidden."
        )
    if pupils:
        paragraphs.append(
            "Figures about pupils in the inclusion partnerships hide any count of very few pupils from "
            "everyone who may not see the pupils' records, so that no child can be identified."
        )
    support, needs = share["support"], share["needs"]
    paragraphs.append(
        "Consent to the data-sharing agreement decides what names or singles out a school: "
        f"{_consenting(support, covered)} to share their support casework, and "
        f"{_consenting(needs, covered, again=True)} their needs flags. A school is named in a case "
        "study only with its consent."
    )
    paragraphs.append(
        "Inspection outcomes and results are public data, counted from the register and the "
        "Department for Education's files as imported; the sources below give each one's date."
    )
    return paragraphs
