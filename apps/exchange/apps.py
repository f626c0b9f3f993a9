from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    """Open data: the whole wiki as Popolo JSON, out and back in. Models-free; reads every domain app."""

    name = "apps.exchange"
    verbose_name = "Data exchange (Popolo)"
