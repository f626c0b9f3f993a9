"""Reading the site's CSV files back as a spreadsheet or a script would."""

import csv
import io

BOM = "\ufeff"


def read_csv(response) -> tuple[list[str], list[dict[str, str]]]:
    """The header and the rows of a CSV response, after checking it is served as one, starting with a BOM."""
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert response["Content-Disposition"].endswith('.csv"')
    text = response.content.decode("utf-8")
    assert text.startswith(BOM)
    reader = csv.reader(io.StringIO(text[len(BOM) :], newline=""))
    header, *rows = list(reader)
    assert all(len(row) == len(header) for row in rows)
    return header, [dict(zip(header, row, strict=True)) for row in rows]
