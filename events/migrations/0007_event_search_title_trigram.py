"""A trigram index for the searches by title (the events list, the bookings filtered by
title, the admin), on PostgreSQL only, with a finer sample of the column for the planner."""

from django.db import migrations

from structures.migration_operations import search_statistics, trigram_index


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0006_slot_guest_list_queued_at"),
    ]

    operations = [
        search_statistics("events_event", "search_title"),
        trigram_index("events_event", "search_title", "event_search_title_trgm_idx"),
    ]
