from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The top layer: what combines every app (the home page, the whole dataset)."""

    name = "apps.site"
    label = "site"
    verbose_name = _("Site")
