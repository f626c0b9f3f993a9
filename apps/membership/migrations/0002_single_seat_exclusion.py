"""On PostgreSQL, refuse overlapping holders of a single seat in the database itself.

The range is the span a holding certainly covers, as Membership.span() computes it; when partial
dates leave no certain day (start "2022", end "2022") it is empty and overlaps nothing. The check
is deferred to commit so that a handover moved in one admin submit (two rows) is judged as a whole.
SQLite has no exclusion constraints; there Membership.clean() is the guard.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

CONSTRAINT_SQL = """
ALTER TABLE membership_membership ADD CONSTRAINT membership_single_seat_no_overlap
EXCLUDE USING gist (
    post_id WITH =,
    daterange(
        COALESCE(start_upper, attested_upper, '-infinity'::date),
        GREATEST(COALESCE(end_lower, 'infinity'::date), COALESCE(start_upper, attested_upper, '-infinity'::date)),
        '[)'
    ) WITH &&
) WHERE (exclusive)
DEFERRABLE INITIALLY DEFERRED
"""
DROP_SQL = "ALTER TABLE membership_membership DROP CONSTRAINT IF EXISTS membership_single_seat_no_overlap"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CONSTRAINT_SQL)


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):
    dependencies = [("membership", "0001_initial")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(add_constraint, drop_constraint),
    ]
