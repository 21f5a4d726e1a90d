"""URLs of the follow-up pages, included in bookings/urls.py (namespace "bookings")."""

from django.urls import path

from . import views_followup

urlpatterns = [
    path("statistiques/", views_followup.stats, name="stats"),
    path("statistiques/export.csv", views_followup.stats_csv, name="stats_csv"),
    path("temoignages/", views_followup.testimonials, name="testimonials"),
    path("temoignages/<str:reference>/", views_followup.attendance, name="attendance"),
]
