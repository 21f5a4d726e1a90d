"""URLs of the follow-up pages, included in bookings/urls.py (namespace "bookings")."""

from django.urls import path

from . import views_followup
from .statistics import views as statistics_views

urlpatterns = [
    path("statistiques/", statistics_views.stats, name="stats"),
    path("statistiques/export.csv", statistics_views.stats_csv, name="stats_csv"),
    path("temoignages/", views_followup.testimonials, name="testimonials"),
    path("temoignages/<str:reference>/", views_followup.attendance, name="attendance"),
]
