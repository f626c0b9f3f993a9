"""British and American spellings of the same word find the same records (defence/defense, ...).

On PostgreSQL the index and the queries spell such words one way (`search_spelling`, migration 0015, which
holds these pairs as regular expressions; tests/search/test_spelling.py keeps the two in step), so a query has
one lexeme for them; the widened queries below only mark either spelling in the snippets there. On SQLite a
query is widened: a word with another spelling is searched for in both. The pairs are stems, so that inflected
forms follow (organisations/organizations, defences/defenses).
"""

import itertools
import re

# (British, American) stems.
PAIRS = (
    ("defenc", "defens"),
    ("offenc", "offens"),
    ("licenc", "licens"),
    ("organis", "organiz"),
    ("realis", "realiz"),
    ("recognis", "recogniz"),
    ("analys", "analyz"),
    ("programme", "program"),
    ("catalogue", "catalog"),
    ("centre", "center"),
    ("armour", "armor"),
    ("honour", "honor"),
    ("labour", "labor"),
    ("co-operat", "cooperat"),
)
MAX_WIDENED_WORDS = 3  # 2**3 spellings of a query at most
_WORD = re.compile(r"[\w-]+")


def variants(word: str) -> list[str]:
    """The other spellings of `word` (lower case), or none."""
    lower = word.lower()
    found = []
    for british, american in PAIRS:
        if lower.startswith(british):  # first: "programme" also starts with "program"
            found.append(american + lower[len(british) :])
        elif lower.startswith(american):
            found.append(british + lower[len(american) :])
    return found


def spellings(query: str) -> list[str]:
    """`query` and its versions with other spellings of its words, the query itself first.

    Words after a minus (exclusions) keep their spelling: "-defence" or "-defense" alone would let the
    other spelling through.
    """
    words = [m for m in _WORD.finditer(query) if variants(m.group()) and not _excluded(query, m.start())]
    words = words[:MAX_WIDENED_WORDS]
    choices = [[m.group(), *variants(m.group())] for m in words]
    result = []
    for combination in itertools.product(*choices):
        text, offset = query, 0
        for match, replacement in zip(words, combination, strict=True):
            start, end = match.start() + offset, match.end() + offset
            text = text[:start] + replacement + text[end:]
            offset += len(replacement) - (match.end() - match.start())
        result.append(text)
    return list(dict.fromkeys(result)) or [query]


def _excluded(query: str, position: int) -> bool:
    token_start = max(query.rfind(" ", 0, position), query.rfind('"', 0, position)) + 1
    return query[token_start:position].startswith("-")
