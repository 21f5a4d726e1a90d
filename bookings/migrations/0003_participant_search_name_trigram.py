"""A trigram index for the person-name filter of the booking lists (PostgreSQL only)."""

from django.db import migrations

from structures.migration_operations import trigram_index


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0002_initial"),
    ]

    operations = [
        trigram_index("bookings_participant", "search_name", "participant_search_trgm_idx"),
    ]
