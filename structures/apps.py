from django.apps import AppConfig


class StructuresConfig(AppConfig):
    name = "structures"
    verbose_name = "Structures et comptes"
