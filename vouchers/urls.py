from django.urls import path

from . import views

app_name = "vouchers"

urlpatterns = [
    path("contremarque/<reference:reference>/", views.download, name="download"),
    path("personnes/<int:pk>/donnees.pdf", views.person_pdf, name="person_pdf"),
    path("pointage/<str:token>/", views.check_in, name="check_in"),
    path("pointage/<str:token>/arrivee/", views.check_in_participant, name="check_in_arrive"),
    path("pointage/<str:token>/reservation/", views.check_in_booking, name="check_in_booking"),
    path("pointage/<str:token>/annulation/", views.undo_check_in, name="check_in_undo"),
    # Anything else here is what a QR code gave: the page says whether we made it.
    path("<str:token>/", views.verify, name="verify"),
]
