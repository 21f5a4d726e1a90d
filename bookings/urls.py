from django.urls import path

from structures.views import coming_soon

from . import views
from .urls_followup import urlpatterns as followup_urlpatterns

app_name = "bookings"

urlpatterns = [
    path("reserver/<int:slot_id>/", views.new, name="new"),
    path(
        "reservations/en-cours/",
        coming_soon,
        {"title": "Réservations en cours"},
        name="current",
    ),
    path("reservations/", coming_soon, {"title": "Toutes les réservations"}, name="all"),
    path(
        "reservations/<str:reference>/confirmation/",
        views.confirmation,
        name="confirmation",
    ),
    path(
        "reservations/<str:reference>/",
        coming_soon,
        {"title": "Réservation"},
        name="detail",
    ),
    *followup_urlpatterns,
]
