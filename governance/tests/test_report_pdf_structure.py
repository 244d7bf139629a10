"""The scrutiny report as its readers get it: the HTML page and the tagged PDF, read back.

A councillor on the Overview and Scrutiny Committee may read the PDF with a screen reader, so its
structure tree must say what the page shows: one title, headings in order with none skipped, tables
whose header cells are headers, and every chart a figure with a text alternative naming its figures.
What the figures count and hide is said once, in "About these figures"; a section with nothing in it
is left out; and no page but the cover is left nearly empty.

Most of these read the demo's own report (the partnership `make run` loads, with every section), made
as the pipeline makes it.
"""

from __future__ import annotations

import copy
import io
import re
from html import unescape
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from governance import rules
from governance.reporting import render
from governance.reporting.impact import add_impact
from governance.reporting.snapshot import build_snapshot
from governance.terms import academic_year_of, previous_term, term_on
from governance.tests.test_reports import known_snapshot

HEADING = re.compile(r"/H([1-6])$")
PAGE_MARGIN = 2 / 2.54 * 72  # the print stylesheet's 2cm page margin, in points
ABOUT = [
    "The partnership covers 334 schools: the open state-funded schools of its local authorities.",
    "A figure resting on fewer than 5 schools is shown as “Fewer than 5 schools”.",
]


@pytest.fixture(scope="module")
def demo_reports(django_db_setup, django_db_blocker):
    """The demo partnership's termly report for the term just ended and its annual report for last
    year, each as HTML and PDF, drawn as the pipeline draws them. The demo is loaded and rolled back
    once for the whole module."""
    from partnership.models import Partnership
    from schools.demo import seed_demo

    made = {}
    with django_db_blocker.unblock(), transaction.atomic():
        seed_demo()
        partnership = Partnership.objects.get(slug="leep")
        today = timezone.localdate()
        term = previous_term(term_on(partnership, today))
        year = academic_year_of(today) - 1
        snapshots = {
            "termly": build_snapshot(partnership, term=term, audience=rules.REPORT_AUDIENCE),
            "annual": add_impact(
                build_snapshot(partnership, academic_year=year, audience=rules.REPORT_AUDIENCE),
                partnership,
                year,
            ),
        }
        for kind, snapshot in snapshots.items():
            words = officers_words(snapshot, kind)
            pdf, pages = render.report_pdf(snapshot, narrative=words)
            made[kind] = SimpleNamespace(
                snapshot=snapshot,
                narrative=words,
                html=render.report_html(snapshot, narrative=words),
                pdf=PdfReader(io.BytesIO(pdf)),
                pages=pages,
            )
        transaction.set_rollback(True)
    return made


def officers_words(snapshot: dict, kind: str) -> dict:
    """A narrative as an officer writes one: a few paragraphs in each box, and a commentary on every
    section, each naming its section so a test can tell where it was drawn."""
    period = "this year" if kind == "annual" else "this term"
    paragraph = (
        "The partnership's schools asked for support with reading and with attendance, and the "
        "Strategic Group agreed to put the partnership's system leaders where they are needed most. "
    )
    return {
        "key_messages": f"Key message one. {paragraph}\n\nKey message two. {paragraph}",
        "activity": f"What we did. {paragraph * 3}\n\n{paragraph * 2}",
        "next_steps": f"Next step one. {paragraph}\n\nNext step two. {paragraph}",
        "commentary": {
            section["key"]: f"Commentary on {section['key']}. {paragraph}" for section in snapshot["sections"]
        },
        "endorsement": "Endorsed by the LEEP Strategic Group on 12 November 2026.",
        "period_words": period,
    }


@pytest.fixture(params=["termly", "annual"])
def demo(request, db, demo_reports):
    # `db` tells pytest-django that these tests need the test database, which the module's
    # fixture loads the demo into.
    return demo_reports[request.param]


def drawn(snapshot: dict) -> SimpleNamespace:
    pdf, _pages = render.report_pdf(snapshot)
    return SimpleNamespace(html=render.report_html(snapshot), pdf=PdfReader(io.BytesIO(pdf)))


def a_snapshot(**changes) -> dict:
    snapshot = known_snapshot(
        SimpleNamespace(name="Partnership A", short_name="PA", slug="pa"),
        term=SimpleNamespace(key="2026-autumn"),
    )
    return {**snapshot, **changes}


# Reading the PDF back.


def structure(reader: PdfReader) -> list[dict]:
    """Every element of the structure tree, in reading order."""
    found = []

    def walk(element) -> None:
        element = element.get_object()
        if "/S" not in element:
            return  # marked content or an annotation, not a structure element
        found.append(element)
        kids = element.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if isinstance(kid, IndirectObject) else kid
            if isinstance(kid, dict):
                walk(kid)

    kids = reader.trailer["/Root"]["/StructTreeRoot"]["/K"]
    for kid in kids if isinstance(kids, list) else [kids]:
        walk(kid)
    return found


def children(element, role: str | None = None) -> list:
    kids = element.get("/K", [])
    objects = [kid.get_object() for kid in (kids if isinstance(kids, list) else [kids])]
    return [kid for kid in objects if isinstance(kid, dict) and (role is None or kid.get("/S") == role)]


def folded(words: str) -> str:
    """White space folded, and a word hyphenated across two lines ("school-level") made whole."""
    return re.sub(r"-\s+", "-", " ".join(words.split()))


def text(reader: PdfReader) -> str:
    return folded(" ".join(page.extract_text() for page in reader.pages))


def share_of_page_used(page) -> float:
    """How far down its writing area a page's lowest line of text reaches, from 0 to 1. The page
    number, in the bottom margin, does not count."""
    height = float(page.mediabox.height)
    top, bottom = height - PAGE_MARGIN, PAGE_MARGIN
    lowest = [top]

    def line(content, matrix, text_matrix, *_font) -> None:
        if content.strip():
            x, y = text_matrix[4], text_matrix[5]
            lowest.append(x * matrix[1] + y * matrix[3] + matrix[5])

    page.extract_text(visitor_text=line)
    in_writing_area = [y for y in lowest if y > bottom - 1]
    return (top - min(in_writing_area)) / (top - bottom)


# Reading the HTML back.


def headings(html: str) -> list[tuple[int, str, str]]:
    return [
        (int(level), key, unescape(re.sub(r"<[^>]+>", "", words)))
        for level, key, words in re.findall(r'<h([1-6]) id="([^"]*)">(.*?)</h\1>', html, flags=re.S)
    ]


def section(html: str, key: str) -> str:
    found = re.search(rf'<section [^>]*aria-labelledby="{key}">(.*?)</section>', html, flags=re.S)
    return found.group(1) if found else ""


def paragraphs(html: str) -> list[str]:
    return [unescape(re.sub(r"<[^>]+>", "", p)) for p in re.findall(r"<p>(.*?)</p>", html, flags=re.S)]


def contents(html: str) -> list[str]:
    nav = re.search(r'<nav class="contents".*?</nav>', html, flags=re.S).group(0)
    return [unescape(words) for words in re.findall(r'<a href="#[^"]+">(.*?)</a>', nav)]


# The PDF's catalogue and structure.


def test_the_pdf_is_titled_in_english_and_shows_its_title(demo):
    catalogue = demo.pdf.trailer["/Root"]
    title = f"{demo.snapshot['period']['label']}: {demo.snapshot['partnership']['name']}"
    assert demo.pdf.metadata.title == title
    assert demo.pdf.xmp_metadata.dc_title["x-default"] == title
    assert f"<title>{title}</title>" in unescape(demo.html)
    # A reader's window shows the title, not the file's name (PDF/UA).
    assert catalogue["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert catalogue["/Lang"] == "en-GB" and catalogue["/MarkInfo"]["/Marked"].value is True
    assert len(demo.pdf.pages) == demo.pages


def test_the_headings_go_down_one_level_at_a_time(demo):
    levels = [
        int(HEADING.match(element["/S"]).group(1))
        for element in structure(demo.pdf)
        if HEADING.match(element["/S"])
    ]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(after <= before + 1 for before, after in zip(levels, levels[1:], strict=False)), levels
    # The same outline as the page's: the title, Contents, Summary, each section, About these
    # figures, any case studies under theirs, and the appendix.
    html_levels = [level for level, _key, _words in headings(demo.html)]
    assert levels == html_levels
    # With the narrative, "What the partnership did" after the summary and "Next steps" after the
    # figures are headings of that level too.
    assert levels.count(2) == 5 + len(demo.snapshot["sections"]) + 1 + bool(demo.snapshot["case_studies"])


def test_every_table_has_header_cells_for_its_columns_and_rows(demo):
    tables = [element for element in structure(demo.pdf) if element["/S"] == "/Table"]
    captions = [table["caption"] for s in demo.snapshot["sections"] for table in s["tables"]]
    # A table carried over to the next page is a second /Table there.
    assert len(tables) >= len(captions) > 10
    for table in tables:
        header_rows = [row for group in children(table, "/THead") for row in children(group, "/TR")]
        body_rows = [row for group in children(table, "/TBody") for row in children(group, "/TR")]
        assert header_rows, "a table without a header row"
        for row in header_rows:
            # Each column is named by a header cell; only the empty corner above the rows' names
            # is not one.
            named = [cell["/S"] for cell in children(row) if children(cell)]
            assert named and set(named) == {"/TH"}, named
        for row in body_rows:
            cells = children(row)
            if len(cells) == 1:
                continue  # "No figures.", across the whole table
            assert cells[0]["/S"] == "/TH", "each row is named by a header cell"
            for cell in cells[1:]:
                assert cell["/S"] == "/TD"
                # Each figure is tied to its row's and its column's headers, to be read with them.
                assert len(cell["/A"]["/Headers"]) == 2, cell["/A"]


def test_every_chart_is_a_figure_whose_alternative_names_its_figures(demo):
    charts = [s["chart_svg"] for s in render.report_context(demo.snapshot)["sections"] if s["chart_svg"]]
    figures = [element for element in structure(demo.pdf) if element["/S"] == "/Figure"]
    assert len(charts) >= 4
    assert [str(figure["/Alt"]) for figure in figures] == [chart["alt"] for chart in charts]
    for chart in charts:
        assert chart["alt"].startswith(f"Bar chart: {chart['title']}")
        for bar in chart["bars"]:
            assert f"{bar['label']}: {bar['shown']}" in chart["alt"]
        # The page says the same to a screen reader: the chart is an image named by its title.
        title = f'<title id="{chart["id"]}-title">'
        assert f'role="img" aria-labelledby="{chart["id"]}-title"' in demo.html
        assert unescape(demo.html.split(title)[1].split("</title>")[0]) == chart["alt"]


# The layout.


def test_no_page_but_the_cover_is_nearly_empty(demo):
    used = [round(share_of_page_used(page), 2) for page in demo.pdf.pages]
    assert len(used) >= 8
    assert min(used[1:]) >= 0.25, used


def test_a_long_table_goes_over_between_rows_with_its_caption_and_header_row():
    """A table too long for a page once left its caption alone on one page and began on the next."""
    long = a_snapshot(about=ABOUT)
    long["sections"][0]["tables"][0]["rows"] = [[f"School {n}", str(n), "0"] for n in range(1, 91)]
    report = drawn(long)
    parts = [element for element in structure(report.pdf) if element["/S"] == "/Table"]
    assert len(parts) >= 3
    # On each page the table reaches, its header row is repeated above its rows.
    assert [[group["/S"] for group in children(part)] for part in parts] == [
        ["/Caption", "/THead", "/TBody"]
    ] + [["/THead", "/TBody"]] * (len(parts) - 1)
    rows = sum(len(children(group, "/TR")) for part in parts for group in children(part, "/TBody"))
    assert rows == 90


# What the report says once, and what it leaves out.


def test_about_these_figures_is_said_once_after_the_figures_and_before_the_appendix():
    report = drawn(a_snapshot(about=ABOUT))
    outline = [key for _level, key, _words in headings(report.html)]
    assert outline == [
        "report-title",
        "contents-title",
        "summary",
        "section-inspections",
        "about-figures",
        "case-studies",
        "sources",
    ]
    assert paragraphs(section(report.html, "about-figures")) == ABOUT
    assert contents(report.html) == [
        "Summary",
        "Inspection outcomes",
        "About these figures",
        "Case studies",
        "Appendix: data sources",
    ]
    # The cover keeps its promise that the figures do not change, and leaves the rest to the section.
    cover = unescape(re.search(r'<p class="cover-note">(.*?)</p>', report.html).group(1))
    assert cover.startswith("The figures were taken on the date above and do not change.")
    assert "very few" not in cover and "agreed to share" not in cover
    # In the PDF, once, in its place: after the last section's figures and before the appendix.
    words = text(report.pdf)
    for paragraph in ABOUT:
        assert words.count(folded(paragraph)) == 1, paragraph
    about = words.index(folded(ABOUT[0]))
    assert (
        words.rindex("Latest overall grade")
        < about
        < words.rindex("Phonics improved")
        < words.rindex("Get Information")
    )
    assert "Figures resting on very few schools" not in words


def test_a_report_made_before_about_was_kept_still_says_what_its_cover_said():
    older = a_snapshot()
    older.pop("about", None)
    older["sections"] = older["sections"] + [
        {
            **copy.deepcopy(older["sections"][0]),
            "key": "inclusion",
            "title": "Inclusion partnerships",
            "chart": None,
        }
    ]
    report = drawn(older)
    assert paragraphs(section(report.html, "about-figures")) == [
        render.OLDER_ABOUT,
        render.OLDER_ABOUT_PUPILS,
    ]
    words = text(report.pdf)
    assert folded(render.OLDER_ABOUT) in words and folded(render.OLDER_ABOUT_PUPILS) in words
    # Without the inclusion section, nothing is said about pupils.
    older["sections"] = older["sections"][:1]
    assert paragraphs(section(drawn(older).html, "about-figures")) == [render.OLDER_ABOUT]


def test_a_report_with_no_case_studies_has_no_case_studies_section():
    report = drawn(a_snapshot(about=ABOUT, case_studies=[]))
    assert "case-studies" not in report.html and "Case studies" not in report.html
    assert "Case studies" not in contents(report.html)
    words = text(report.pdf)
    assert "Case studies" not in words and "No case studies" not in words
    assert words.rindex("About these figures") < words.rindex("Appendix: data sources")


def test_the_demo_report_says_what_its_snapshot_says_about_its_figures(demo):
    about = render.about_figures(demo.snapshot)
    assert paragraphs(section(demo.html, "about-figures")) == about
    words = text(demo.pdf)
    assert all(words.count(folded(paragraph)) == 1 for paragraph in about)
    if not demo.snapshot["case_studies"]:
        assert "Case studies" not in words and "No case studies" not in words


# The officer's narrative.


def test_the_officers_narrative_is_drawn_in_its_place_in_the_page_and_the_pdf(demo):
    words = demo.narrative
    sections = demo.snapshot["sections"]
    listed = contents(demo.html)
    assert listed[:2] == ["Summary", f"What the partnership did {words['period_words']}"]
    assert listed[2 : 2 + len(sections)] == [s["title"] for s in sections]
    assert listed[2 + len(sections)] == "Next steps"
    summary = section(demo.html, "summary")
    assert "Key message one." in summary and "Key message two." in summary
    assert [w for _level, _key, w in headings(summary)] == [
        "Summary",
        "Key messages",
        "The figures at a glance",
    ]
    assert words["endorsement"] in unescape(
        re.search(r'<dl class="cover-facts">(.*?)</dl>', demo.html, re.S).group(1)
    )
    for s in sections:
        assert f"Commentary on {s['key']}." in section(demo.html, f"section-{s['key']}")
    assert "What we did." in section(demo.html, "activity")
    assert "Next step one." in section(demo.html, "next-steps")

    # The PDF reads in the same order: the key messages, what was done, each section's commentary
    # after its own heading, the next steps, then what the figures count.
    pdf = text(demo.pdf)
    order = [
        pdf.index("Key message one."),
        pdf.index("What we did."),
        *[pdf.index(f"Commentary on {s['key']}.") for s in sections],
        pdf.index("Next step one."),
        pdf.rindex("About these figures"),
    ]
    assert order == sorted(order)
    after = pdf.index("What we did.")
    for s in sections:
        at = pdf.index(f"Commentary on {s['key']}.")
        assert pdf.count(f"Commentary on {s['key']}.") == 1
        # Under its own section's heading: the title comes between the last commentary and this one.
        assert after < pdf.rfind(s["title"], 0, at), s["title"]
        after = at
    assert pdf.count(folded(words["endorsement"])) == 2  # on the cover and under the key messages


def test_the_narrative_is_text_however_it_is_written():
    snapshot = a_snapshot(about=ABOUT)
    words = {
        "key_messages": "<script>alert(1)</script> & more",
        "activity": "a" * 3000,
        "next_steps": "Next.",
        "commentary": {"inspections": "<b>bold</b>"},
        "endorsement": "",
        "period_words": "this term",
    }
    html = render.report_html(snapshot, narrative=words)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    # An unbroken string wraps in the PDF rather than running off the page.
    pdf = drawn_with(snapshot, words)
    assert "a" * 50 in text(pdf).replace(" ", "")


def drawn_with(snapshot: dict, words: dict) -> PdfReader:
    pdf, _pages = render.report_pdf(snapshot, narrative=words)
    return PdfReader(io.BytesIO(pdf))


def test_the_demos_impact_section_says_truthfully_that_there_is_nothing_to_compare(db, demo_reports):
    """Last year the demo partnership had no support case (its one case was opened today), and holds
    results only to 2017 to 2018: the annual report says so, in its words and in the PDF, rather than
    printing a comparison of noughts (decision 0037)."""
    annual = demo_reports["annual"]
    impact = next(sec for sec in annual.snapshot["sections"] if sec["key"] == "impact")
    year = int(annual.snapshot["period"]["key"])
    covered = annual.snapshot["covered_schools"]
    assert impact["summary"] == (
        f"None of the partnership's {covered} open state-funded schools had a support case open at any time "
        f"in the academic year {year} to {year + 1}, so no school with support can be compared with similar "
        "schools without it. No support case closed in the year."
    )
    assert impact["tables"] == [] and impact["chart"] is None
    held = f"or {year} to {year + 1} (the latest held are for 2017 to 2018)."
    assert impact["notes"] == [
        f"No KS2 results are held for {year - 1} to {year} {held}",
        f"No KS4 results are held for {year - 1} to {year} {held}",
    ]
    shown = paragraphs(section(annual.html, "section-impact"))
    assert shown[0] == impact["summary"]
    notes = re.findall(r"<p class=\"note\">(.*?)</p>", section(annual.html, "section-impact"))
    assert [unescape(note) for note in notes] == impact["notes"]
    words = text(annual.pdf)
    assert folded(impact["summary"]) in words and folded(impact["notes"][0]) in words
