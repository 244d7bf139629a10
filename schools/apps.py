from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Schools register"

    def ready(self) -> None:
        from partnership.history import history_registry

        from . import home_sections, selectors
        from .models import School

        history_registry.register(
            "school",
            School,
            find=selectors.school_for_history,
            describe=lambda school: f"{school.name} (URN {school.urn})",
        )
        home_sections.register()
