from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "partnership"
    verbose_name = "Partnerships, people and roles"

    def ready(self) -> None:
        from . import home_sections, receivers  # noqa: F401  (registers home sections and signal hooks)
        from .admin_two_factor import register as register_device_admin
        from .history import history_registry
        from .models import Partnership, RoleAssignment, User
        from .selectors import partnership_for_history, person_for, role_for_history

        register_device_admin()
        history_registry.register(
            "person",
            User,
            find=person_for,
            describe=str,
            shared=True,
            hidden_fields={"is_staff", "is_superuser"},
        )
        history_registry.register(
            "partnership", Partnership, find=partnership_for_history, describe=lambda p: p.name
        )
        history_registry.register(
            "role",
            RoleAssignment,
            find=role_for_history,
            describe=lambda role: f"{role.user}: {role}",
        )
