"""Citations on a page: numbered in the order the page first cites each source, inline ones included.

Editors cite a source at the sentence it supports with `[^key]` in any Markdown text: the key is the
source's key (shown on its admin page; the dataset's sources have one) or its number (id), e.g. `[^12]`.
`[^?]` marks a statement that still needs a source ("citation needed").

A page builds one `PageSources` from the record-level citations it shows and the texts it renders; the
footnotes and the Sources list at its foot both number through it, so the same source has the same
number everywhere on the page, and numbers run in reading order.
"""

import re
from collections.abc import Iterable, Iterator

from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext as _

from apps.core.markdown import sub_in_text
from apps.core.models import Citation, Source

# [^key] or [^?]; keys are slugs or ids, so no markup can hide in one.
CITE = re.compile(r"\[\^([A-Za-z0-9][\w.-]{0,99}|\?)\]")
NEEDED = "?"


def cited_keys(texts: Iterable[str]) -> set[str]:
    return {match.group(1) for text in texts for match in CITE.finditer(text or "") if match.group(1) != NEEDED}


def citable_sources(record=None, *, recent: int = 20) -> list[Source]:
    """Sources an editor is likely to cite: those the record cites already, then the newest others
    (two queries, bounded whatever the number of sources)."""
    own = [c.source for c in Citation.objects.for_object(record)] if record is not None and record.pk else []
    seen = {source.pk for source in own}
    newest = [s for s in Source.objects.order_by("-pk")[: recent + len(seen)] if s.pk not in seen][:recent]
    return list({source.pk: source for source in own}.values()) + newest


def citation_marker(source: Source) -> str:
    return f"[^{source.key or source.pk}]"


def strip_citations(text: str) -> str:
    """A text without its citation markers, for plain text (the search index, teasers)."""
    return CITE.sub("", text or "")


class PageSources:
    """The sources one page cites, numbered by first use; iterate it for the Sources list."""

    def __init__(self, citations: Iterable = (), *, texts: Iterable[str] = ()) -> None:
        self._cited: dict[int, Source] = {}
        self._locators: dict[int, dict[str, None]] = {}  # where in each source this page's facts stand
        for citation in citations:
            self._cited.setdefault(citation.source_id, citation.source)
            if citation.locator:
                self._locators.setdefault(citation.source_id, {})[citation.locator] = None
        self._by_key: dict[str, Source] = {}
        if keys := cited_keys(texts):
            ids = {int(key) for key in keys if key.isdigit()}
            found = Source.objects.select_related("via").filter(Q(key__in=keys) | Q(pk__in=ids))
            for source in found:
                if source.key:
                    self._by_key[source.key] = source
                self._by_key[str(source.pk)] = source
                self._cited.setdefault(source.pk, source)
        self._numbers: dict[int, int] = {}
        self._used: set[int] = set()

    def number(self, source: Source) -> int:
        """The source's number on this page, given at its first use."""
        return self._numbers.setdefault(source.pk, len(self._numbers) + 1)

    def footnote(self, source: Source, locator: str = "") -> str:
        """A numbered link to the source's entry (its title says where in the source, when known); the first
        one is where that entry links back to."""
        number = self.number(source)
        first = source.pk not in self._used
        self._used.add(source.pk)
        return format_html(
            '<sup class="cite"{}><a href="#source-{}" title="{}">'
            '[<span class="visually-hidden">{} </span>{}]</a></sup>',
            format_html(' id="cite-{}"', source.pk) if first else "",
            source.pk,
            f"{source.title}, {locator}" if locator else source.title,
            _("source"),
            number,
        )

    def link_citations(self, html: str) -> str:
        """Replace the [^key] markers in the text of sanitized HTML with footnotes, in reading order."""
        return sub_in_text(CITE, self._marker, html)

    def _marker(self, match: re.Match) -> str:
        key = match.group(1)
        if key == NEEDED:
            return format_html('<sup class="citation-needed">[{}]</sup>', _("citation needed"))
        source = self._by_key.get(key)
        if source is None:
            return format_html('<sup class="citation-needed">[{}]</sup>', _("unknown source “%(key)s”") % {"key": key})
        return self.footnote(source)

    def __iter__(self) -> Iterator[Source]:
        """Every source of the page by its number; those not footnoted anywhere come last, numbered on."""
        for source in self._cited.values():
            self.number(source)
        by_number = sorted(self._cited.values(), key=lambda source: self._numbers[source.pk])
        for source in by_number:
            source.number = self._numbers[source.pk]
            source.cited_above = source.pk in self._used
            source.locators = list(self._locators.get(source.pk, ()))
        return iter(by_number)

    def __bool__(self) -> bool:
        return bool(self._cited)
