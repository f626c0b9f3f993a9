"""Partial EDTF dates as Popolo writes them, and back.

Popolo's date pattern takes YYYY, YYYY-MM and YYYY-MM-DD: a date's real precision fits, its uncertainty
("2022?", "2022~") does not. The Popolo field gets the date without the qualifier (never a more precise
date than the wiki knows) and an extension field `csto:<field>_edtf` carries the text as written.
"""

from django.core.exceptions import ValidationError

from apps.core.dates import SIMPLE_DATE, parse_partial_date

EDTF_SUFFIX = "_edtf"


def extension_key(field: str) -> str:
    return f"csto:{field}{EDTF_SUFFIX}"


def popolo_date_fields(field: str, text: str) -> dict[str, str]:
    """`{field: "2022"}`, plus `{"csto:<field>_edtf": "2022?"}` when the wiki's date is qualified."""
    text = (text or "").strip()
    if not text:
        return {}
    match = SIMPLE_DATE.match(text)
    if not match:  # not stored by the wiki (it validates every date); carried as written, never guessed
        return {extension_key(field): text}
    if not match["qualifier"]:
        return {field: text}
    return {field: text[:-1], extension_key(field): text}


def edtf_from_popolo(record: dict, field: str) -> tuple[str, str | None]:
    """The wiki's EDTF text for a Popolo date field of `record`, and an error message if it is impossible.

    The extension's text wins, but it must agree with the Popolo date beside it (same date, qualifier aside).
    """
    plain = record.get(field) or ""
    edtf = record.get(extension_key(field)) or ""
    text = edtf or plain
    if not text:
        return "", None
    if not isinstance(text, str):
        return "", "a date must be a string"
    try:
        parse_partial_date(text)
    except ValidationError as exc:
        return "", exc.messages[0]
    if edtf and plain and edtf.rstrip("?~%") != plain:
        return "", f"“{plain}” disagrees with {extension_key(field)} “{edtf}”"
    return text, None
