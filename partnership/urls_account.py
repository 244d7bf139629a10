from django.urls import path

from .views import account as views
from .views import messages

app_name = "account"

# Mounted under /account/ by leep.urls: pages about the signed-in person's own account.
urlpatterns = [
    path("", views.account, name="account"),
    path("messages/", messages.email_choices, name="email-choices"),
    path("two-factor/set-up/", views.two_factor_set_up, name="two-factor-set-up"),
    path("two-factor/code/", views.two_factor_code, name="two-factor-code"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/<int:session_id>/end/", views.session_end, name="session-end"),
    path("sessions/end-others/", views.sessions_end_others, name="sessions-end-others"),
]
