from django.urls import path

from .views import access_log, consent, imports, needs, networks, register

app_name = "schools"

# Mounted under /p/<partnership_slug>/ by leep.urls.
urlpatterns = [
    path("schools/", register.school_list, name="list"),
    path("schools/export.csv", register.school_export, name="export"),
    path("schools/needs-support/", needs.needs_list, name="needs"),
    path("schools/needs-support/triggers/", needs.trigger_settings, name="triggers"),
    path(
        "schools/needs-support/flags/<int:flag_id>/dismiss/",
        needs.flag_dismiss,
        name="flag-dismiss",
    ),
    path("schools/<int:urn>/", register.school, name="school"),
    path("schools/<int:urn>/access-log/", access_log.school_access_log_page, name="access-log"),
    path(
        "schools/<int:urn>/records-access/add/",
        register.records_grant_add,
        name="records-grant-add",
    ),
    path(
        "schools/<int:urn>/records-access/<int:grant_id>/remove/",
        register.records_grant_revoke,
        name="records-grant-revoke",
    ),
    path("schools/<int:urn>/consent/", consent.school_consent, name="consent"),
    path("schools/<int:urn>/consent/sign/", consent.consent_sign_page, name="consent-sign"),
    path("schools/<int:urn>/consent/withdraw/", consent.consent_withdraw_page, name="consent-withdraw"),
    path("schools/<int:urn>/consent/chair/", consent.chair_of_governors_page, name="consent-chair"),
    path("data-sharing/consents/", consent.consents, name="consents"),
    path("data-sharing/consents/remind/", consent.consents_remind, name="consents-remind"),
    path("networks/", networks.network_list, name="networks"),
    path("networks/add/", networks.network_edit, name="network-add"),
    path("networks/<int:network_id>/", networks.network, name="network"),
    path("networks/<int:network_id>/edit/", networks.network_edit, name="network-edit"),
    path("networks/<int:network_id>/schools/add/", networks.membership_add, name="membership-add"),
    path(
        "networks/<int:network_id>/schools/<int:membership_id>/leave/",
        networks.membership_end,
        name="membership-end",
    ),
    path("system-leaders/", networks.leader_list, name="leaders"),
    path("system-leaders/add/", networks.leader_edit, name="leader-add"),
    path("system-leaders/<int:leader_id>/", networks.leader, name="leader"),
    path("system-leaders/<int:leader_id>/edit/", networks.leader_edit, name="leader-edit"),
    path("imports/", imports.import_list, name="imports"),
    path("imports/<int:run_id>/", imports.import_detail, name="import"),
]
