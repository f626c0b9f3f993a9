"""Lists as CSV files, the same way for every app: spreadsheet-safe, UTF-8, with their sources."""

import csv
import io
from collections.abc import Iterable, Sequence

from django.db import models
from django.http import HttpRequest, HttpResponse

from apps.core.models import Citation

# A cell a spreadsheet would read as a formula (or as the start of one, after a tab or a line break) when the
# file is opened: "=HYPERLINK(...)", "+1+1", "-2+3", "@SUM(...)". OWASP's advice on CSV injection is to make it
# text by putting a single quote before it; the value is still readable, and a tool can strip the quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# The separator of several values in one cell (the titles of a record's sources, their addresses).
JOIN = " | "


def neutralised(value) -> str:
    """The text of a cell, with a leading quote if a spreadsheet would run it as a formula."""
    if value is None:
        return ""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_response(*, filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """A downloadable CSV file: the header, then the rows, every cell neutralised (see FORMULA_STARTS)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralised(name) for name in header])
    writer.writerows([neutralised(cell) for cell in row] for row in rows)
    # A byte order mark first: without it, Excel reads a CSV file in the computer's legacy code page and turns
    # Cyrillic names ("Военный комитет") into mojibake; with it, it knows the file is UTF-8. Python's csv
    # module reads it back with encoding="utf-8-sig".
    response = HttpResponse(
        "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8", headers={"X-Robots-Tag": "noindex"}
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class Addresses:
    """Absolute addresses of this site's pages, for files read away from it (built from the request)."""

    def __init__(self, request: HttpRequest) -> None:
        self.base = request.build_absolute_uri("/").rstrip("/")

    def __call__(self, path: str) -> str:
        return self.base + path if path else ""


def source_cells(citations: Iterable[Citation]) -> tuple[str, str]:
    """The titles of the sources cited, and their addresses, each joined into one cell (each source once)."""
    sources = list({citation.source_id: citation.source for citation in citations}.values())
    return JOIN.join(source.title for source in sources), JOIN.join(source.url for source in sources if source.url)


def citations_by_record(model: type[models.Model], ids: Iterable[int] | None = None) -> dict[int, list[Citation]]:
    """The citations of the records of one model (all of them, or those of `ids`), with their sources, in one
    query: {record id: citations}."""
    opts = model._meta
    found: dict[int, list[Citation]] = {}
    citations = Citation.objects.filter(content_type__app_label=opts.app_label, content_type__model=opts.model_name)
    if ids is not None:
        citations = citations.filter(object_id__in=list(ids))
    citations = citations.select_related("source").order_by("pk")
    for citation in citations:
        found.setdefault(citation.object_id, []).append(citation)
    return found


SOURCE_COLUMNS = ("sources", "source_urls")
