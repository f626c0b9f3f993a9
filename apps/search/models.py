"""The search index: one row per findable record, written from the records by apps.search.services.

The records themselves live in other apps; these rows are a denormalized copy kept current on every save
(see apps.search.signals) and rebuilt whole by `manage.py search_reindex`. Queries only ever read these
rows, so each backend (apps.search.backends) needs to know one table, whatever the kinds of record.

On PostgreSQL the migrations add what SQLite cannot have: the pg_trgm extension, a GIN index on
`search_vector` and trigram GIN indexes on `names` and `names_ru` (see migrations/0002_postgresql_indexes.py
and 0006_russian.py), and `names_vector`, a column PostgreSQL generates from the names (0016), not in this model.
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.core.translation import CANONICAL, active_language


class Kind(models.TextChoices):
    BODY = "body", _("Body")
    MEMBER_STATE = "member-state", _("Member state")
    PERSON = "person", _("Person")
    DOCUMENT = "document", _("Document")
    MEETING = "meeting", _("Meeting")


KIND_PLURALS = {
    Kind.BODY: pgettext_lazy("search filter", "Bodies"),
    Kind.MEMBER_STATE: pgettext_lazy("search filter", "Member states"),
    Kind.PERSON: pgettext_lazy("search filter", "People"),
    Kind.DOCUMENT: pgettext_lazy("search filter", "Documents"),
    Kind.MEETING: pgettext_lazy("search filter", "Meetings"),
}


class SearchDocument(models.Model):
    """One findable record (or clause) as plain text in three weights, with where it lives."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=500)
    url = models.CharField(_("address"), max_length=500)
    names = models.TextField(_("names"), blank=True, help_text=_("Name and other names, one a line (weight A)."))
    summary = models.TextField(_("summary"), blank=True, help_text=_("Summaries, abbreviations, headings (B)."))
    text = models.TextField(_("text"), blank=True, help_text=_("Descriptions and other running text (C)."))
    # The record's Russian texts, weighted as their English twins but stemmed as Russian (services.search_vector).
    title_ru = models.CharField(format_lazy("{} ({})", _("title"), _("Russian")), max_length=500, blank=True)
    names_ru = models.TextField(format_lazy("{} ({})", _("names"), _("Russian")), blank=True)
    summary_ru = models.TextField(format_lazy("{} ({})", _("summary"), _("Russian")), blank=True)
    text_ru = models.TextField(format_lazy("{} ({})", _("text"), _("Russian")), blank=True)
    # Case-folded copies of both languages' names, summaries and texts, written on SQLite only by
    # services.refresh_vectors (on PostgreSQL they stay empty, as search_vector stays NULL on SQLite): SQLite's
    # LIKE folds ASCII letters only, so the fallback compares them with a query folded in Python.
    folded_names = models.TextField(blank=True, editable=False)
    folded_summary = models.TextField(blank=True, editable=False)
    folded_text = models.TextField(blank=True, editable=False)
    # Filled on PostgreSQL only (services.refresh_vectors); NULL on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="searchdocument_one_per_record")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    def shown_title(self) -> str:
        """The title in the reader's language: the Russian one for a reader of Russian when there is one."""
        return self.title_ru if active_language() == "ru" and self.title_ru else self.title

    def fallback_language(self) -> str:
        """ "en" when the title shown is English to a reader of another language, else ""."""
        return CANONICAL if active_language() != CANONICAL and self.shown_title() == self.title else ""


class SearchName(models.Model):
    """An exact name of an indexed record, normalized (case-folded, single spaces): the "Go" lookup."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="exact_names")
    key = models.CharField(max_length=500, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "key"], name="searchname_unique_per_document")]

    def __str__(self) -> str:
        return self.key


# Russian writes ё as е more often than not ("Объединенный штаб"): both are read as е.
YO = str.maketrans("Ёё", "Ее")


def name_key(text: str) -> str:
    """How exact names are compared: case-folded, ё read as е, runs of white space made one space."""
    return " ".join(fold(text).split())


def fold(text: str) -> str:
    """How the SQLite fallback compares text: case-folded in Python whatever the alphabet, ё read as е."""
    return text.casefold().translate(YO)


class SearchChampion(models.Model):
    """One of the best rows of a frequent lexeme (IR's "champion lists"), by that lexeme's ts_rank alone:
    a one-word query past the RUM scan's reach ranks these instead (apps.search.champions; PostgreSQL only)."""

    lexeme = models.TextField()
    kind = models.CharField(max_length=20, blank=True, default="")  # the list's kind; "" for all kinds
    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    # The row's title, for the page's order (score, title, id) straight from the index; written with the entry.
    title = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        indexes = [
            models.Index(fields=["lexeme", "kind", "-score", "title", "document"], name="searchchampion_list_order")
        ]

    def __str__(self) -> str:
        return f"{self.lexeme} ({self.kind or 'all kinds'}): {self.document_id} ({self.score})"
