"""The database itself refuses to change the access log, or to delete entries under a year old.

ASVS 16.4.2: neither users nor the application can edit or delete the log. The application's
model and queryset refuse too, but only the database can hold against a bug or a raw query. The
retention task may remove entries older than a year (a longer period is set in settings), so the
trigger lets only those go. TRUNCATE is left to the table's owner, which in production is a
migration role, not the one the application connects as (docs/decisions). SQLite, used for the demo, has no such trigger.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION partnership_access_log_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'The access log is never changed';
    END IF;
    IF TG_OP = 'DELETE' AND OLD.occurred_at > now() - interval '365 days' THEN
        RAISE EXCEPTION 'Access log entries are kept for at least a year';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER partnership_access_log_guard
BEFORE UPDATE OR DELETE ON partnership_accesslogentry
FOR EACH ROW EXECUTE FUNCTION partnership_access_log_guard();
"""

DROP = """
DROP TRIGGER IF EXISTS partnership_access_log_guard ON partnership_accesslogentry;
DROP FUNCTION IF EXISTS partnership_access_log_guard();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("partnership", "0005_data_sharing")]

    operations = [migrations.RunPython(create, drop)]
