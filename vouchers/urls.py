from django.urls import path

from . import views

app_name = "vouchers"

urlpatterns = [
    path("contremarque/<str:reference>/", views.download, name="download"),
    path("<str:token>/", views.verify, name="verify"),
]
