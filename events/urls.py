from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.hub, name="hub"),
    path("liste/", views.search, name="search"),
    path("<int:pk>/", views.detail, name="detail"),
]
