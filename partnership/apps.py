from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "partnership"
    verbose_name = "Partnerships, people and roles"

    def ready(self) -> None:
        from . import home_sections, receivers, rules  # noqa: F401  (registers home sections and signal hooks)
        from .admin_two_factor import register as register_device_admin
        from .history import history_registry
        from .models import Partnership, RoleAssignment, SharingAgreement, User
        from .navigation import nav_registry
        from .selectors.partnerships import partnership_for_history
        from .selectors.people import person_for, role_for_history
        from .selectors.sharing import agreement_for_history

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
        history_registry.register(
            "sharing-agreement",
            SharingAgreement,
            find=agreement_for_history,
            describe=lambda agreement: str(agreement),
        )
        nav_registry.register(
            "Data sharing",
            roles=rules.LA_ROLES,
            href="partnership:sharing",
            sections={
                "partnership:sharing-version",
                "partnership:sharing-new",
                "partnership:sharing-edit",
                "partnership:sharing-publish",
                "schools:consents",
                "schools:consents-remind",
                # The access log and retention runs are reached from the data-sharing page.
                "partnership:access-log",
                "partnership:retention",
            },
            order=80,
        )
