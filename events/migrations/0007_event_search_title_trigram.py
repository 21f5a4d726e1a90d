"""A trigram index for the searches by title (the events list, the bookings filtered by
title, the admin), on PostgreSQL only."""

from django.db import migrations

from structures.migration_operations import trigram_index


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0006_slot_guest_list_queued_at"),
    ]

    operations = [
        trigram_index("events_event", "search_title", "event_search_title_trgm_idx"),
    ]
