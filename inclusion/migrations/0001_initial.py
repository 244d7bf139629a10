"""The inclusion records move here from the support app (decision 0020). No data moves: every
model keeps its table and columns, history tables included, so this migration changes only Django's
idea of which app holds them (the support app's 0006 forgets them at the same time). One concept,
one name: the support app's AtRiskCase is now Referral, and its `case` keys are `referral` (the
column is still case_id). The content types move with the models, so permissions and anything else
keyed to a content type stay attached."""

from decimal import Decimal

import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

# The support app's model names, and what each is called here.
MOVED = {
    "applacement": "applacement",
    "approvider": "approvider",
    "atriskcase": "referral",
    "attendancerecord": "attendancerecord",
    "designatedinclusionlead": "designatedinclusionlead",
    "exclusionconsultation": "exclusionconsultation",
    "fundingallocation": "fundingallocation",
    "inclusionpartnership": "inclusionpartnership",
    "inclusionstaffmember": "inclusionstaffmember",
    "permanentexclusion": "permanentexclusion",
    "placementreview": "placementreview",
    "planreview": "planreview",
    "pupil": "pupil",
    "pupilroll": "pupilroll",
    "qavisit": "qavisit",
    "spend": "spend",
}
NAMES = {**MOVED, **{f"historical{old}": f"historical{new}" for old, new in MOVED.items()}}


def move_content_types(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    taken = set(content_type.objects.filter(app_label="inclusion").values_list("model", flat=True))
    for old, new in NAMES.items():
        if new not in taken:
            content_type.objects.filter(app_label="support", model=old).update(
                app_label="inclusion", model=new
            )


def move_content_types_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    taken = set(content_type.objects.filter(app_label="support").values_list("model", flat=True))
    for old, new in NAMES.items():
        if old not in taken:
            content_type.objects.filter(app_label="inclusion", model=new).update(
                app_label="support", model=old
            )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("support", "0006_inclusion_moves_to_its_own_app"),
        ("partnership", "0007_inclusion_roles"),
        ("schools", "0002_historicalinspection_historicalinspectionareagrade_and_more"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="FundingAllocation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "financial_year",
                            models.PositiveSmallIntegerField(
                                help_text="2026 means April 2026 to March 2027."
                            ),
                        ),
                        ("amount", models.DecimalField(decimal_places=2, max_digits=12)),
                    ],
                    options={
                        "db_table": "support_fundingallocation",
                        "ordering": ["inclusion_partnership", "-financial_year"],
                    },
                ),
                migrations.CreateModel(
                    name="APProvider",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=200)),
                        (
                            "registration",
                            models.CharField(
                                blank=True,
                                help_text="Ofsted or DfE registration, if any.",
                                max_length=100,
                                verbose_name="registration",
                            ),
                        ),
                        ("urn", models.PositiveIntegerField(blank=True, null=True, verbose_name="URN")),
                        ("contact_name", models.CharField(blank=True, max_length=200)),
                        ("contact_email", models.EmailField(blank=True, max_length=254)),
                        ("contact_phone", models.CharField(blank=True, max_length=40)),
                        (
                            "partnership",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="partnership.partnership",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "support_approvider",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="APPlacement",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("starts_on", models.DateField()),
                        (
                            "ends_on",
                            models.DateField(
                                blank=True, help_text="The last day of the placement.", null=True
                            ),
                        ),
                        ("days_per_week", models.DecimalField(decimal_places=1, max_digits=2)),
                        ("cost", models.DecimalField(decimal_places=2, max_digits=10)),
                        (
                            "funding_source",
                            models.CharField(
                                choices=[
                                    ("partnership", "The inclusion partnership's allocation"),
                                    ("school", "The home school"),
                                    ("high_needs", "LA high needs funding"),
                                    ("other", "Other"),
                                ],
                                max_length=20,
                            ),
                        ),
                        (
                            "review_weeks",
                            models.PositiveSmallIntegerField(default=6, verbose_name="review every (weeks)"),
                        ),
                        (
                            "outcome",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("reintegrated", "Reintegrated into mainstream"),
                                    ("specialist", "Moved to a specialist place"),
                                    ("other", "Other"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("outcome_detail", models.TextField(blank=True)),
                        (
                            "created_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "provider",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="placements",
                                to="inclusion.approvider",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "support_applacement",
                        "ordering": ["-starts_on", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="DesignatedInclusionLead",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("named_on", models.DateField(default=django.utils.timezone.localdate)),
                        (
                            "named_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "school",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="inclusion_leads",
                                to="schools.school",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "support_designatedinclusionlead",
                        "ordering": ["school", "named_on"],
                    },
                ),
                migrations.CreateModel(
                    name="ExclusionConsultation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("consulted_on", models.DateField()),
                        ("reason", models.TextField(verbose_name="reason exclusion is being considered")),
                        ("alternatives_considered", models.TextField()),
                        ("chair_advice", models.TextField(verbose_name="the chair's advice")),
                        (
                            "chair",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "school",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="schools.school",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "support_exclusionconsultation",
                        "ordering": ["-consulted_on", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalAPProvider",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=200)),
                        (
                            "registration",
                            models.CharField(
                                blank=True,
                                help_text="Ofsted or DfE registration, if any.",
                                max_length=100,
                                verbose_name="registration",
                            ),
                        ),
                        ("urn", models.PositiveIntegerField(blank=True, null=True, verbose_name="URN")),
                        ("contact_name", models.CharField(blank=True, max_length=200)),
                        ("contact_email", models.EmailField(blank=True, max_length=254)),
                        ("contact_phone", models.CharField(blank=True, max_length=40)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "partnership",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="partnership.partnership",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical ap provider",
                        "verbose_name_plural": "historical ap providers",
                        "db_table": "support_historicalapprovider",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalDesignatedInclusionLead",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("named_on", models.DateField(default=django.utils.timezone.localdate)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "named_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "school",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="schools.school",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical designated inclusion lead",
                        "verbose_name_plural": "historical designated inclusion leads",
                        "db_table": "support_historicaldesignatedinclusionlead",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalInclusionPartnership",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("area", models.CharField(max_length=200, verbose_name="area")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "chair",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "fund_holder",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="schools.school",
                                verbose_name="fund-holder school",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "network",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="schools.network",
                            ),
                        ),
                        (
                            "partnership",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="partnership.partnership",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical inclusion partnership",
                        "verbose_name_plural": "historical inclusion partnerships",
                        "db_table": "support_historicalinclusionpartnership",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalPlacementReview",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("reviewed_on", models.DateField()),
                        ("attendance_notes", models.TextField(blank=True, verbose_name="attendance")),
                        ("progress_notes", models.TextField(blank=True, verbose_name="progress")),
                        ("next_review_on", models.DateField(blank=True, null=True)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "placement",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="inclusion.applacement",
                            ),
                        ),
                        (
                            "reviewed_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical placement review",
                        "verbose_name_plural": "historical placement reviews",
                        "db_table": "support_historicalplacementreview",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalPupil",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("full_name", models.CharField(max_length=200, verbose_name="name")),
                        ("date_of_birth", models.DateField()),
                        (
                            "upn",
                            models.CharField(
                                db_index=True,
                                help_text="Unique pupil number",
                                max_length=13,
                                verbose_name="UPN",
                            ),
                        ),
                        ("year_group", models.PositiveSmallIntegerField()),
                        (
                            "send_status",
                            models.CharField(
                                choices=[
                                    ("none", "No special educational needs"),
                                    ("sen_support", "SEN support"),
                                    ("ehc_plan", "Education, health and care plan"),
                                ],
                                default="none",
                                max_length=20,
                                verbose_name="SEND status",
                            ),
                        ),
                        ("created_on", models.DateField(default=django.utils.timezone.localdate)),
                        (
                            "retain_until",
                            models.DateField(
                                help_text="Kept until this day: INCLUSION_PUPIL_RETENTION_YEARS after the last involvement."
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "home_school",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="schools.school",
                            ),
                        ),
                        (
                            "partnership",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="partnership.partnership",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical pupil",
                        "verbose_name_plural": "historical pupils",
                        "db_table": "support_historicalpupil",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalQAVisit",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("visited_on", models.DateField()),
                        (
                            "outcome",
                            models.CharField(
                                choices=[
                                    ("meets", "Meets the standard"),
                                    ("improvement", "Improvement needed"),
                                    ("unsuitable", "Not suitable: do not place"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("notes", models.TextField(blank=True)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "provider",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="inclusion.approvider",
                            ),
                        ),
                        (
                            "visited_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical qa visit",
                        "verbose_name_plural": "historical qa visits",
                        "db_table": "support_historicalqavisit",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalSpend",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "category",
                            models.CharField(
                                choices=[
                                    ("staff", "Staff"),
                                    ("ap_placements", "Alternative provision placements"),
                                    ("home_base", "Home base provision"),
                                    ("other", "Other"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("amount", models.DecimalField(decimal_places=2, max_digits=12)),
                        ("description", models.CharField(blank=True, max_length=300)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "allocation",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="inclusion.fundingallocation",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical spend",
                        "verbose_name_plural": "historical spends",
                        "db_table": "support_historicalspend",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="InclusionPartnership",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("area", models.CharField(max_length=200, verbose_name="area")),
                        (
                            "chair",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="chaired_inclusion_partnerships",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "fund_holder",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="schools.school",
                                verbose_name="fund-holder school",
                            ),
                        ),
                        (
                            "network",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="inclusion_partnership",
                                to="schools.network",
                            ),
                        ),
                        (
                            "partnership",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="inclusion_partnerships",
                                to="partnership.partnership",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "support_inclusionpartnership",
                        "ordering": ["area"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalInclusionStaffMember",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("starts_on", models.DateField(default=django.utils.timezone.localdate)),
                        (
                            "ends_on",
                            models.DateField(
                                blank=True, help_text="Leaves at the start of this day.", null=True
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "inclusion_partnership",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="inclusion.inclusionpartnership",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical inclusion staff member",
                        "verbose_name_plural": "historical inclusion staff members",
                        "db_table": "support_historicalinclusionstaffmember",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalFundingAllocation",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "financial_year",
                            models.PositiveSmallIntegerField(
                                help_text="2026 means April 2026 to March 2027."
                            ),
                        ),
                        ("amount", models.DecimalField(decimal_places=2, max_digits=12)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "inclusion_partnership",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="inclusion.inclusionpartnership",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical funding allocation",
                        "verbose_name_plural": "historical funding allocations",
                        "db_table": "support_historicalfundingallocation",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddField(
                    model_name="fundingallocation",
                    name="inclusion_partnership",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="allocations",
                        to="inclusion.inclusionpartnership",
                    ),
                ),
                migrations.CreateModel(
                    name="InclusionStaffMember",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("starts_on", models.DateField(default=django.utils.timezone.localdate)),
                        (
                            "ends_on",
                            models.DateField(
                                blank=True, help_text="Leaves at the start of this day.", null=True
                            ),
                        ),
                        (
                            "inclusion_partnership",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="staff",
                                to="inclusion.inclusionpartnership",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "support_inclusionstaffmember",
                        "ordering": ["inclusion_partnership", "starts_on"],
                    },
                ),
                migrations.CreateModel(
                    name="PlacementReview",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("reviewed_on", models.DateField()),
                        ("attendance_notes", models.TextField(blank=True, verbose_name="attendance")),
                        ("progress_notes", models.TextField(blank=True, verbose_name="progress")),
                        ("next_review_on", models.DateField(blank=True, null=True)),
                        (
                            "placement",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reviews",
                                to="inclusion.applacement",
                            ),
                        ),
                        (
                            "reviewed_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "support_placementreview",
                        "ordering": ["placement", "reviewed_on", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Pupil",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("full_name", models.CharField(max_length=200, verbose_name="name")),
                        ("date_of_birth", models.DateField()),
                        (
                            "upn",
                            models.CharField(
                                help_text="Unique pupil number",
                                max_length=13,
                                unique=True,
                                verbose_name="UPN",
                            ),
                        ),
                        ("year_group", models.PositiveSmallIntegerField()),
                        (
                            "send_status",
                            models.CharField(
                                choices=[
                                    ("none", "No special educational needs"),
                                    ("sen_support", "SEN support"),
                                    ("ehc_plan", "Education, health and care plan"),
                                ],
                                default="none",
                                max_length=20,
                                verbose_name="SEND status",
                            ),
                        ),
                        ("created_on", models.DateField(default=django.utils.timezone.localdate)),
                        (
                            "retain_until",
                            models.DateField(
                                help_text="Kept until this day: INCLUSION_PUPIL_RETENTION_YEARS after the last involvement."
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "home_school",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="schools.school",
                            ),
                        ),
                        (
                            "partnership",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="partnership.partnership",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "support_pupil",
                        "ordering": ["full_name", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="PermanentExclusion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("excluded_on", models.DateField()),
                        (
                            "governors_review",
                            models.CharField(
                                choices=[
                                    ("pending", "Not yet reviewed"),
                                    ("upheld", "Exclusion upheld"),
                                    ("reinstated", "Pupil reinstated"),
                                ],
                                default="pending",
                                max_length=20,
                                verbose_name="governors' review",
                            ),
                        ),
                        (
                            "consultation",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="inclusion.exclusionconsultation",
                            ),
                        ),
                        (
                            "placed_at",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="schools.school",
                                verbose_name="placed on roll at",
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "school",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="schools.school",
                            ),
                        ),
                        (
                            "pupil",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="permanent_exclusions",
                                to="inclusion.pupil",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "support_permanentexclusion",
                        "ordering": ["-excluded_on", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalReferral",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("reasons", models.TextField()),
                        ("support_tried", models.TextField(verbose_name="support already tried")),
                        ("referred_on", models.DateField(default=django.utils.timezone.localdate)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("referred", "Referred"),
                                    ("plan_agreed", "Plan agreed"),
                                    ("closed", "Closed"),
                                ],
                                default="referred",
                                max_length=20,
                            ),
                        ),
                        (
                            "plan_type",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("in_school", "In-school support"),
                                    ("home_base", "Home base provision"),
                                    ("ap_placement", "Alternative provision placement"),
                                    ("managed_move", "Managed move"),
                                ],
                                max_length=20,
                                verbose_name="plan",
                            ),
                        ),
                        ("plan_detail", models.TextField(blank=True)),
                        ("plan_agreed_on", models.DateField(blank=True, null=True)),
                        ("next_review_on", models.DateField(blank=True, null=True)),
                        ("closed_on", models.DateField(blank=True, null=True)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "plan_agreed_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "referred_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "referring_school",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="schools.school",
                            ),
                        ),
                        (
                            "inclusion_partnership",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="inclusion.inclusionpartnership",
                            ),
                        ),
                        (
                            "pupil",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="inclusion.pupil",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical referral",
                        "verbose_name_plural": "historical referrals",
                        "db_table": "support_historicalatriskcase",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalPupilRoll",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("starts_on", models.DateField()),
                        (
                            "ends_on",
                            models.DateField(
                                blank=True, help_text="Off roll from the start of this day.", null=True
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "school",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="schools.school",
                            ),
                        ),
                        (
                            "pupil",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="inclusion.pupil",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical pupil roll",
                        "verbose_name_plural": "historical pupil rolls",
                        "db_table": "support_historicalpupilroll",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalPermanentExclusion",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("excluded_on", models.DateField()),
                        (
                            "governors_review",
                            models.CharField(
                                choices=[
                                    ("pending", "Not yet reviewed"),
                                    ("upheld", "Exclusion upheld"),
                                    ("reinstated", "Pupil reinstated"),
                                ],
                                default="pending",
                                max_length=20,
                                verbose_name="governors' review",
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "consultation",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="inclusion.exclusionconsultation",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "placed_at",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="schools.school",
                                verbose_name="placed on roll at",
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "school",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="schools.school",
                            ),
                        ),
                        (
                            "pupil",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="inclusion.pupil",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical permanent exclusion",
                        "verbose_name_plural": "historical permanent exclusions",
                        "db_table": "support_historicalpermanentexclusion",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalExclusionConsultation",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("consulted_on", models.DateField()),
                        ("reason", models.TextField(verbose_name="reason exclusion is being considered")),
                        ("alternatives_considered", models.TextField()),
                        ("chair_advice", models.TextField(verbose_name="the chair's advice")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "chair",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "school",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="schools.school",
                            ),
                        ),
                        (
                            "pupil",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="inclusion.pupil",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical exclusion consultation",
                        "verbose_name_plural": "historical exclusion consultations",
                        "db_table": "support_historicalexclusionconsultation",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalAttendanceRecord",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("starts_on", models.DateField()),
                        ("ends_on", models.DateField()),
                        ("sessions_possible", models.PositiveSmallIntegerField()),
                        ("sessions_attended", models.PositiveSmallIntegerField()),
                        (
                            "sessions_out_of_mainstream",
                            models.PositiveSmallIntegerField(
                                default=0,
                                help_text="Sessions spent away from mainstream lessons: home base, AP or exclusion.",
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "pupil",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="inclusion.pupil",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical attendance record",
                        "verbose_name_plural": "historical attendance records",
                        "db_table": "support_historicalattendancerecord",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddField(
                    model_name="exclusionconsultation",
                    name="pupil",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="exclusion_consultations",
                        to="inclusion.pupil",
                    ),
                ),
                migrations.CreateModel(
                    name="AttendanceRecord",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("starts_on", models.DateField()),
                        ("ends_on", models.DateField()),
                        ("sessions_possible", models.PositiveSmallIntegerField()),
                        ("sessions_attended", models.PositiveSmallIntegerField()),
                        (
                            "sessions_out_of_mainstream",
                            models.PositiveSmallIntegerField(
                                default=0,
                                help_text="Sessions spent away from mainstream lessons: home base, AP or exclusion.",
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "pupil",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="attendance",
                                to="inclusion.pupil",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "support_attendancerecord",
                        "ordering": ["pupil", "starts_on"],
                    },
                ),
                migrations.AddField(
                    model_name="applacement",
                    name="pupil",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="placements",
                        to="inclusion.pupil",
                    ),
                ),
                migrations.CreateModel(
                    name="PupilRoll",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("starts_on", models.DateField()),
                        (
                            "ends_on",
                            models.DateField(
                                blank=True, help_text="Off roll from the start of this day.", null=True
                            ),
                        ),
                        (
                            "pupil",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="rolls",
                                to="inclusion.pupil",
                            ),
                        ),
                        (
                            "school",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="schools.school",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "support_pupilroll",
                        "ordering": ["pupil", "starts_on"],
                    },
                ),
                migrations.CreateModel(
                    name="QAVisit",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("visited_on", models.DateField()),
                        (
                            "outcome",
                            models.CharField(
                                choices=[
                                    ("meets", "Meets the standard"),
                                    ("improvement", "Improvement needed"),
                                    ("unsuitable", "Not suitable: do not place"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("notes", models.TextField(blank=True)),
                        (
                            "provider",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="qa_visits",
                                to="inclusion.approvider",
                            ),
                        ),
                        (
                            "visited_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "support_qavisit",
                        "ordering": ["provider", "-visited_on"],
                    },
                ),
                migrations.CreateModel(
                    name="Referral",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("reasons", models.TextField()),
                        ("support_tried", models.TextField(verbose_name="support already tried")),
                        ("referred_on", models.DateField(default=django.utils.timezone.localdate)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("referred", "Referred"),
                                    ("plan_agreed", "Plan agreed"),
                                    ("closed", "Closed"),
                                ],
                                default="referred",
                                max_length=20,
                            ),
                        ),
                        (
                            "plan_type",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("in_school", "In-school support"),
                                    ("home_base", "Home base provision"),
                                    ("ap_placement", "Alternative provision placement"),
                                    ("managed_move", "Managed move"),
                                ],
                                max_length=20,
                                verbose_name="plan",
                            ),
                        ),
                        ("plan_detail", models.TextField(blank=True)),
                        ("plan_agreed_on", models.DateField(blank=True, null=True)),
                        ("next_review_on", models.DateField(blank=True, null=True)),
                        ("closed_on", models.DateField(blank=True, null=True)),
                        (
                            "inclusion_partnership",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="referrals",
                                to="inclusion.inclusionpartnership",
                            ),
                        ),
                        (
                            "plan_agreed_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "pupil",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="referrals",
                                to="inclusion.pupil",
                            ),
                        ),
                        (
                            "referred_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "referring_school",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="schools.school",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "support_atriskcase",
                        "ordering": ["-referred_on", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="PlanReview",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("reviewed_on", models.DateField()),
                        ("notes", models.TextField(blank=True)),
                        ("next_review_on", models.DateField(blank=True, null=True)),
                        (
                            "reviewed_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "referral",
                            models.ForeignKey(
                                db_column="case_id",
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reviews",
                                to="inclusion.referral",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "support_planreview",
                        "ordering": ["referral", "reviewed_on"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalPlanReview",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("reviewed_on", models.DateField()),
                        ("notes", models.TextField(blank=True)),
                        ("next_review_on", models.DateField(blank=True, null=True)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "reviewed_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "referral",
                            models.ForeignKey(
                                blank=True,
                                db_column="case_id",
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="inclusion.referral",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical plan review",
                        "verbose_name_plural": "historical plan reviews",
                        "db_table": "support_historicalplanreview",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalAPPlacement",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("starts_on", models.DateField()),
                        (
                            "ends_on",
                            models.DateField(
                                blank=True, help_text="The last day of the placement.", null=True
                            ),
                        ),
                        ("days_per_week", models.DecimalField(decimal_places=1, max_digits=2)),
                        ("cost", models.DecimalField(decimal_places=2, max_digits=10)),
                        (
                            "funding_source",
                            models.CharField(
                                choices=[
                                    ("partnership", "The inclusion partnership's allocation"),
                                    ("school", "The home school"),
                                    ("high_needs", "LA high needs funding"),
                                    ("other", "Other"),
                                ],
                                max_length=20,
                            ),
                        ),
                        (
                            "review_weeks",
                            models.PositiveSmallIntegerField(default=6, verbose_name="review every (weeks)"),
                        ),
                        (
                            "outcome",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("reintegrated", "Reintegrated into mainstream"),
                                    ("specialist", "Moved to a specialist place"),
                                    ("other", "Other"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("outcome_detail", models.TextField(blank=True)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "provider",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="inclusion.approvider",
                            ),
                        ),
                        (
                            "pupil",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="inclusion.pupil",
                            ),
                        ),
                        (
                            "referral",
                            models.ForeignKey(
                                blank=True,
                                db_column="case_id",
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="inclusion.referral",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical ap placement",
                        "verbose_name_plural": "historical ap placements",
                        "db_table": "support_historicalapplacement",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddField(
                    model_name="applacement",
                    name="referral",
                    field=models.ForeignKey(
                        blank=True,
                        db_column="case_id",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="placements",
                        to="inclusion.referral",
                    ),
                ),
                migrations.CreateModel(
                    name="Spend",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "category",
                            models.CharField(
                                choices=[
                                    ("staff", "Staff"),
                                    ("ap_placements", "Alternative provision placements"),
                                    ("home_base", "Home base provision"),
                                    ("other", "Other"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("amount", models.DecimalField(decimal_places=2, max_digits=12)),
                        ("description", models.CharField(blank=True, max_length=300)),
                        (
                            "allocation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="spends",
                                to="inclusion.fundingallocation",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "support_spend",
                        "ordering": ["allocation", "category", "pk"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="approvider",
                    constraint=models.UniqueConstraint(
                        models.F("partnership"),
                        django.db.models.functions.text.Lower("name"),
                        name="ap_provider_names_unique",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="designatedinclusionlead",
                    constraint=models.UniqueConstraint(
                        fields=("school", "user"), name="one_lead_record_per_person"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="fundingallocation",
                    constraint=models.UniqueConstraint(
                        fields=("inclusion_partnership", "financial_year"), name="one_allocation_per_year"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="fundingallocation",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("amount__gte", 0)), name="allocation_not_negative"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="inclusionstaffmember",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("ends_on__isnull", True),
                            ("ends_on__gte", models.F("starts_on")),
                            _connector="OR",
                        ),
                        name="inclusion_staff_does_not_end_before_start",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="placementreview",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("next_review_on__isnull", True),
                            ("next_review_on__gt", models.F("reviewed_on")),
                            _connector="OR",
                        ),
                        name="placement_next_review_after_review",
                    ),
                ),
                migrations.AddIndex(
                    model_name="pupil",
                    index=models.Index(
                        fields=["partnership", "home_school"], name="support_pup_partner_be43e9_idx"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="pupil",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("year_group__lte", 14)), name="year_group_in_school"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="attendancerecord",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("sessions_attended__lte", models.F("sessions_possible"))),
                        name="attended_within_possible",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="attendancerecord",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("sessions_out_of_mainstream__lte", models.F("sessions_possible"))
                        ),
                        name="out_of_mainstream_within_possible",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="attendancerecord",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("ends_on__gte", models.F("starts_on"))),
                        name="attendance_period_in_order",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="pupilroll",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("ends_on__isnull", True), ("ends_on__gt", models.F("starts_on")), _connector="OR"
                        ),
                        name="roll_does_not_end_before_start",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="referral",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "plan_agreed"), _negated=True),
                            models.Q(("plan_type", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="agreed_plan_has_a_type",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="applacement",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("days_per_week__gte", Decimal("0.5")), ("days_per_week__lte", 5)),
                        name="placement_days_half_to_five",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="applacement",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("ends_on__isnull", True),
                            ("ends_on__gte", models.F("starts_on")),
                            _connector="OR",
                        ),
                        name="placement_does_not_end_before_start",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="applacement",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("cost__gte", 0)), name="placement_cost_not_negative"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="applacement",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("review_weeks__gte", 1)), name="placement_review_cycle_positive"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="spend",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("amount__gte", 0)), name="spend_not_negative"
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
