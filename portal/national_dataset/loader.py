"""Bulk loading on PostgreSQL: COPY of rows built in Python, ids drawn from the tables' own
sequences, and the statistics refreshed at the end."""

from django.db import connection


class Ids:
    """The ids of the rows we write ourselves, continuing the table's identity sequence: rows
    that point at each other (a guest at their host) are written in one COPY."""

    def __init__(self, table, first):
        self.table = table
        self.last = first - 1

    def __call__(self):
        self.last += 1
        return self.last


class Loader:
    """COPY rows into the models' tables, in the current transaction."""

    def __init__(self):
        self.ids = {}
        # The raw psycopg connection Django opened: same session, same transaction.
        connection.ensure_connection()
        self.cursor = connection.connection.cursor()

    def ids_for(self, model):
        """The id counter of `model`'s table, starting after its sequence's current value."""
        table = model._meta.db_table
        if table not in self.ids:
            self.cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [table])
            self.ids[table] = Ids(table, self.cursor.fetchone()[0])
        return self.ids[table]

    def copy(self, model, columns, rows):
        """COPY `rows` (tuples in the order of `columns`, "id, name, …") into `model`'s
        table; `model` may be an auto-created many-to-many model. Returns how many."""
        count = 0
        sql = f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN'
        with self.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count

    def finish(self):
        """Move each sequence past the ids we wrote: the ORM's next insert follows them."""
        for counter in self.ids.values():
            self.cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                [counter.table, max(counter.last, 1)],
            )


def analyze(models):
    """Fresh planner statistics and visibility maps for the tables just filled, as
    autovacuum leaves a live database (index-only scans then skip the table). VACUUM
    cannot run in a transaction (a test's): ANALYZE alone there."""
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f'{command} "{model._meta.db_table}"')
