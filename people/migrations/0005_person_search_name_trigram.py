"""A trigram index for the admin's search of persons by name, on PostgreSQL only."""

from django.db import migrations

from structures.migration_operations import trigram_index


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_history_newest_first"),
    ]

    operations = [
        trigram_index("people_person", "search_name", "person_search_trgm_idx"),
    ]
