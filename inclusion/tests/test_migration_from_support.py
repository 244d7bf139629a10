"""The move of the inclusion records out of the support app keeps every row.

The demo is seeded (every kind of inclusion record, each with its history), the database is taken
back to the schema as it was before the move (support 0005, no inclusion app), where the support
app's models must still find every row, and then migrated forward again, where the inclusion app's
models must find every row, unchanged, history included, and the content types must have moved.
"""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings

from inclusion import models as inclusion_models
from inclusion import services
from partnership.access import partnership_context_for
from partnership.models import Role, User
from schools.models import School
from tests.factories import RoleFactory, UserFactory

# The one model renamed on the way: the support app's AtRiskCase is the inclusion app's Referral.
SUPPORT_NAME = {"referral": "atriskcase"}
BEFORE_THE_MOVE = [("support", "0005_provider_names_unique_whatever_the_capitals"), ("inclusion", None)]
MOVED = [
    model
    for model in vars(inclusion_models).values()
    if isinstance(model, type)
    and hasattr(model, "_meta")
    and model._meta.app_label == "inclusion"
    and not model._meta.abstract
    and not model.__name__.startswith("Historical")
]


def _rows(table: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")  # noqa: S608
        return cursor.fetchall()


def _migrate(targets) -> object:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor.migrate(targets or executor.loader.graph.leaf_nodes())


def _name_a_designated_lead() -> None:
    """The demo names no designated inclusion lead: a secondary head names a member of staff."""
    head = User.objects.get(email="head2@leep.example")
    ctx = partnership_context_for(head, "leep")
    school = School.objects.get(pk=next(iter(ctx.school_ids(Role.HEADTEACHER))))
    lead = UserFactory(full_name="Dee Lead")
    RoleFactory(user=lead, partnership=ctx.partnership, role=Role.SCHOOL_STAFF, school=school)
    services.designated_lead_add(actor=head, ctx=ctx, school=school, user=lead, reason="Named for the test")


def _as_a_forward_migration_fills_them() -> None:
    """Going back to before the move drops the columns the inclusion app added since (0002 on);
    migrating forward adds them again as those migrations fill them. Set them so here first, so that
    what is compared is what the move itself kept."""
    from django.db.models import F

    for model in (inclusion_models.Spend, inclusion_models.Spend.history.model):
        model.objects.update(placement=None)
    for model in (inclusion_models.Pupil, inclusion_models.Pupil.history.model):
        model.objects.update(out_of_year_group_reason="")
    consultations = inclusion_models.ExclusionConsultation
    for model in (consultations, consultations.history.model):
        model.objects.update(response="", response_advice="", responded_by=None, responded_on=None)
    inclusion_models.APPlacement.history.model.objects.update(agreed_ends_on=None)
    placements = inclusion_models.APPlacement.objects
    placements.update(agreed_ends_on=None)
    placements.filter(ends_on__isnull=False).update(agreed_ends_on=F("ends_on"))


@pytest.mark.django_db(transaction=True)
def test_every_inclusion_record_and_its_history_survive_the_move():
    from leep.celery import app
    from schools.demo import seed_demo

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            seed_demo()
    finally:
        app.conf.task_always_eager = eager
    _name_a_designated_lead()
    _as_a_forward_migration_fills_them()
    assert len(MOVED) == 16
    tables = {}
    for model in MOVED:
        history = model.history.model
        old_name = SUPPORT_NAME.get(model._meta.model_name, model._meta.model_name)
        assert model._meta.db_table == f"support_{old_name}"
        assert history._meta.db_table == f"support_historical{old_name}"
        tables[model._meta.model_name] = (_rows(model._meta.db_table), _rows(history._meta.db_table))
        assert tables[model._meta.model_name][0], f"the demo holds no {model.__name__}"
        assert tables[model._meta.model_name][1], f"the demo holds no history of {model.__name__}"

    old = _migrate(BEFORE_THE_MOVE).apps
    try:
        for model in MOVED:
            rows, history = tables[model._meta.model_name]
            old_name = SUPPORT_NAME.get(model._meta.model_name, model._meta.model_name)
            assert old.get_model("support", old_name).objects.count() == len(rows)
            assert old.get_model("support", f"historical{old_name}").objects.count() == len(history)
        assert ContentType.objects.filter(app_label="support", model="atriskcase").exists()
        assert not ContentType.objects.filter(app_label="inclusion", model="pupil").exists()
    finally:
        _migrate(None)

    for model in MOVED:
        name = model._meta.model_name
        rows, history = tables[name]
        assert _rows(model._meta.db_table) == rows, f"{model.__name__} rows changed"
        assert _rows(model.history.model._meta.db_table) == history, f"{model.__name__} history changed"
        assert model.objects.count() == len(rows)
        assert model.history.count() == len(history)
    assert ContentType.objects.filter(app_label="inclusion", model="pupil").exists()
    assert ContentType.objects.filter(app_label="inclusion", model="historicalpupil").exists()
    assert ContentType.objects.filter(app_label="inclusion", model="referral").exists()
    assert not ContentType.objects.filter(app_label="support", model__in=["pupil", "atriskcase"]).exists()
