from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    """Open data: the whole wiki as Popolo JSON, out and back in. Models-free; reads every domain app."""

    name = "apps.exchange"
    verbose_name = _("Data exchange (Popolo)")
