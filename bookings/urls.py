from django.urls import path

from . import views, views_tracking
from .urls_followup import urlpatterns as followup_urlpatterns

app_name = "bookings"

urlpatterns = [
    path("reserver/<int:slot_id>/", views.new, name="new"),
    path("reservations/en-cours/", views_tracking.current, name="current"),
    path("reservations/", views_tracking.all_bookings, name="all"),
    path(
        "reservations/<str:reference>/confirmation/",
        views.confirmation,
        name="confirmation",
    ),
    path("reservations/<str:reference>/annuler/", views_tracking.cancel_booking, name="cancel"),
    path("reservations/<str:reference>/agenda.ics", views_tracking.ics, name="ics"),
    path("reservations/<str:reference>/", views_tracking.detail, name="detail"),
    *followup_urlpatterns,
]
