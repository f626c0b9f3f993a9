"""The CSTO's bodies as the wiki starts with them, each described in the wiki's own words and cited."""

from typing import Any

from django.contrib.contenttypes.models import ContentType

from apps.bodies import services
from apps.bodies.models import Body, BodyRelation, Classification
from apps.core.dataset import (
    ARTICLE,
    CHARTER,
    CSTO_CSC,
    CSTO_SECRETARIAT,
    CSTO_STRUCTURE,
    JOINT_STAFF_SITE,
    TREATY,
)
from apps.core.models import Source
from apps.core.services import citation_add
from apps.wiki.models import Alias

# Parents come before their children; siblings in the order staff see them.
BODIES: list[dict[str, Any]] = [
    {
        "slug": "csto",
        "parent": None,
        "name": "Collective Security Treaty Organization",
        "abbreviation": "CSTO",
        "classification": Classification.ORGANIZATION,
        "founded": "2002-10-07",
        "summary": "The organization of six states built on the Collective Security Treaty of 15 May 1992.",
        "description": (
            "The Collective Security Treaty Organization brings together Armenia, Belarus, Kazakhstan, "
            f"Kyrgyzstan, Russia and Tajikistan.[^{ARTICLE}] It rests on the Collective Security Treaty of 15 May "
            f"1992[^{TREATY}] and took its present form with its Charter of 7 October 2002.[^{CHARTER}]\n\n"
            f"Armenia held the presidency of the organization in 2022.[^{ARTICLE}]\n\n"
            "Its bodies today are a Collective Security Council at the top, councils of foreign and of "
            "defence ministers, a committee of the secretaries of the national security councils, a "
            "Permanent Council between the sessions, and two permanent working bodies, the Secretariat and the "
            f"Joint Staff.[^{CSTO_STRUCTURE}]"
        ),
        "cite": [
            (ARTICLE, "", "paragraphs 5 and 11"),
            (CHARTER, "founded", "Article 1"),
            (TREATY, "", "its title and date"),
            (CSTO_STRUCTURE, "description", "the list of bodies"),
        ],
    },
    {
        "slug": "collective-security-council",
        "parent": "csto",
        "name": "Collective Security Council",
        "abbreviation": "CSC",
        "classification": Classification.COUNCIL,
        "summary": "The organization's highest body, where the heads of the member states meet.",
        "description": (
            "The Collective Security Council is the supreme body of the organization and is made up of "
            "the heads of its member states. It decides the main questions of the organization's "
            f"work.[^{CSTO_CSC}]\n\n"
            "Among its decisions is the one of 28 April 2003 that approved the Regulations on the Council "
            f"of Ministers of Defense, under which the Military Committee was later set up.[^{ARTICLE}]"
        ),
        "cite": [
            (CSTO_CSC, "", "first paragraph, on Article 13 of the Charter"),
            (ARTICLE, "description", "paragraph 8"),
        ],
    },
    {
        "slug": "council-of-foreign-ministers",
        "parent": "csto",
        "name": "Council of Foreign Ministers",
        "abbreviation": "CFM",
        "classification": Classification.COUNCIL,
        "summary": "The member states' foreign ministers, coordinating their foreign policy.",
        "description": (
            "The Council of Foreign Ministers is the consultative and executive body through which the "
            f"member states coordinate their foreign policy.[^{CSTO_STRUCTURE}]\n\n"
            "According to a December 2021 report on the Military Committee, the general management of that "
            f"committee lies with this council.[^{ARTICLE}]"
        ),
        "cite": [(CSTO_STRUCTURE, "", "Council of Foreign Ministers"), (ARTICLE, "description", "paragraph 9")],
    },
    {
        "slug": "council-of-ministers-of-defense",
        "parent": "csto",
        "name": "Council of Ministers of Defense",
        "abbreviation": "CMD",
        "classification": Classification.COUNCIL,
        "summary": "The member states' defence ministers, coordinating military policy and cooperation.",
        "description": (
            "The Council of Ministers of Defense is the consultative and executive body through which the "
            "member states coordinate their military policy, the building of their armed forces and their "
            f"military-technical cooperation.[^{CSTO_STRUCTURE}]\n\n"
            "Its Regulations were approved by decision of the Collective Security Council of 28 April "
            f"2003; clause 15 of those Regulations provides for the Military Committee attached to it.[^{ARTICLE}]"
        ),
        "cite": [(CSTO_STRUCTURE, "", "Council of Defence Ministers"), (ARTICLE, "description", "paragraph 8")],
    },
    {
        "slug": "military-committee",
        "parent": "council-of-ministers-of-defense",
        "name": "Military Committee",
        "abbreviation": "",
        "classification": Classification.COMMITTEE,
        "summary": "The chiefs of the general staffs of the member states and the Chief of the Joint Staff.",
        "description": (
            "The Military Committee was set up at the Council of Ministers of Defense under clause 15 of "
            "that council's Regulations, which the Collective Security Council approved on 28 April 2003. "
            "Its purpose is to deal quickly with the planning and use of the forces and means of the "
            f"organization's collective security system.[^{ARTICLE}]\n\n"
            "Its members are the chiefs of the general staffs of the armed forces of Armenia, Belarus, "
            "Kazakhstan, Kyrgyzstan, Russia and Tajikistan, together with the Chief of the CSTO Joint "
            "Staff. It is headed by the Chief of the General Staff of the Armed Forces of Russia, "
            f"Valery Gerasimov at the time of a December 2021 report.[^{ARTICLE}]\n\n"
            "In its work it follows the generally recognized principles and norms of international law, "
            "the Collective Security Treaty of 15 May 1992, the CSTO Charter of 7 October 2002, decisions "
            "of the Collective Security Council and of the Council of Ministers of Defense, the "
            "organization's other regulatory acts, and the bilateral and multilateral agreements on "
            "military cooperation to which the member states are party. General management of the "
            f"committee lies with the Council of Foreign Ministers.[^{ARTICLE}]\n\n"
            f"Press reports sometimes call it the “CSTO Military Council”.[^{ARTICLE}]"
        ),
        "cite": [(ARTICLE, "", "paragraphs 2 and 8 to 11")],
    },
    {
        "slug": "committee-of-secretaries-of-security-councils",
        "parent": "csto",
        "name": "Committee of Secretaries of Security Councils",
        "abbreviation": "CSSC",
        "classification": Classification.COMMITTEE,
        "summary": "The secretaries of the member states' security councils, coordinating national security work.",
        "description": (
            "The Committee of Secretaries of Security Councils is the consultative and executive body "
            f"through which the member states coordinate their work on national security.[^{CSTO_STRUCTURE}]"
        ),
        "cite": [(CSTO_STRUCTURE, "", "Committee of Secretaries of Security Councils")],
    },
    {
        "slug": "permanent-council",
        "parent": "csto",
        "name": "Permanent Council",
        "abbreviation": "",
        "classification": Classification.COUNCIL,
        "summary": "Representatives appointed by each member state, working between the councils' sessions.",
        "description": (
            "The Permanent Council is made up of representatives appointed by the member "
            "states. Between sessions of the Collective Security Council it coordinates how the "
            f"organization's decisions are carried out.[^{CSTO_STRUCTURE}]"
        ),
        "cite": [(CSTO_STRUCTURE, "", "Permanent Council")],
    },
    {
        "slug": "secretariat",
        "parent": "csto",
        "name": "Secretariat",
        "abbreviation": "",
        "classification": Classification.SECRETARIAT,
        "summary": "A permanent working body supporting the organization's other bodies, led by the Secretary General.",
        "description": (
            "The Secretariat is one of the organization's two permanent working bodies. It gives the "
            "other bodies organizational, analytical and advisory support and is led by the Secretary "
            f"General.[^{CSTO_SECRETARIAT}]\n\n"
            "A December 2021 report names Tohir Khairulloyev as Deputy Secretary General and says that a "
            "special representative of the Secretary General for peacekeeping had been appointed, and "
            "that a joint working group of the Secretariat, the Joint Staff and the UN Department of "
            f"Peacekeeping Operations had been formed.[^{ARTICLE}]"
        ),
        "cite": [(CSTO_SECRETARIAT, "", "first paragraph"), (ARTICLE, "description", "paragraphs 6 and 7")],
    },
    {
        "slug": "joint-staff",
        "parent": "csto",
        "name": "Joint Staff",
        "abbreviation": "",
        "classification": Classification.STAFF,
        "summary": "The permanent working body for the organization's military side.",
        "description": (
            "The Joint Staff is the organization's permanent working body for military "
            f"matters.[^{JOINT_STAFF_SITE}] Its "
            "chief is a member of the Military Committee; in December 2021 that was Colonel-General Anatoly "
            "Sidorov, who reported to the committee on preparing the organization's forces for United "
            f"Nations peacekeeping.[^{ARTICLE}]"
        ),
        "cite": [(JOINT_STAFF_SITE, "", "home page"), (ARTICLE, "description", "paragraphs 6 and 11")],
    },
]

RELATIONS = [
    {
        "subject": "military-committee",
        "kind": BodyRelation.Kind.GENERAL_MANAGEMENT,
        "object": "council-of-foreign-ministers",
        "cite": [(ARTICLE, "paragraph 9")],
    },
]

OWN_FIELDS = ("name", "abbreviation", "classification", "summary", "description", "founded")


def _load_body(data: dict[str, Any], *, sources: dict[str, Source], update: bool) -> tuple[Body, bool]:
    fields = {name: data.get(name, "") for name in OWN_FIELDS}
    parent = Body.objects.get(slug=data["parent"]) if data["parent"] else None
    body = Body.objects.filter(slug=data["slug"]).first()
    written = False
    if body is None:
        body = services.body_create(target=parent, position="last-child", slug=data["slug"], **fields)
        written = True
    elif update:
        if any(getattr(body, name) != value for name, value in fields.items()):
            body = services.body_update(body=body, **fields)
            written = True
        current_parent = Body.objects.get_parent(body)
        if (current_parent and current_parent.pk) != (parent and parent.pk):
            body = services.body_move(body=body, target=parent, position="last-child")
            written = True
    for key, field, *locator in data["cite"]:
        citation_add(obj=body, source=sources[key], field=field, locator="".join(locator))
    return body, written


def load_bodies(*, sources: dict[str, Source], update: bool = False) -> int:
    """Create the dataset's missing bodies and relations (or refresh them with `update`); returns writes."""
    written = 0
    for data in BODIES:
        _, was_written = _load_body(data, sources=sources, update=update)
        written += was_written
    for data in RELATIONS:
        relation, created = BodyRelation.objects.get_or_create(
            subject=Body.objects.get(slug=data["subject"]),
            kind=data["kind"],
            object=Body.objects.get(slug=data["object"]),
            start="",
        )
        written += created
        for key, locator in data["cite"]:
            citation_add(obj=relation, source=sources[key], locator=locator)
    return written


BODY_ALIASES = [
    ("military-committee", "CSTO Military Council", "Name used for it in a December 2021 press report relaying TASS."),
    ("military-committee", "Military Council", "Short form of the name used in the December 2021 press report."),
]


def load_aliases(*, sources: dict[str, Source]) -> int:
    """Other names the dataset's bodies go by, each cited."""
    written = 0
    body_type = ContentType.objects.get_for_model(Body)
    for slug, name, note in BODY_ALIASES:
        body = Body.objects.get(slug=slug)
        alias, created = Alias.objects.get_or_create(
            content_type=body_type, object_id=body.pk, name=name, defaults={"note": note}
        )
        citation_add(obj=alias, source=sources[ARTICLE], locator="paragraph 2")
        written += created
    return written
