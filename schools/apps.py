from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Schools register"

    def ready(self) -> None:
        from partnership.history import history_registry

        from . import home_sections, selectors
        from .models import Network, School, SystemLeader

        history_registry.register(
            "school",
            School,
            find=selectors.school_for_history,
            describe=lambda school: f"{school.name} (URN {school.urn})",
        )
        history_registry.register("network", Network, find=selectors.network_for, describe=lambda n: n.name)
        history_registry.register(
            "system-leader", SystemLeader, find=selectors.leader_for, describe=lambda s: s.full_name
        )
        home_sections.register()

        from partnership.services import person_left_handlers

        from .services.register import records_grants_withdraw

        if records_grants_withdraw not in person_left_handlers:
            person_left_handlers.append(records_grants_withdraw)
