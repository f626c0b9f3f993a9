"""What a record puts in the search index: an `Entry` (title, address, text in three weights, exact names).

The apps that own the records build their entries (see apps.search.registry); this module holds the
shape of an entry and the plain-text helpers they use.
"""

import html
import re
from dataclasses import dataclass, field

from django.utils.html import strip_tags

from apps.core.citations import strip_citations
from apps.core.markdown import link_labels_as_text, render_markdown

# Private-use characters the PostgreSQL backend asks ts_headline to put around matches; they are
# removed from indexed text so that only the backend's own markers can become <mark> tags.
START_SEL = "\ue000"
STOP_SEL = "\ue001"
# Every private-use character goes, these and any a text might carry.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


@dataclass
class Entry:
    kind: str
    title: str
    url: str
    names: list[str] = field(default_factory=list)  # weight A, and exact names for "Go"
    summary: list[str] = field(default_factory=list)  # weight B
    text: list[str] = field(default_factory=list)  # weight C
    keys: list[str] = field(default_factory=list)  # further exact names (abbreviations), not weight A
    # The Russian texts (from the *_ru columns), weighted as above and stemmed as Russian; the title shown to
    # readers of Russian ("" when the record has none: they see the English one).
    title_ru: str = ""
    names_ru: list[str] = field(default_factory=list)  # also exact names for "Go" and [[links]]
    summary_ru: list[str] = field(default_factory=list)
    text_ru: list[str] = field(default_factory=list)

    def clean(self) -> "Entry":
        self.title = clean_text(self.title)
        self.title_ru = clean_text(self.title_ru or "")
        for name in ("names", "summary", "text", "keys", "names_ru", "summary_ru", "text_ru"):
            setattr(self, name, _cleaned(getattr(self, name)))
        return self


def _cleaned(texts: list[str]) -> list[str]:
    return [clean_text(t) for t in texts if t and t.strip()]


def clean_text(text: str) -> str:
    return _PRIVATE_USE.sub("", text).strip()


def plain(markdown_text: str) -> str:
    """Markdown as the words a reader sees: rendered, tags stripped, entities decoded."""
    if not markdown_text:
        return ""
    # [[link]] labels without lookups; [^source] markers are not words of the text.
    rendered = link_labels_as_text(render_markdown(strip_citations(markdown_text)))
    return html.unescape(strip_tags(rendered)).strip()
