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
