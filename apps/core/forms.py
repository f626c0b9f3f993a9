"""Forms shared across apps arrive with site editing; the admin uses Django's generated forms for now."""
