from django.urls import path

from .views import agreements, briefs, cases, links

app_name = "support"

# Mounted under /p/<partnership_slug>/support/ by leep.urls.
urlpatterns = [
    path("", cases.case_list, name="cases"),
    path("export.csv", cases.case_export, name="export"),
    path("team/", cases.team, name="team"),
    path("new/", cases.case_open, name="case-open"),
    path("cases/<int:case_id>/", cases.case_detail, name="case"),
    path("cases/<int:case_id>/needs/", cases.case_needs, name="needs"),
    path("cases/<int:case_id>/escalate/", cases.case_escalate, name="escalate"),
    path("cases/<int:case_id>/close/", cases.case_close, name="close"),
    path("cases/<int:case_id>/watch/", cases.case_watch, name="watch"),
    path("cases/<int:case_id>/share/", cases.case_share, name="share"),
    path("cases/<int:case_id>/briefs/new/", briefs.brief_prepare, name="brief-prepare"),
    path("briefs/<int:brief_id>/", briefs.brief_detail, name="brief"),
    path("briefs/<int:brief_id>/approve/", briefs.brief_approve, name="brief-approve"),
    path(
        "briefs/<int:brief_id>/record-approval/", briefs.brief_approval_record, name="brief-approval-record"
    ),
    path("cases/<int:case_id>/agreements/new/", agreements.agreement_new, name="agreement-new"),
    path("agreements/", agreements.agreement_list, name="agreements"),
    path("system-leaders/<int:leader_id>/links/new/", links.link_declare, name="link-declare"),
    path("agreements/<int:agreement_id>/", agreements.agreement_detail, name="agreement"),
    path("agreements/<int:agreement_id>/agree/", agreements.agreement_agree, name="agree"),
    path("agreements/<int:agreement_id>/answer/", agreements.answer_record, name="answer-record"),
    path(
        "agreements/<int:agreement_id>/answer/document/", agreements.answer_document, name="answer-document"
    ),
    path("agreements/<int:agreement_id>/objectives/new/", agreements.objective_new, name="objective-new"),
    path("agreements/<int:agreement_id>/actions/new/", agreements.action_new, name="action-new"),
    path(
        "agreements/<int:agreement_id>/actions/<int:action_id>/done/",
        agreements.action_done,
        name="action-done",
    ),
    path("agreements/<int:agreement_id>/visits/new/", agreements.visit_new, name="visit-new"),
    path(
        "agreements/<int:agreement_id>/visits/<int:visit_id>/answer/",
        agreements.visit_answer,
        name="visit-answer",
    ),
    path("agreements/<int:agreement_id>/visits/<int:visit_id>/log/", agreements.log_new, name="visit-log"),
    path("agreements/<int:agreement_id>/log/new/", agreements.log_new, name="log-new"),
    path("agreements/<int:agreement_id>/reviews/new/", agreements.review_new, name="review-new"),
    path(
        "agreements/<int:agreement_id>/reviews/<int:review_id>/rate/",
        agreements.review_rate,
        name="review-rate",
    ),
    path(
        "agreements/<int:agreement_id>/reviews/<int:review_id>/comment/",
        agreements.review_comment,
        name="review-comment",
    ),
    path("agreements/<int:agreement_id>/reviews/<int:review_id>/qa/", agreements.review_qa, name="review-qa"),
]
