from django.urls import path

from . import views

app_name = "schools"

# Mounted under /p/<partnership_slug>/schools/ by leep.urls.
urlpatterns = [
    path("<int:urn>/", views.school, name="school"),
    path("<int:urn>/records-access/add/", views.records_grant_add, name="records-grant-add"),
    path(
        "<int:urn>/records-access/<int:grant_id>/remove/",
        views.records_grant_revoke,
        name="records-grant-revoke",
    ),
]
