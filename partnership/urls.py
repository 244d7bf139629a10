from django.urls import path

from . import sharing_views, views, views_access_log, views_data_protection, views_person_security

app_name = "partnership"

# Mounted under /p/<partnership_slug>/ by leep.urls.
urlpatterns = [
    path("", views.home, name="home"),
    path("people/", views.people, name="people"),
    path("people/add/", views.person_add, name="person-add"),
    path("people/<int:user_id>/", views.person, name="person"),
    path("people/<int:user_id>/roles/add/", views.role_add, name="role-add"),
    path("people/<int:user_id>/roles/<int:role_id>/end/", views.role_end, name="role-end"),
    path("people/<int:user_id>/disable/", views.person_disable, name="person-disable"),
    path(
        "people/<int:user_id>/two-factor/reset/",
        views_person_security.two_factor_reset,
        name="two-factor-reset",
    ),
    path(
        "people/<int:user_id>/sessions/end/", views_person_security.sessions_end, name="person-sessions-end"
    ),
    path("people/<int:user_id>/subject-access/", views_data_protection.subject_access, name="subject-access"),
    path("retention/", views_data_protection.retention_runs, name="retention"),
    path("history/<slug:kind>/<int:pk>/", views.history, name="history"),
    path("priorities/", views.priorities, name="priorities"),
    path("priorities/add/", views.priority_edit, name="priority-add"),
    path("priorities/<int:priority_id>/edit/", views.priority_edit, name="priority-edit"),
    path("access-log/", views_access_log.access_log, name="access-log"),
    path("access-log/export.csv", views_access_log.access_log_export, name="access-log-export"),
    path("data-sharing/", sharing_views.overview, name="sharing"),
    path("data-sharing/new/", sharing_views.new, name="sharing-new"),
    path("data-sharing/versions/<int:version>/", sharing_views.version, name="sharing-version"),
    path("data-sharing/versions/<int:version>/edit/", sharing_views.edit, name="sharing-edit"),
    path("data-sharing/versions/<int:version>/publish/", sharing_views.publish, name="sharing-publish"),
]
