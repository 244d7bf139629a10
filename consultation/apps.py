from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "consultation"
    verbose_name = "Consultations"

    def ready(self) -> None:
        from django.urls import reverse

        from partnership.history import history_registry
        from partnership.home_sections import home_registry
        from partnership.navigation import nav_registry

        from . import rules, selectors
        from .models import Consultation

        nav_registry.register(
            "Consultations",
            roles=rules.OFFICER_ROLES,
            href="consultation:list",
            sections={
                f"consultation:{name}"
                for name in (
                    "new",
                    "detail",
                    "edit",
                    "preview",
                    "section-new",
                    "section-edit",
                    "question-new",
                    "question-edit",
                    "question-delete",
                    "open",
                    "close",
                    "invitations",
                    "offline",
                    "analysis",
                    "comments",
                    "answer",
                    "theme-responses",
                    "theme-response-new",
                    "theme-response-edit",
                    "publish",
                )
            },
            order=60,
        )
        # Governors and observers: the consultations open for their views and the published
        # summaries. An officer who is also a governor keeps their own list as "Consultations".
        nav_registry.register(
            "Consultations",
            roles=rules.READER_ROLES,
            href=lambda ctx: (
                reverse("consultation:open-and-published", kwargs={"partnership_slug": ctx.partnership.slug})
                if rules.has_readers_consultations(ctx)
                else None
            ),
            sections={"consultation:open-and-published"},
            order=61,
        )
        home_registry.register(
            "consultations",
            roles=rules.READER_ROLES,
            template="home/consultations.html",
            context=lambda ctx, user: selectors.readers_home(ctx),
            order=61,
        )
        history_registry.register("consultation", Consultation, find=selectors.consultation_for, describe=str)

        from schools.demo import demo_hooks

        from .demo import add_demo_consultation

        if add_demo_consultation not in demo_hooks:
            demo_hooks.append(add_demo_consultation)
