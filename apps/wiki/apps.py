from django.apps import AppConfig


class WikiConfig(AppConfig):
    name = "apps.wiki"
    verbose_name = "Wiki: aliases, revisions and links"
