"""The sources the CSTO dataset is cited to; other apps' datasets refer to them by key."""

from apps.core.models import Source
from apps.core.services import model_save

ARTICLE = "article-military-council-2022"
CHARTER = "csto-charter-2002"
TREATY = "collective-security-treaty-1992"
TASS = "tass-military-council-2022"
BELTA = "belta-military-council-2022"

SOURCES = [
    {
        "key": ARTICLE,
        "title": "CSTO to strengthen military infrastructure in Tajikistan (report of a CSTO Military Council "
        "videoconference)",
        "kind": Source.Kind.NEWS,
        "publisher": "",
        "published": "2022",
        "reported_by": "TASS; BelTA",
        "note": "News report, in English, of a videoconference of the CSTO Military Committee held during "
        "Armenia's 2022 presidency; it relays TASS and BelTA. The copy the wiki started from does not "
        "record its outlet, headline or exact date; the title here describes its content.",
    },
    {
        "key": CHARTER,
        "title": "Charter of the Collective Security Treaty Organization",
        "kind": Source.Kind.DOCUMENT,
        "publisher": "Collective Security Treaty Organization",
        "published": "2002-10-07",
        "note": "Founding charter of the organization, signed in Chisinau on 7 October 2002; it names the "
        "organization's statutory bodies.",
    },
    {
        "key": TREATY,
        "title": "Collective Security Treaty",
        "kind": Source.Kind.DOCUMENT,
        "publisher": "",
        "published": "1992-05-15",
        "note": "Treaty signed in Tashkent on 15 May 1992, on which the organization is built.",
    },
]


# Agencies the article relays; the wiki knows them only through it ("via").
RELAYED = [
    {
        "key": TASS,
        "title": "TASS report of Valery Gerasimov's remarks at the CSTO Military Council videoconference",
        "kind": Source.Kind.NEWS,
        "publisher": "TASS",
        "published": "2022",
        "via": ARTICLE,
        "note": "Not seen directly: known from the article that quotes it.",
    },
    {
        "key": BELTA,
        "title": "BelTA report of the CSTO Military Council videoconference",
        "kind": Source.Kind.NEWS,
        "publisher": "BelTA",
        "published": "2022",
        "via": ARTICLE,
        "note": "Not seen directly: known from the article that relays it.",
    },
]


def load_sources(*, update: bool = False) -> tuple[dict[str, Source], int]:
    """Create the dataset's sources that are missing; returns them by key and how many were written."""
    written = 0
    by_key: dict[str, Source] = {}
    for data in SOURCES + RELAYED:
        if "via" in data:
            data = {**data, "via": by_key[data["via"]]}
        source = Source.objects.filter(key=data["key"]).first()
        if source is None or (update and any(getattr(source, k) != v for k, v in data.items())):
            source = source or Source()
            for name, value in data.items():
                setattr(source, name, value)
            model_save(instance=source)
            written += 1
        by_key[data["key"]] = source
    return by_key, written
