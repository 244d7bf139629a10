"""The demo's made-up content (areas, stories, names, providers, reasons) and its school calendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from inclusion.models import (
    PlanType,
    QAOutcome,
)
from schools.models import School

REASON = "Demo data"
BACKDATED = "Demo data: dated back to when it happened, so the demo shows two school years"


@dataclass(frozen=True)
class Area:
    name: str
    fund_holder: int  # URN; its headteacher chairs the partnership
    pupil_schools: tuple[int, int]  # two more member schools with demo pupils
    members: tuple[int, ...]


# The letter describes five area partnerships of Leicestershire's secondary schools; these follow
# the districts. Rotherham's three are by part of the borough. The demo headteacher's school (the
# first open secondary by URN: Iveshead and Saint Pius X) is a member with pupils, not a fund holder,
# so that login sees its own pupils and no others.
AREAS = {
    "leep": [
        Area(
            "Charnwood",
            137640,
            (120274, 141874),
            (120274, 137367, 137401, 137640, 137799, 137828, 137983, 138079, 138298, 140787, 141874),
        ),
        Area(
            "North West Leicestershire",
            138820,
            (138301, 138833),
            (137317, 138301, 138350, 138478, 138721, 138820, 138821, 138833),
        ),
        Area(
            "Hinckley and Bosworth",
            137969,
            (137968, 141682),
            (137968, 137969, 138108, 138290, 138323, 138327, 139442, 140103, 141682),
        ),
        Area(
            "Harborough and Melton",
            137161,
            (137617, 138150),
            (137115, 137161, 137170, 137540, 137617, 138150, 138628, 138819),
        ),
        Area(
            "Blaby, Oadby and Wigston",
            139624,
            (137984, 138521),
            (137120, 137931, 137984, 138155, 138521, 138527, 138529, 138894, 139624, 143844),
        ),
    ],
    "rotherham": [
        Area("Rotherham North", 145848, (106962, 143141), (106962, 139992, 140553, 143141, 145848)),
        Area("Rotherham Central", 140459, (143545, 141853), (136301, 138329, 140459, 141853, 143545)),
        Area("Rotherham South", 140646, (136042, 141730), (136042, 136331, 136718, 140646, 141730)),
    ],
}

# Every area has these pupils' stories, and two more from its partnership's list below, so that
# between them the areas show every plan, placement outcome and governors' review outcome.
BASE_STORIES = ("referred", "in_school", "home_base", "ap_placement", "reintegrated", "excluded_upheld")
EXTRA_STORIES = {
    "leep": [
        "consulted_only",
        "excluded_pending",
        "specialist",
        "excluded_unconsulted",
        "managed_move",
        "ended_other",
        "excluded_reinstated",
        "excluded_pending",
        "excluded_unconsulted",
        "specialist",
    ],
    "rotherham": [
        "consulted_only",
        "excluded_unconsulted",
        "ended_other",
        "excluded_pending",
        "managed_move",
        "excluded_reinstated",
    ],
}
EXCLUSION_STORIES = {"excluded_upheld", "excluded_pending", "excluded_reinstated", "excluded_unconsulted"}

# Names that cannot be mistaken for real children.
FIRST_NAMES = [
    "Alfie", "Amara", "Ben", "Caitlin", "Callum", "Chloe", "Daniel", "Ellie", "Ethan", "Freya",
    "George", "Grace", "Harvey", "Isla", "Jack", "Jasmine", "Kai", "Leah", "Logan", "Maisie",
    "Mason", "Mia", "Noah", "Olivia", "Oscar", "Poppy", "Reece", "Ruby", "Tyler", "Zara",
]  # fmt: skip
SURNAMES = [
    "Demoford", "Demoley", "Demobrook", "Sampleby", "Samplewood", "Samplethwaite", "Examplethorpe",
    "Exampleton", "Mockridge", "Mockford", "Fictonby", "Fictwell", "Storyfield", "Testerley",
]  # fmt: skip
HEAD_NAMES = [
    "Priya Example", "Tom Sample", "Ruth Demo", "Marcus Example", "Joanne Sample", "Kwame Demo",
    "Fiona Example", "Gareth Sample", "Aisha Demo", "Neil Example", "Helen Sample", "Imran Demo",
    "Claire Example", "Rob Sample", "Sian Demo", "Declan Example", "Lorna Sample", "Vikram Demo",
]  # fmt: skip

PROVIDERS = {
    "leep": [
        ("Hollybrook Farm Learning", "Unregistered: quality-assured by the LA", "Pat Demo", "0116 496 0101"),
        ("Kestrel Skills Workshop", "Registered independent school", "Jo Sample", "0116 496 0102"),
        ("Second Gear Motor Project", "Unregistered: quality-assured by the LA", "Lee Example", "0116 496 0103"),
        ("Willowbank Learning Centre", "Registered independent school", "Sandy Demo", "0116 496 0104"),
    ],
    "rotherham": [
        ("Foundry Lane Skills Centre", "Registered independent school", "Chris Demo", "0114 496 0201"),
        ("Greenacre Equine Learning", "Unregistered: quality-assured by the LA", "Max Sample", "0114 496 0202"),
        ("Northfield Mentoring Project", "Unregistered: quality-assured by the LA", "Jamie Example", "0114 496 0203"),
        ("Riverside Learning Base", "Registered independent school", "Robin Demo", "0114 496 0204"),
    ],
}  # fmt: skip
# Each provider's visits, oldest first. The last provider was found not suitable this year: its one
# placement ended before then, and it takes no more.
QA_VISITS = [
    [(400, QAOutcome.MEETS), (60, QAOutcome.MEETS)],
    [(330, QAOutcome.IMPROVEMENT), (120, QAOutcome.MEETS)],
    [(200, QAOutcome.MEETS)],
    [(420, QAOutcome.MEETS), (25, QAOutcome.UNSUITABLE)],
]
QA_NOTES = {
    QAOutcome.MEETS: "Safe site, clear registers and a good curriculum offer. Pupils were engaged.",
    QAOutcome.IMPROVEMENT: "Registers incomplete and no written plan for English and maths. Revisit in a term.",
    QAOutcome.UNSUITABLE: "Safeguarding checks not in place for two new staff. Do not place pupils.",
}

REFERRAL_REASONS = [
    "Repeated suspensions this term for defiance and leaving lessons; attendance below 85%.",
    "Frequent removals from lessons to the behaviour base, and two suspensions this half term.",
    "Verbal aggression towards staff and other pupils, and rising absence on Mondays and Fridays.",
    "Refusing to go to most lessons and spending much of the day in corridors.",
    "A serious incident with another pupil after a term of escalating behaviour.",
    "Low attendance and disengagement since moving schools; staff think there are unmet needs.",
]
SUPPORT_TRIED = [
    "A pastoral support plan, daily report and mentoring with the head of year.",
    "A reduced timetable for four weeks, a key adult and a referral to the school nurse.",
    "Time in the school's inclusion room, restorative meetings and fortnightly meetings with home.",
    "An early help assessment, small-group literacy support and a behaviour mentor.",
    "An assessment by the SENCO, an SEN support plan and a weekly check-in with the family.",
]
PLAN_DETAILS = {
    PlanType.IN_SCHOOL: "A key adult every morning, two small-group sessions a week and a fortnightly call home.",
    PlanType.HOME_BASE: "Three days a week at the partnership's home base for English, maths and PSHE; two in school.",
    PlanType.AP_PLACEMENT: "Two days a week on a vocational course with an alternative provision provider.",
    PlanType.MANAGED_MOVE: "A twelve-week managed move to {school}, reviewed at six weeks, staying on roll meanwhile.",
}
CONSULTATIONS = [
    (
        "A serious assault on another pupil after a term on a pastoral support plan.",
        "A managed move, a longer home base placement, a suspension.",
        "Try a managed move first. If the school decides to exclude, the partnership will find a place quickly.",
    ),
    (
        "Bringing a knife into school.",
        "An alternative provision placement while the risk is assessed.",
        "The school's decision; the partnership can offer a place at another member school.",
    ),
    (
        "Persistent disruption despite the agreed plan, and threats to staff.",
        "More time in the home base, a managed move, a specialist assessment.",
        "Extend the home base days for six weeks and ask for an educational psychologist's assessment.",
    ),
]
OTHER_OUTCOMES = [
    "Moved out of the county with their family.",
    "Placement ended early after concerns about the provider; the pupil returned to the home base.",
]


def _academic_year_start(day: dt.date) -> dt.date:
    return dt.date(day.year if day.month >= 9 else day.year - 1, 9, 1)


def _financial_year(day: dt.date) -> int:
    """April to March, named by the year it starts in (as FundingAllocation)."""
    return day.year if day.month >= 4 else day.year - 1


def _year_groups(school: School) -> range:
    """The year groups a secondary school teaches, up to Year 11, from its statutory ages."""
    low = max(7, (school.statutory_low_age or 11) - 4)
    high = min(11, (school.statutory_high_age or 16) - 5)
    return range(low, max(low, high) + 1)


def _in_holiday(day: dt.date) -> bool:
    """The summer and Christmas holidays, roughly: enough that nothing happens on Christmas Day."""
    md = (day.month, day.day)
    return (7, 21) <= md <= (9, 2) or md >= (12, 20) or md <= (1, 4)


def _school_days(starts_on: dt.date, ends_on: dt.date) -> int:
    days = (starts_on + dt.timedelta(days=n) for n in range((ends_on - starts_on).days + 1))
    return sum(1 for day in days if day.weekday() < 5 and not _in_holiday(day))


def _school_days_on(day: dt.date, days: int) -> dt.date:
    """So many calendar days on from day, as if in term time: the same number of school days
    (five in seven) on, skipping weekends and holidays."""
    left = round(days * 5 / 7)
    while left > 0 or day.weekday() >= 5 or _in_holiday(day):
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and not _in_holiday(day):
            left -= 1
    return day


def _weekday_on_or_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=max(0, day.weekday() - 4))
