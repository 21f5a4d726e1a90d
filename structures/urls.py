from django.urls import path

from . import views

app_name = "structures"

urlpatterns = [
    path("contact/", views.coming_soon, {"title": "Contact"}, name="contact"),
]
