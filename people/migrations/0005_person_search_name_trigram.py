"""A trigram index for the admin's search of persons by name, on PostgreSQL only, with a
finer sample of the column for the planner."""

from django.db import migrations

from structures.migration_operations import search_statistics, trigram_index


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_history_newest_first"),
    ]

    operations = [
        search_statistics("people_person", "search_name"),
        trigram_index("people_person", "search_name", "person_search_trgm_idx"),
    ]
