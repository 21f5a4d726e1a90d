from django.urls import path

from . import legal

app_name = "legal"

urlpatterns = [
    path("donnees-personnelles/", legal.privacy, name="privacy"),
    path("mentions-legales/", legal.notice, name="notice"),
    path("accessibilite/", legal.accessibility, name="accessibility"),
]
