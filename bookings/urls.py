from django.urls import path

from bookings.statistics import views as statistics
from bookings.views import booking, followup, persons, tracking

app_name = "bookings"

urlpatterns = [
    # Booking: the page, then one URL per action (POST).
    path("reserver/<int:slot_id>/", booking.new, name="new"),
    path("reserver/<int:slot_id>/rechercher/", booking.search, name="search"),
    path("reserver/<int:slot_id>/ajouter/", booking.add_person, name="add_person"),
    path("reserver/<int:slot_id>/utiliser/", booking.use_person, name="use_person"),
    path("reserver/<int:slot_id>/creer/", booking.create_person, name="create_person"),
    path("reserver/<int:slot_id>/invite/", booking.add_guest, name="add_guest"),
    path("reserver/<int:slot_id>/accompagnateur/", booking.add_companion, name="add_companion"),
    path(
        "reserver/<int:slot_id>/accompagnateur/creer/",
        booking.create_companion,
        name="create_companion",
    ),
    path("reserver/<int:slot_id>/retirer/", booking.remove, name="remove"),
    path("reserver/<int:slot_id>/enregistrer/", booking.save, name="book"),
    path(
        "reserver/<int:slot_id>/liste-attente/",
        booking.join_waiting_list,
        name="join_waiting_list",
    ),
    # The directory of followed persons.
    path("personnes/", persons.directory, name="persons"),
    path("personnes/rechercher/", persons.search, name="person_search"),
    path("personnes/nouvelle/", persons.create, name="person_new"),
    path("personnes/<int:pk>/", persons.detail, name="person"),
    path("personnes/<int:pk>/modifier/", persons.edit, name="person_edit"),
    path("personnes/<int:pk>/archiver/", persons.archive, name="person_archive"),
    path("personnes/<int:pk>/fusionner/", persons.merge, name="person_merge"),
    path("personnes/<int:pk>/effacer/", persons.erase, name="person_erase"),
    path("personnes/<int:pk>/donnees.json", persons.export_json, name="person_json"),
    # Tracking.
    path("reservations/en-cours/", tracking.current, name="current"),
    path("reservations/", tracking.all_bookings, name="all"),
    path(
        "reservations/liste-attente/<int:pk>/quitter/",
        tracking.leave_waiting_list,
        name="leave_waiting_list",
    ),
    path(
        "reservations/<reference:reference>/confirmation/",
        booking.confirmation,
        name="confirmation",
    ),
    path("reservations/<reference:reference>/annuler/", tracking.cancel_booking, name="cancel"),
    path("reservations/<reference:reference>/agenda.ics", tracking.ics, name="ics"),
    path("reservations/<reference:reference>/", tracking.detail, name="detail"),
    # After the outing.
    path("statistiques/", statistics.stats, name="stats"),
    path("statistiques/export.csv", statistics.stats_csv, name="stats_csv"),
    path("temoignages/", followup.testimonials, name="testimonials"),
    path("temoignages/<reference:reference>/", followup.attendance, name="attendance"),
]
