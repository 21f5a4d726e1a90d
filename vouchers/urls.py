from django.urls import path

from . import views

app_name = "vouchers"

urlpatterns = [
    path("contremarque/<reference:reference>/", views.download, name="download"),
    path("<token:token>/", views.verify, name="verify"),
]
