"""Documents are edited through the admin's generated forms for now; site editing forms come with the wiki app."""
