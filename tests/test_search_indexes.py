"""The substring searches of PostgreSQL are served by trigram indexes, with a sample of
their column fine enough for the planner to know a common name from a rare one."""

import pytest
from django.db import connection

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]

SEARCHED = [
    ("bookings_participant", "search_name", "participant_search_trgm_idx"),
    ("people_person", "search_name", "person_search_trgm_idx"),
    ("events_event", "search_title", "event_search_title_trgm_idx"),
]


@pytest.mark.parametrize(("table", "column", "index"), SEARCHED)
def test_searched_columns_have_a_trigram_index_and_a_fine_sample(table, column, index):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [index])
        (definition,) = cursor.fetchone()
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute WHERE attrelid = %s::regclass AND attname = %s",
            [table, column],
        )
        (target,) = cursor.fetchone()

    assert f"gin ({column} gin_trgm_ops)" in definition
    assert target == 1000
