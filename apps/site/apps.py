from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The top layer: what combines every app (the home page, the whole dataset)."""

    name = "apps.site"
    label = "site"
    verbose_name = "Site"
