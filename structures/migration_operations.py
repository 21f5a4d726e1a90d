"""Migration operations shared by the apps."""

from django.db import migrations


def trigram_index(table, column, name):
    """A GIN trigram index on `table.column`, on PostgreSQL only.

    Searches are `column LIKE '%word%'` on an accent-free column (a substring, anywhere):
    a B-tree cannot serve them, a GIN index with pg_trgm's gin_trgm_ops can. SQLite has
    neither and does without. Raw SQL rather than a GinIndex in Meta.indexes, so the
    model state stays the same on both databases and makemigrations stays clean.
    """

    def create_index(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
            )

    def drop_index(apps, schema_editor):
        # The extension stays: other objects may use it, and it costs nothing.
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create_index, drop_index, elidable=False)


def search_statistics(table, column, target=1000):
    """A finer sample of `table.column` for the planner, on PostgreSQL only.

    It estimates how many rows `column LIKE '%word%'` matches from the column's sample
    (100 values by default): none of them holds "garnier", so it guessed 99 participants
    for 8,000 nationally, and searched a relay's bookings through the whole country's
    matches. With 1,000 values it guesses 6,000, and starts from the relay's bookings.
    """

    def set_target(apps, schema_editor, target=target):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"ALTER TABLE {table} ALTER COLUMN {column} SET STATISTICS {target}"
            )
            schema_editor.execute(f"ANALYZE {table} ({column})")

    def reset_target(apps, schema_editor):
        set_target(apps, schema_editor, target=-1)

    return migrations.RunPython(set_target, reset_target, elidable=False)
