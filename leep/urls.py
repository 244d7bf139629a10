from django.contrib import admin
from django.urls import include, path

from consultation.views import public, respond
from governance.views import public as governance_public
from governance.views import public_reports
from leep import views as leep_views
from partnership.views import data_protection
from partnership.views import home as partnership_home
from partnership.views import pages as partnership_pages
from partnership.views import sign_in as partnership_sign_in

handler400 = "partnership.views.errors.bad_request"
handler403 = "partnership.views.errors.permission_denied"
handler404 = "partnership.views.errors.page_not_found"
handler500 = "partnership.views.errors.server_error"

admin.site.site_header = "Partnership portal administration"
admin.site.site_title = "Partnership portal"

urlpatterns = [
    path("", partnership_home.root, name="home"),
    path("partnerships/", partnership_home.partnership_choose, name="partnership-choose"),
    path("sign-in/", partnership_sign_in.SignInView.as_view(), name="sign-in"),
    path("sign-out/", partnership_sign_in.SignOutView.as_view(), name="sign-out"),
    path("signed-out/", partnership_sign_in.signed_out, name="signed-out"),
    path("password-reset/", partnership_sign_in.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        partnership_sign_in.auth_views.PasswordResetDoneView.as_view(
            template_name="registration/password_reset_sent.html"
        ),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        partnership_sign_in.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        partnership_sign_in.auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("accessibility/", partnership_pages.accessibility, name="accessibility"),
    path("privacy/", partnership_pages.privacy, name="privacy"),
    path("health/", leep_views.live, name="health"),
    path("health/ready/", leep_views.ready, name="health-ready"),
    path("metrics", leep_views.metrics, name="metrics"),
    path("account/my-data/", data_protection.my_data, name="my-data"),
    path("account/", include("partnership.urls_account")),
    path("p/<slug:partnership_slug>/", include("partnership.urls")),
    path("p/<slug:partnership_slug>/", include("schools.urls")),
    path("p/<slug:partnership_slug>/support/", include("support.urls")),
    path("p/<slug:partnership_slug>/inclusion/", include("inclusion.urls")),
    path("p/<slug:partnership_slug>/consultations/", include("consultation.urls")),
    path("p/<slug:partnership_slug>/", include("governance.urls")),
    path("meetings/<slug:partnership_slug>/", governance_public.calendar, name="public-meetings"),
    path(
        "meetings/<slug:partnership_slug>/<int:meeting_id>/", governance_public.meeting, name="public-meeting"
    ),
    path(
        "meetings/<slug:partnership_slug>/<int:meeting_id>/agenda.pdf",
        governance_public.meeting_pack,
        name="public-meeting-pack",
    ),
    path("reports/", public_reports.index, name="public-reports"),
    path("reports/unsubscribe/<str:token>/", public_reports.unsubscribe, name="public-reports-unsubscribe"),
    path(
        "reports/<slug:partnership_slug>/",
        public_reports.partnership_reports,
        name="public-reports-partnership",
    ),
    path("reports/<slug:partnership_slug>/<int:report_id>/", public_reports.report, name="public-report"),
    path(
        "reports/<slug:partnership_slug>/<int:report_id>.pdf",
        public_reports.report_pdf,
        name="public-report-pdf",
    ),
    path("c/<str:token>/", respond.respond_link, name="respond-link"),
    path("c/invite/<str:token>/", respond.respond_invited, name="respond-invited"),
    path("c/r/<str:resume>/<int:step>/", respond.respond_step, name="respond-step"),
    path("c/r/<str:resume>/saved/", respond.respond_saved, name="respond-saved"),
    path("c/r/<str:resume>/check/", respond.respond_check, name="respond-check"),
    path("c/r/<str:resume>/sent/", respond.respond_sent, name="respond-sent"),
    path(
        "consultations/<slug:partnership_slug>/<int:consultation_id>/summary/",
        public.summary,
        name="consultation-summary",
    ),
    path(
        "consultations/<slug:partnership_slug>/<int:consultation_id>/summary.pdf",
        public.summary_pdf,
        name="consultation-summary-pdf",
    ),
    path("admin/", admin.site.urls),
]
