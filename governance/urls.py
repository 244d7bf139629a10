from django.urls import include, path

from .views import (
    agenda,
    boards,
    case_studies,
    dashboard,
    decisions,
    meetings,
    membership,
    minutes,
    papers,
    reports,
    term_dates,
)

app_name = "governance"

# Mounted under /p/<partnership_slug>/ by leep.urls: the boards under boards/, the reports under reports/.
board_patterns = [
    path("", boards.board_list, name="boards"),
    path("new/", boards.board_edit, name="board-new"),
    path("<int:board_id>/", boards.board_detail, name="board"),
    path("<int:board_id>/edit/", boards.board_edit, name="board-edit"),
    path("<int:board_id>/terms/new/", boards.terms_adopt, name="terms"),
    path("<int:board_id>/seats/new/", boards.seat_add, name="seat-new"),
    path("<int:board_id>/seats/<int:seat_id>/holder/", membership.membership_add, name="membership-new"),
    path(
        "<int:board_id>/members/<int:membership_id>/leave/", membership.membership_end, name="membership-end"
    ),
    path("<int:board_id>/balance/", membership.balance, name="balance"),
    path("<int:board_id>/interests/new/", membership.interest_new, name="interest-new"),
    path("<int:board_id>/interests/<int:interest_id>/end/", membership.interest_end, name="interest-end"),
    path("<int:board_id>/meetings/new/", meetings.meeting_new, name="meeting-new"),
    path("meetings/<int:meeting_id>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:meeting_id>/items/new/", agenda.item_edit, name="item-new"),
    path("meetings/<int:meeting_id>/items/<int:item_id>/edit/", agenda.item_edit, name="item-edit"),
    path("meetings/<int:meeting_id>/items/<int:item_id>/papers/new/", papers.paper_add, name="paper-new"),
    path("meetings/<int:meeting_id>/papers/<int:paper_id>/", papers.paper_download, name="paper"),
    path("meetings/<int:meeting_id>/publish/", papers.pack_publish, name="publish"),
    path("meetings/<int:meeting_id>/pack/", papers.pack_view, name="pack"),
    path("meetings/<int:meeting_id>/pack.pdf", papers.pack_view, {"fmt": "pdf"}, name="pack-pdf"),
    path("meetings/<int:meeting_id>/items/<int:item_id>/declare/", agenda.declare, name="declare"),
    path(
        "meetings/<int:meeting_id>/items/<int:item_id>/declare-for/", agenda.declare_for, name="declare-for"
    ),
    path("meetings/<int:meeting_id>/attendance/", meetings.attendance, name="attendance"),
    path("meetings/<int:meeting_id>/items/<int:item_id>/decision/", decisions.decision, name="decision"),
    path("meetings/<int:meeting_id>/items/<int:item_id>/minutes/", minutes.minutes, name="minutes"),
    path(
        "meetings/<int:meeting_id>/items/<int:item_id>/record/", minutes.minute_request, name="minute-request"
    ),
    path("meetings/<int:meeting_id>/circulate/", minutes.circulate, name="circulate"),
    path("meetings/<int:meeting_id>/actions/new/", meetings.action_new, name="action-new"),
    path("meetings/<int:meeting_id>/actions/<int:action_id>/done/", meetings.action_done, name="action-done"),
]

report_patterns = [
    path("", reports.report_list, name="reports"),
    path("new/", reports.report_generate, name="report-new"),
    path("<int:report_id>/", reports.report_detail, name="report"),
    path("<int:report_id>/document/", reports.report_document, name="report-document"),
    path("<int:report_id>/report.pdf", reports.report_pdf, name="report-pdf"),
    path("<int:report_id>/progress.json", reports.report_progress, name="report-progress"),
    path("<int:report_id>/narrative/", reports.report_narrative, name="report-narrative"),
    path("<int:report_id>/approve/", reports.report_approve, name="report-approve"),
    path("<int:report_id>/publish/", reports.report_publish, name="report-publish"),
    path("<int:report_id>/retry/", reports.report_retry, name="report-retry"),
    path("case-studies/", case_studies.case_study_list, name="case-studies"),
    path("case-studies/add/<int:case_id>/", case_studies.case_study_add, name="case-study-add"),
    path("case-studies/<int:study_id>/edit/", case_studies.case_study_edit, name="case-study-edit"),
    path("case-studies/<int:study_id>/remove/", case_studies.case_study_remove, name="case-study-remove"),
]

urlpatterns = [
    path("boards/", include(board_patterns)),
    path("reports/", include(report_patterns)),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/schools/", dashboard.dashboard_schools, name="dashboard-schools"),
    # "terms" already names a board's terms of reference, so the term dates are "term-dates".
    path("terms/", term_dates.term_list, name="term-dates"),
    path("terms/<int:term_id>/edit/", term_dates.term_edit, name="term-date-edit"),
]
