from django.urls import path

from .views import manage

app_name = "consultation"

# Mounted under /p/<partnership_slug>/consultations/ by leep.urls.
urlpatterns = [
    path("", manage.consultation_list, name="list"),
    path("new/", manage.consultation_edit, name="new"),
    path("<int:consultation_id>/", manage.consultation_detail, name="detail"),
    path("<int:consultation_id>/edit/", manage.consultation_edit, name="edit"),
    path("<int:consultation_id>/preview/", manage.consultation_preview, name="preview"),
    path("<int:consultation_id>/areas/new/", manage.section_edit, name="section-new"),
    path("<int:consultation_id>/areas/<int:section_id>/edit/", manage.section_edit, name="section-edit"),
    path("<int:consultation_id>/questions/new/", manage.question_edit, name="question-new"),
    path(
        "<int:consultation_id>/questions/<int:question_id>/edit/", manage.question_edit, name="question-edit"
    ),
    path(
        "<int:consultation_id>/questions/<int:question_id>/remove/",
        manage.question_delete,
        name="question-delete",
    ),
    path("<int:consultation_id>/open/", manage.consultation_status, {"action": "open"}, name="open"),
    path("<int:consultation_id>/close/", manage.consultation_status, {"action": "close"}, name="close"),
    path("<int:consultation_id>/invitations/add/", manage.invitations, name="invitations"),
    path("<int:consultation_id>/feedback/new/", manage.offline_record, name="offline"),
    path("<int:consultation_id>/analysis/", manage.analysis, name="analysis"),
    path("<int:consultation_id>/analysis.csv", manage.export_analysis, name="export-analysis"),
    path("<int:consultation_id>/responses.csv", manage.export_responses, name="export-responses"),
    path("<int:consultation_id>/comments/", manage.comments, name="comments"),
    path("<int:consultation_id>/comments/<int:answer_id>/", manage.answer_analyse, name="answer"),
    path("<int:consultation_id>/themes/merge/", manage.theme_merge, name="theme-merge"),
    path("<int:consultation_id>/you-said-we-did/", manage.theme_responses, name="theme-responses"),
    path("<int:consultation_id>/you-said-we-did/new/", manage.theme_response_edit, name="theme-response-new"),
    path(
        "<int:consultation_id>/you-said-we-did/<int:item_id>/edit/",
        manage.theme_response_edit,
        name="theme-response-edit",
    ),
    path(
        "<int:consultation_id>/you-said-we-did/<int:item_id>/approve/",
        manage.theme_response_approve,
        name="theme-response-approve",
    ),
    path("<int:consultation_id>/publish/", manage.publish, name="publish"),
]
