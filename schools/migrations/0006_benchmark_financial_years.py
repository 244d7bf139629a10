"""A LAIT label written with a hyphen ("2016-17 (OT)") is a financial year, and a mark that is not a
revision ("(OT)", an outturn) names no academic year: values imported before this was known lose the
academic year they were given (decision 0034)."""

from django.db import migrations

ONE_ACADEMIC_YEAR = r"^[0-9]{4}\s*/\s*[0-9]{2}(\s*\((final|rev|revised|r|prov|provisional|p)\))?$"


def forwards(apps, schema_editor):
    Benchmark = apps.get_model("schools", "Benchmark")
    Benchmark.objects.filter(academic_year__isnull=False).exclude(period__iregex=ONE_ACADEMIC_YEAR).update(
        academic_year=None
    )


class Migration(migrations.Migration):
    dependencies = [("schools", "0005_benchmarks")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
