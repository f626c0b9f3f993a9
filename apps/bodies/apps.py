from django.apps import AppConfig


class BodiesConfig(AppConfig):
    name = "apps.bodies"
    verbose_name = "Bodies"
