"""The sources the figures come from, with their licences, for a report's appendix."""

from __future__ import annotations

OGL = "Open Government Licence v3.0"
SOURCES = [
    {
        "name": "Get Information About Schools",
        "detail": "The register of schools: names, phases, local authorities and whether they are open. "
        "Contains public sector information licensed under the Open Government Licence v3.0.",
        "licence": OGL,
    },
    {
        "name": "Ofsted inspection outcomes",
        "detail": "The latest inspection of each school, under the overall effectiveness framework or as "
        "a report card. Contains public sector information licensed under the Open Government "
        "Licence v3.0.",
        "licence": OGL,
    },
    {
        "name": "School performance tables",
        "detail": "Key stage 2 and key stage 4 results published by the Department for Education. "
        "Contains public sector information licensed under the Open Government Licence v3.0.",
        "licence": OGL,
    },
    {
        "name": "The partnership's own casework records",
        "detail": "Needs flags, support cases, support agreements, progress reviews and system leaders' "
        "capacity, as recorded in this portal.",
        "licence": "",
    },
]

INCLUSION_SOURCE = {
    "name": "The inclusion partnerships' own records",
    "detail": "Permanent exclusions, consultations with chairs, referrals of pupils at risk, attendance, "
    "alternative provision placements and funding, as recorded in this portal, counted without naming "
    "any pupil; pupils on roll from Get Information About Schools or, where it holds no number, estimated "
    "as five times the school's latest key stage 4 cohort in the school performance tables.",
    "licence": "",
}

BENCHMARK_SOURCE = {
    "name": "Published figures for the LA, its region and England",
    "detail": "Key stage 2 and key stage 4 results and permanent exclusion and suspension rates from "
    "the Department for Education's Local Authority Interactive Tool (LAIT), and pupils in alternative "
    "provision from the DfE's alternative provision census and school census, as imported into this "
    "portal; the sections say what each counts. Contains public sector information licensed under the Open Government Licence v3.0.",
    "licence": OGL,
}
