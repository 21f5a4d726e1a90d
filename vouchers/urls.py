from django.urls import path

from . import views

app_name = "vouchers"

urlpatterns = [
    path("contremarque/<reference:reference>/", views.download, name="download"),
    path("personnes/<int:pk>/donnees.pdf", views.person_pdf, name="person_pdf"),
    path("<token:token>/", views.verify, name="verify"),
]
