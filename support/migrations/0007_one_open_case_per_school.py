from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

OPEN = ["identified", "needs_analysed", "support_agreed", "in_delivery", "under_review", "escalated"]


def close_duplicates_opened_at_once(apps, schema_editor):
    """Before the database keeps one open case per school, a school may have two open cases made by
    two submissions at the same moment. The first opened stays; a later one with no agreement yet
    is closed, and its history says why. A later one with agreements cannot be closed here: the
    migration stops and names it, for an officer to close or merge first."""
    SupportCase = apps.get_model("support", "SupportCase")
    History = apps.get_model("support", "HistoricalSupportCase")
    Agreement = apps.get_model("support", "SupportAgreement")
    seen: dict[tuple[int, int], int] = {}
    for case in SupportCase.objects.filter(status__in=OPEN).order_by("pk"):
        key = (case.partnership_id, case.school_id)
        if key not in seen:
            seen[key] = case.pk
            continue
        if Agreement.objects.filter(case_id=case.pk).exists():
            raise RuntimeError(
                f"Support cases {seen[key]} and {case.pk} are both open for one school and both have "
                "work on them. Close one of them, then migrate again."
            )
        case.status = "closed"
        case.closed_on = timezone.localdate()
        case.save(update_fields=["status", "closed_on"])
        values = {f.attname: getattr(case, f.attname) for f in SupportCase._meta.concrete_fields}
        History.objects.create(
            **values,
            history_date=timezone.now(),
            history_type="~",
            history_change_reason=f"Closed as a duplicate of case {seen[key]}, opened at the same moment",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("partnership", "0007_inclusion_roles"),
        ("schools", "0003_importrun_withheld"),
        ("support", "0006_inclusion_moves_to_its_own_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(close_duplicates_opened_at_once, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="supportcase",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "closed"), _negated=True),
                fields=("partnership", "school"),
                name="one_open_support_case_per_school",
            ),
        ),
    ]
