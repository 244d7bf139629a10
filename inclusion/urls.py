"""The inclusion partnership pages, mounted under /p/<partnership_slug>/inclusion/ by leep.urls.

Each page module keeps its own patterns beside its views; they are gathered here under one
namespace, so the URL sweep can hold every one of them to the same access rule.
"""

from .views import dashboard, exclusions, funding, home, provision, pupils, referrals

app_name = "inclusion"

urlpatterns = [
    *home.urlpatterns,
    *pupils.urlpatterns,
    *referrals.urlpatterns,
    *exclusions.urlpatterns,
    *provision.urlpatterns,
    *funding.urlpatterns,
    *dashboard.urlpatterns,
]
