from django.urls import include, path

from .reporting import views_case_studies, views_dashboard, views_terms
from .views import manage, reports

app_name = "governance"

# Mounted under /p/<partnership_slug>/ by leep.urls: the boards under boards/, the reports under reports/.
board_patterns = [
    path("", manage.board_list, name="boards"),
    path("new/", manage.board_edit, name="board-new"),
    path("<int:board_id>/", manage.board_detail, name="board"),
    path("<int:board_id>/edit/", manage.board_edit, name="board-edit"),
    path("<int:board_id>/terms/new/", manage.terms_adopt, name="terms"),
    path("<int:board_id>/seats/new/", manage.seat_add, name="seat-new"),
    path("<int:board_id>/seats/<int:seat_id>/holder/", manage.membership_add, name="membership-new"),
    path("<int:board_id>/members/<int:membership_id>/leave/", manage.membership_end, name="membership-end"),
    path("<int:board_id>/balance/", manage.balance, name="balance"),
    path("<int:board_id>/interests/new/", manage.interest_new, name="interest-new"),
    path("<int:board_id>/interests/<int:interest_id>/end/", manage.interest_end, name="interest-end"),
    path("<int:board_id>/meetings/new/", manage.meeting_new, name="meeting-new"),
    path("meetings/<int:meeting_id>/", manage.meeting_detail, name="meeting"),
    path("meetings/<int:meeting_id>/items/new/", manage.item_edit, name="item-new"),
    path("meetings/<int:meeting_id>/items/<int:item_id>/edit/", manage.item_edit, name="item-edit"),
    path("meetings/<int:meeting_id>/items/<int:item_id>/papers/new/", manage.paper_add, name="paper-new"),
    path("meetings/<int:meeting_id>/papers/<int:paper_id>/", manage.paper_download, name="paper"),
    path("meetings/<int:meeting_id>/publish/", manage.pack_publish, name="publish"),
    path("meetings/<int:meeting_id>/pack/", manage.pack_view, name="pack"),
    path("meetings/<int:meeting_id>/pack.pdf", manage.pack_view, {"fmt": "pdf"}, name="pack-pdf"),
    path("meetings/<int:meeting_id>/items/<int:item_id>/declare/", manage.declare, name="declare"),
    path("meetings/<int:meeting_id>/attendance/", manage.attendance, name="attendance"),
    path("meetings/<int:meeting_id>/items/<int:item_id>/decision/", manage.decision, name="decision"),
    path("meetings/<int:meeting_id>/items/<int:item_id>/minutes/", manage.minutes, name="minutes"),
    path(
        "meetings/<int:meeting_id>/items/<int:item_id>/record/", manage.minute_request, name="minute-request"
    ),
    path("meetings/<int:meeting_id>/circulate/", manage.circulate, name="circulate"),
    path("meetings/<int:meeting_id>/actions/new/", manage.action_new, name="action-new"),
    path("meetings/<int:meeting_id>/actions/<int:action_id>/done/", manage.action_done, name="action-done"),
]

report_patterns = [
    path("", reports.report_list, name="reports"),
    path("new/", reports.report_generate, name="report-new"),
    path("<int:report_id>/", reports.report_detail, name="report"),
    path("<int:report_id>/document/", reports.report_document, name="report-document"),
    path("<int:report_id>/report.pdf", reports.report_pdf, name="report-pdf"),
    path("<int:report_id>/progress.json", reports.report_progress, name="report-progress"),
    path("<int:report_id>/approve/", reports.report_approve, name="report-approve"),
    path("<int:report_id>/publish/", reports.report_publish, name="report-publish"),
    path("<int:report_id>/retry/", reports.report_retry, name="report-retry"),
    path("case-studies/", views_case_studies.case_study_list, name="case-studies"),
    path("case-studies/add/<int:case_id>/", views_case_studies.case_study_add, name="case-study-add"),
    path("case-studies/<int:study_id>/edit/", views_case_studies.case_study_edit, name="case-study-edit"),
    path(
        "case-studies/<int:study_id>/remove/", views_case_studies.case_study_remove, name="case-study-remove"
    ),
]

urlpatterns = [
    path("boards/", include(board_patterns)),
    path("reports/", include(report_patterns)),
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("dashboard/schools/", views_dashboard.dashboard_schools, name="dashboard-schools"),
    # "terms" already names a board's terms of reference, so the term dates are "term-dates".
    path("terms/", views_terms.term_list, name="term-dates"),
    path("terms/<int:term_id>/edit/", views_terms.term_edit, name="term-date-edit"),
]
