from django.contrib.admin.apps import AdminConfig


class WikiAdminConfig(AdminConfig):
    """Django's admin, with the wiki's admin site as the default: every registered admin keeps history."""

    default_site = "apps.wiki.admin_site.WikiAdminSite"
