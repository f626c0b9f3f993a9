"""The sources the CSTO dataset is cited to; other apps' datasets refer to them by key."""

from apps.core.models import Source
from apps.core.services import model_save

# Keys are stable identifiers of the loader, kept as first written even where they name a wrong year.
ARTICLE = "article-military-council-2022"
TASS_REPORT = "tass-gerasimov-2021-12-08"
CHARTER = "csto-charter-2002"
BASIC_FACTS = "csto-basic-facts"
CSTO_STRUCTURE = "csto-structure"
CSTO_CSC = "csto-collective-security-council"
CSTO_SECRETARIAT = "csto-secretariat"
JOINT_STAFF_SITE = "csto-joint-staff-site"
CSTO_25_YEARS = "csto-25-years"
TREATY = "collective-security-treaty-1992"
TASS = "tass-military-council-2022"
BELTA = "belta-military-council-2022"


def paragraphs(*numbers: int) -> str:
    """Where in a report a fact stands, as a citation's locator: "paragraph 2", "paragraphs 2 and 11"."""
    ordered = sorted(set(numbers))
    if len(ordered) == 1:
        return f"paragraph {ordered[0]}"
    return "paragraphs " + ", ".join(map(str, ordered[:-1])) + f" and {ordered[-1]}"


SOURCES = [
    {
        "key": ARTICLE,
        "title": "Russia-led security bloc to improve Tajikistan's military infrastructure",
        "kind": Source.Kind.NEWS,
        "publisher": "Asia-Plus (Dushanbe)",
        "url": "https://www.asiaplustj.info/en/news/tajikistan/security/20211209/"
        "russia-led-security-bloc-to-improve-tajikistans-military-infrastructure",
        "published": "2021-12-09",
        "reported_by": "TASS; BelTA",
        "note": "News report in English of a videoconference of the CSTO Military Committee held “yesterday”, "
        "that is on 8 December 2021; it relays TASS and BelTA. Armenia's presidency of the organization, "
        "which it mentions, was still to come: it began in 2022.",
    },
    {
        "key": TASS_REPORT,
        "title": "Gerasimov: military infrastructure facilities in Tajikistan will be improved",
        "kind": Source.Kind.NEWS,
        "publisher": "Group of Strategic Vision “Russia – Islamic World”",
        "url": "https://russia-islworld.ru/novosti//"
        "gerasimov-military-infrastructure-facilities-in-tajikistan-will-be-improved-2021-12-08-21226/",
        "published": "2021-12-08",
        "reported_by": "TASS",
        "note": "Report dated 8 December 2021, based on TASS, of Gerasimov's summary of “Wednesday's meeting” "
        "of the CSTO Military Committee: 8 December 2021 was a Wednesday.",
    },
    {
        "key": CHARTER,
        "title": "Charter of the Collective Security Treaty Organization",
        "kind": Source.Kind.DOCUMENT,
        "publisher": "Collective Security Treaty Organization",
        "url": "https://en.odkb-csto.org/documents/documents/ustav_organizatsii_dogovora_o_kollektivnoy_bezopasnosti_/",
        "published": "2002-10-07",
        "note": "Founding charter of the organization, signed in Chisinau on 7 October 2002; it names the "
        "organization's statutory bodies. The organization's website publishes it in English as amended by "
        "the protocol of 10 December 2010.",
    },
    {
        "key": TREATY,
        "title": "Collective Security Treaty",
        "kind": Source.Kind.DOCUMENT,
        "publisher": "Collective Security Treaty Organization",
        "url": "https://en.odkb-csto.org/documents/documents/dogovor_o_kollektivnoy_bezopasnosti/",
        "published": "1992-05-15",
        "note": "Treaty signed in Tashkent on 15 May 1992, on which the organization is built. The "
        "organization's website publishes it in English as amended by the protocol of 10 December 2010.",
    },
    {
        "key": BASIC_FACTS,
        "title": "Basic facts",
        "kind": Source.Kind.WEBSITE,
        "publisher": "Collective Security Treaty Organization",
        "url": "http://www.odkb.gov.ru/a/aengl.htm",
        "note": "The organization's own summary of its history on its earlier English website (undated): "
        "when the Treaty and the Charter were signed and when the Charter came into force.",
    },
    {
        "key": CSTO_25_YEARS,
        "title": "25 years of the Collective Security Treaty",
        "kind": Source.Kind.WEBSITE,
        "publisher": "Collective Security Treaty Organization",
        "url": "https://en.odkb-csto.org/25years/",
        "note": "The organization's own account of the Treaty's history, on its English website (undated).",
    },
    {
        "key": CSTO_STRUCTURE,
        "title": "Structure",
        "kind": Source.Kind.WEBSITE,
        "publisher": "Collective Security Treaty Organization",
        "url": "http://en.odkb-csto.org/structure/",
        "note": "The organization's own description of its bodies as they are now, on its English website "
        "(undated); it says what each council and committee is for.",
    },
    {
        "key": CSTO_CSC,
        "title": "Collective Security Council",
        "kind": Source.Kind.WEBSITE,
        "publisher": "Collective Security Treaty Organization",
        "url": "https://en.odkb-csto.org/authorized_organs/collective_security_council/",
        "note": "The organization's page on its highest body, quoting Article 13 of the Charter as it stands now.",
    },
    {
        "key": CSTO_SECRETARIAT,
        "title": "Secretariat",
        "kind": Source.Kind.WEBSITE,
        "publisher": "Collective Security Treaty Organization",
        "url": "https://en.odkb-csto.org/authorized_organs/secretariat/",
        "note": "The organization's page on its Secretariat.",
    },
    {
        "key": JOINT_STAFF_SITE,
        "title": "CSTO Joint Staff",
        "kind": Source.Kind.WEBSITE,
        "publisher": "CSTO Joint Staff",
        "url": "https://jscsto.odkb-csto.org/en/",
        "note": "The Joint Staff's own website.",
    },
]


# Agencies the article relays; the wiki knows them only through it ("via").
RELAYED = [
    {
        "key": TASS,
        "title": "TASS report of Valery Gerasimov's remarks at the CSTO Military Council videoconference",
        "kind": Source.Kind.NEWS,
        "publisher": "TASS",
        "published": "2021-12-08",
        "via": ARTICLE,
        "note": "Not seen directly: known from the article that quotes it.",
    },
    {
        "key": BELTA,
        "title": "BelTA report of the CSTO Military Council videoconference",
        "kind": Source.Kind.NEWS,
        "publisher": "BelTA",
        "published": "2021-12",
        "via": ARTICLE,
        "note": "Not seen directly: known from the article that relays it, which says only that the meeting "
        "was “yesterday”; the month is certain, the day is not.",
    },
]


# The reports of the December 2021 meeting, which the dataset first dated 2022.
MEETING_REPORTS = (ARTICLE, TASS, BELTA)


def load_sources(*, update: bool = False, refresh: tuple[str, ...] = ()) -> tuple[dict[str, Source], int]:
    """Create the dataset's sources that are missing; returns them by key and how many were written.

    With `update`, existing ones take the dataset's values; `refresh` does so for the sources it names only.
    """
    written = 0
    by_key: dict[str, Source] = {}
    for data in SOURCES + RELAYED:
        if "via" in data:
            data = {**data, "via": by_key[data["via"]]}
        source = Source.objects.filter(key=data["key"]).first()
        overwrite = update or data["key"] in refresh
        if source is None or (overwrite and any(getattr(source, k) != v for k, v in data.items())):
            source = source or Source()
            for name, value in data.items():
                setattr(source, name, value)
            model_save(instance=source)
            written += 1
        by_key[data["key"]] = source
    return by_key, written
