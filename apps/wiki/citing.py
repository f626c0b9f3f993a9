"""Citing a page of the wiki ("Cite this page"): one revision of a record, in plain text, BibTeX and CSL-JSON.

Not to be confused with citing a source *for* a record (action_views.CiteView): this is how a reader cites us.
"""

import datetime as dt
import json
import re
from dataclasses import dataclass

from django.db.models import Model
from django.utils.formats import date_format
from django.utils.timezone import localdate, localtime
from django.utils.translation import gettext as _
from reversion.models import Version

from apps.wiki.addresses import record_url, version_url
from apps.wiki.registry import kind_of


@dataclass(frozen=True)
class PageCitation:
    """What a citation of one revision of a record's page says."""

    key: str  # the BibTeX key and CSL-JSON id: letters, digits, hyphens and colons only
    title: str
    site: str
    page_url: str  # the record's page, which shows its newest revision
    permanent_url: str  # the revision itself, which never changes; the page's address when none is recorded
    version_id: int | None
    revised: dt.datetime | None  # when that revision was saved, in the site's time zone
    accessed: dt.date

    @property
    def revised_text(self) -> str:
        return date_format(self.revised, _("j F Y, H:i T")) if self.revised else ""

    @property
    def accessed_text(self) -> str:
        return date_format(self.accessed, _("j F Y"))


def page_citation(record: Model, *, version: Version | None, absolute, accessed: dt.date | None = None) -> PageCitation:
    """The citation of `version` (the record's newest revision, or None when the record has none) of `record`'s
    page; `absolute` turns a path into a full address (request.build_absolute_uri)."""
    kind = kind_of(type(record))
    name = getattr(record, "slug", "") if kind.lookup == "slug" else str(record.pk)
    key = re.sub(r"[^A-Za-z0-9:-]+", "-", f"cstowiki:{kind.key}:{name}")
    page_url = absolute(record_url(record))
    return PageCitation(
        key=f"{key}:{version.pk}" if version else key,
        title=str(record),
        site=_("CSTO Wiki"),
        page_url=page_url,
        permanent_url=absolute(version_url(record, version.pk)) if version else page_url,
        version_id=version.pk if version else None,
        revised=localtime(version.revision.date_created) if version else None,
        accessed=accessed or localdate(),
    )


def as_text(citation: PageCitation) -> str:
    """E.g. "Military Committee. CSTO Wiki, revision of 28 November 2026, 12:04 UTC. https://…/history/123/.
    Retrieved 28 November 2026." """
    values = {
        "title": citation.title,
        "site": citation.site,
        "revised": citation.revised_text,
        "url": citation.permanent_url,
        "accessed": citation.accessed_text,
    }
    if citation.revised:
        return _("%(title)s. %(site)s, revision of %(revised)s. %(url)s. Retrieved %(accessed)s.") % values
    return _("%(title)s. %(site)s. %(url)s. Retrieved %(accessed)s.") % values


# Characters with a meaning in BibTeX or LaTeX, written as text. Braces are written as commands, not as \{ and
# \}: BibTeX counts every brace, escaped or not, to find where a value ends. A double quote is put in braces
# so that no language package reads it as a command.
_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
    '"': '{"}',
}
_BIBTEX_PATTERN = re.compile("|".join(re.escape(char) for char in _BIBTEX_SPECIAL))


def bibtex_escape(text: str) -> str:
    """`text` as the value of a braced BibTeX field: every brace balanced, LaTeX's special characters as text."""
    return _BIBTEX_PATTERN.sub(lambda match: _BIBTEX_SPECIAL[match.group(0)], text)


def _bibtex_url(url: str) -> str:
    # \url{} takes most characters as they are, but not unbalanced braces or a backslash (never in our addresses).
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def as_bibtex(citation: PageCitation) -> str:
    """A @misc entry, readable by BibTeX (howpublished with \\url) and biblatex (url, urldate)."""
    if citation.revised:
        note = _("Revision of %(revised)s; accessed %(accessed)s") % {
            "revised": citation.revised_text,
            "accessed": citation.accessed_text,
        }
    else:
        note = _("Accessed %(accessed)s") % {"accessed": citation.accessed_text}
    url = _bibtex_url(citation.permanent_url)
    fields = [
        ("author", "{" + bibtex_escape(_("%(site)s contributors") % {"site": citation.site}) + "}"),
        ("title", "{" + bibtex_escape(citation.title) + "}"),  # double braces keep its capitals
        ("howpublished", r"\url{" + url + "}"),
        ("url", url),
        ("year", str((citation.revised or citation.accessed).year)),
        ("urldate", citation.accessed.isoformat()),
        ("organization", bibtex_escape(citation.site)),
        ("note", bibtex_escape(note)),
    ]
    lines = [f"@misc{{{citation.key},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields]
    lines.append("}")
    return "\n".join(lines) + "\n"


def _date_parts(day: dt.date) -> dict:
    return {"date-parts": [[day.year, day.month, day.day]]}


def as_csl_json(citation: PageCitation) -> str:
    """A CSL-JSON list of one item of type "webpage", as reference managers (Zotero, pandoc) import it."""
    item = {
        "id": citation.key,
        "type": "webpage",
        "title": citation.title,
        "container-title": citation.site,
        "author": [{"literal": _("%(site)s contributors") % {"site": citation.site}}],
        "URL": citation.permanent_url,
        "issued": _date_parts(citation.revised or citation.accessed),
        "accessed": _date_parts(citation.accessed),
    }
    if citation.revised:
        item["note"] = _("Revision of %(revised)s") % {"revised": citation.revised_text}
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


FORMATS = {
    # ?format=: (media type, file extension, writer)
    "text": ("text/plain; charset=utf-8", "txt", as_text),
    "bibtex": ("application/x-bibtex; charset=utf-8", "bib", as_bibtex),
    "csl-json": ("application/vnd.citationstyles.csl+json; charset=utf-8", "json", as_csl_json),
}
