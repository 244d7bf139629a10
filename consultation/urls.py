from django.urls import path

from .views import analysis, consultations, publication, questions, readers, responses

app_name = "consultation"

# Mounted under /p/<partnership_slug>/consultations/ by leep.urls.
urlpatterns = [
    path("", consultations.consultation_list, name="list"),
    path("new/", consultations.consultation_edit, name="new"),
    path("open-and-published/", readers.open_and_published, name="open-and-published"),
    path("<int:consultation_id>/", consultations.consultation_detail, name="detail"),
    path("<int:consultation_id>/edit/", consultations.consultation_edit, name="edit"),
    path("<int:consultation_id>/preview/", consultations.consultation_preview, name="preview"),
    path("<int:consultation_id>/areas/new/", questions.section_edit, name="section-new"),
    path("<int:consultation_id>/areas/<int:section_id>/edit/", questions.section_edit, name="section-edit"),
    path("<int:consultation_id>/questions/new/", questions.question_edit, name="question-new"),
    path(
        "<int:consultation_id>/questions/<int:question_id>/edit/",
        questions.question_edit,
        name="question-edit",
    ),
    path(
        "<int:consultation_id>/questions/<int:question_id>/remove/",
        questions.question_delete,
        name="question-delete",
    ),
    path("<int:consultation_id>/open/", consultations.consultation_status, {"action": "open"}, name="open"),
    path(
        "<int:consultation_id>/close/", consultations.consultation_status, {"action": "close"}, name="close"
    ),
    path("<int:consultation_id>/invitations/add/", consultations.invitations, name="invitations"),
    path("<int:consultation_id>/feedback/new/", responses.offline_record, name="offline"),
    path("<int:consultation_id>/analysis/", analysis.analysis, name="analysis"),
    path("<int:consultation_id>/analysis.csv", analysis.export_analysis, name="export-analysis"),
    path("<int:consultation_id>/responses.csv", responses.export_responses, name="export-responses"),
    path("<int:consultation_id>/comments/", analysis.comments, name="comments"),
    path("<int:consultation_id>/comments/<int:answer_id>/", analysis.answer_analyse, name="answer"),
    path("<int:consultation_id>/themes/merge/", analysis.theme_merge, name="theme-merge"),
    path("<int:consultation_id>/you-said-we-did/", publication.theme_responses, name="theme-responses"),
    path(
        "<int:consultation_id>/you-said-we-did/new/",
        publication.theme_response_edit,
        name="theme-response-new",
    ),
    path(
        "<int:consultation_id>/you-said-we-did/<int:item_id>/edit/",
        publication.theme_response_edit,
        name="theme-response-edit",
    ),
    path(
        "<int:consultation_id>/you-said-we-did/<int:item_id>/approve/",
        publication.theme_response_approve,
        name="theme-response-approve",
    ),
    path("<int:consultation_id>/publish/", publication.publish, name="publish"),
]
