"""A finer sample of participants' names for the planner (PostgreSQL only)."""

from django.db import migrations

from structures.migration_operations import search_statistics


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0010_admin_lists_newest_first"),
    ]

    operations = [
        search_statistics("bookings_participant", "search_name"),
    ]
