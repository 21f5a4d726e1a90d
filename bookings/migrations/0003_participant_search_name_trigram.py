"""A trigram index for the person-name filter of the booking lists, on PostgreSQL only.

The filter is `search_name LIKE '%dupont%'` (a substring, anywhere in the name): a B-tree
cannot serve it, a GIN index with pg_trgm's gin_trgm_ops can. SQLite has neither and
does without (its lists are small). Raw SQL rather than a GinIndex in Meta.indexes, so
the model state stays the same on both databases and makemigrations stays clean.
"""

from django.db import migrations

INDEX = "participant_search_trgm_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON bookings_participant "
        "USING gin (search_name gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extension stays: other objects may use it, and it costs nothing.
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0002_initial"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
