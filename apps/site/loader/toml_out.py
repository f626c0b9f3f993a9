"""Write dataset records as TOML that reads well: long texts wrapped, with Python's tomllib reading them back."""

import textwrap
from typing import Any

WIDTH = 100


def _string(text: str, indent: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    if len(escaped) + len(indent) < WIDTH + 15 and "\n" not in text:
        return f'"{escaped}"'
    # A multi-line basic string whose lines end in a backslash: TOML joins them, so the text is unchanged;
    # the newlines of the text itself are written as \n escapes.
    lines = []
    paragraphs = escaped.split("\n")
    for number, paragraph in enumerate(paragraphs):
        last = number == len(paragraphs) - 1
        wrapped = textwrap.wrap(paragraph, WIDTH - len(indent) - 4, break_long_words=False, break_on_hyphens=False)
        wrapped = wrapped or [""]
        for position, line in enumerate(wrapped):
            end_of_paragraph = position == len(wrapped) - 1
            if not end_of_paragraph:
                lines.append(f"{indent}  {line} \\")
            elif not last:
                lines.append(f"{indent}  {line}\\n\\")
            else:
                lines.append(f"{indent}  {line}\\")
    return '"""\\\n' + "\n".join(lines) + "\n" + indent + '  """'


def _value(value: Any, indent: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _string(value, indent)
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        inner = ",\n".join(f"{indent}  {_inline(item, indent + '  ')}" for item in value)
        return "[\n" + inner + f",\n{indent}]"
    if isinstance(value, list):
        return "[" + ", ".join(_value(item, indent) for item in value) + "]"
    raise TypeError(value)


def _inline(table: dict[str, Any], indent: str) -> str:
    return "{ " + ", ".join(f"{key} = {_value(value, indent)}" for key, value in table.items()) + " }"


def table(name: str, record: dict[str, Any], indent: str = "") -> str:
    """One [[name]] entry; nested lists of tables (`name.child`) after the record's own fields."""
    simple = {k: v for k, v in record.items() if not (isinstance(v, list) and v and k in NESTED)}
    nested = {k: v for k, v in record.items() if k not in simple}
    out = [f"{indent}[[{name}]]"]
    out += [f"{indent}{key} = {_value(value, indent)}" for key, value in simple.items()]
    for key, rows in nested.items():
        for row in rows:
            out.append("")
            out.append(table(f"{name}.{key}", row, indent + "  "))
    return "\n".join(out)


NESTED = {"statuses", "participants", "agenda"}


def document(header: str, tables: list[tuple[str, dict[str, Any]]]) -> str:
    return header.rstrip() + "\n\n" + "\n\n".join(table(name, record) for name, record in tables) + "\n"
