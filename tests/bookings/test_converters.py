"""The `<reference:...>` path converter: what cannot be a booking's reference answers 404
as the address resolves, before any query."""

import pytest
from django.test import Client
from django.urls import resolve

from bookings.models import new_reference

pytestmark = pytest.mark.django_db

IMPOSSIBLE_REFERENCES = [
    "cdc-7k3m9q",  # references are in capitals
    "CDC-7K3M9",
    "CDC-7K3M9QQ",
    "XYZ-7K3M9Q",
    "CDC-7K3M9%C3%89",
    "CDC-7K3M9%0A",
    "CDC-7K3M9%01",
    "%27%3B%20DROP%20TABLE",
    "%3Cscript%3E",
    "x" * 500,
]
PAGES = ["/reservations/{}/", "/reservations/{}/annuler/", "/reservations/{}/agenda.ics",
         "/reservations/{}/confirmation/", "/temoignages/{}/", "/v/contremarque/{}/"]  # fmt: skip


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("reference", IMPOSSIBLE_REFERENCES)
def test_an_impossible_reference_is_not_found_before_any_query(
    worker, page, reference, django_assert_num_queries
):
    client = Client()
    with django_assert_num_queries(0):
        response = client.get(page.format(reference))
    assert response.status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_an_impossible_reference_is_not_found_for_a_worker(worker_client, page):
    assert worker_client.get(page.format("CDC-7K3M9%01")).status_code == 404
    assert worker_client.get(page.format("CDC-" + "A" * 100)).status_code == 404


def test_every_new_reference_resolves():
    for _ in range(50):
        reference = new_reference()
        assert resolve(f"/reservations/{reference}/").kwargs == {"reference": reference}
