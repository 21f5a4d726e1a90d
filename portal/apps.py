from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The pages and jobs that span apps: the personal space, the admin home panel, the
    demo data. It sits above every other app and nothing imports it."""

    name = "portal"
    verbose_name = "Portail"
