from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = "School-to-school support"

    def ready(self) -> None:
        from . import registrations

        registrations.register()
