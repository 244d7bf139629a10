from django.urls import path

from .views import (
    access_log,
    data_protection,
    history,
    home,
    messages,
    people,
    person_security,
    priorities,
    sharing,
)

app_name = "partnership"

# Mounted under /p/<partnership_slug>/ by leep.urls.
urlpatterns = [
    path("", home.home, name="home"),
    path("messages/", messages.messages, name="messages"),
    path("messages/read/", messages.messages_read, name="messages-read"),
    path("people/", people.people, name="people"),
    path("people/add/", people.person_add, name="person-add"),
    path("people/<int:user_id>/", people.person, name="person"),
    path("people/<int:user_id>/roles/add/", people.role_add, name="role-add"),
    path("people/<int:user_id>/roles/<int:role_id>/end/", people.role_end, name="role-end"),
    path("people/<int:user_id>/disable/", people.person_disable, name="person-disable"),
    path(
        "people/<int:user_id>/two-factor/reset/",
        person_security.two_factor_reset,
        name="two-factor-reset",
    ),
    path("people/<int:user_id>/sessions/end/", person_security.sessions_end, name="person-sessions-end"),
    path("people/<int:user_id>/subject-access/", data_protection.subject_access, name="subject-access"),
    path("retention/", data_protection.retention_runs, name="retention"),
    path("history/<slug:kind>/<int:pk>/", history.history, name="history"),
    path("priorities/", priorities.priorities, name="priorities"),
    path("priorities/add/", priorities.priority_edit, name="priority-add"),
    path("priorities/<int:priority_id>/edit/", priorities.priority_edit, name="priority-edit"),
    path("access-log/", access_log.access_log, name="access-log"),
    path("access-log/export.csv", access_log.access_log_export, name="access-log-export"),
    path("data-sharing/", sharing.overview, name="sharing"),
    path("data-sharing/new/", sharing.new, name="sharing-new"),
    path("data-sharing/versions/<int:version>/", sharing.version, name="sharing-version"),
    path("data-sharing/versions/<int:version>/edit/", sharing.edit, name="sharing-edit"),
    path("data-sharing/versions/<int:version>/publish/", sharing.publish, name="sharing-publish"),
]
