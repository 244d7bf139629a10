from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from schools.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Load the demo partnerships (LEEP and Rotherham) with real register data and demo people."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            # Every demo login shares one published password: never in a real installation.
            raise CommandError("The demo data is for development and tests only, not production.")
        logins = seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Every demo login uses the password: {DEMO_PASSWORD}")
        if not settings.TWO_FACTOR_REQUIRED:
            self.stdout.write("Two-factor sign-in is not required here (TWO_FACTOR_REQUIRED is off).")
        else:
            self.stdout.write("Two-factor sign-in is required: each person sets up an authenticator app.")
        width = max(len(row[0]) for row in logins)
        for partnership, role, email in logins:
            self.stdout.write(f"  {partnership:<{width}}  {email:<36} {role}")
