from django.urls import path

from . import views

app_name = "structures"

urlpatterns = [
    path("contact/", views.contact, name="contact"),
]
