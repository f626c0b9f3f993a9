"""Member states, posts, office-holders and memberships the wiki starts with; dates only as the source gives them."""

from typing import Any

from apps.bodies.models import Body
from apps.core.dataset import ARTICLE, paragraphs
from apps.core.models import Source
from apps.core.services import citation_add, model_save
from apps.membership.models import Membership, MemberState, Person, Post, Role
from apps.membership.services import membership_save, memberships_save

# The holdings are known only from the report of the Military Committee's meeting of 8 December 2021:
# held on that day, from and until no one knows when.
ATTESTED = "2021-12-08"

STATES = [
    ("armenia", "Armenia", "AM"),
    ("belarus", "Belarus", "BY"),
    ("kazakhstan", "Kazakhstan", "KZ"),
    ("kyrgyzstan", "Kyrgyzstan", "KG"),
    ("russia", "Russia", "RU"),
    ("tajikistan", "Tajikistan", "TJ"),
]

PEOPLE: list[dict[str, Any]] = [
    {
        "slug": "valery-gerasimov",
        "given_name": "Valery",
        "family_name": "Gerasimov",
        "summary": "Chief of the General Staff of the Armed Forces of Russia and Head of the CSTO Military Committee.",
    },
    {
        "slug": "anatoly-sidorov",
        "given_name": "Anatoly",
        "family_name": "Sidorov",
        "honorific_prefix": "Colonel-General",
        "summary": "Chief of the CSTO Joint Staff.",
    },
    {
        "slug": "tohir-khairulloyev",
        "given_name": "Tohir",
        "family_name": "Khairulloyev",
        "summary": "Deputy Secretary General of the CSTO.",
    },
]

GENERAL_STAFF = "Chief of the General Staff of the Armed Forces of {state}"

# Where in the report each fact stands (its paragraphs, counted from the top).
PERSON_PARAGRAPH = {"valery-gerasimov": 2, "anatoly-sidorov": 6, "tohir-khairulloyev": 7}
STATE_PARAGRAPHS = (7, 11)  # the states whose chiefs of general staff sit in the committee
POST_PARAGRAPH = {
    "Head of the Military Committee": 2,
    "Chief of the CSTO Joint Staff (member)": 11,
    "Chief of the Joint Staff": 6,
    "Deputy Secretary General": 7,
}
MEMBER_POST_PARAGRAPH = 11  # "Member for …": the committee's members
PRESIDENCY_PARAGRAPH = 5

# (body slug, label, member state slug or None, held ex officio by, single seat)
POSTS: list[tuple[str, str, str | None, str, bool]] = [
    ("military-committee", "Head of the Military Committee", None, GENERAL_STAFF.format(state="Russia"), True),
    *(
        ("military-committee", f"Member for {name}", slug, GENERAL_STAFF.format(state=name), True)
        for slug, name, _code in STATES
    ),
    ("military-committee", "Chief of the CSTO Joint Staff (member)", None, "Chief of the CSTO Joint Staff", True),
    ("joint-staff", "Chief of the Joint Staff", None, "", True),
    ("secretariat", "Deputy Secretary General", None, "", False),
]

# What the 2022 report attests: who held which seat then. It gives no start dates, so none are recorded;
# "attested" says when a source shows the holding. The chiefs of the general staffs of Armenia, Belarus,
# Kazakhstan, Kyrgyzstan and Tajikistan are not named in it, so their seats have no recorded holder.
MEMBERSHIPS: list[dict[str, Any]] = [
    {
        "body": "military-committee",
        "post": "Head of the Military Committee",
        "person": "valery-gerasimov",
        "role": Role.HEAD,
    },
    {
        "body": "military-committee",
        "post": "Member for Russia",
        "person": "valery-gerasimov",
        "on_behalf_of": "russia",
    },
    {"body": "military-committee", "post": "Chief of the CSTO Joint Staff (member)", "person": "anatoly-sidorov"},
    {"body": "joint-staff", "post": "Chief of the Joint Staff", "person": "anatoly-sidorov", "role": Role.HEAD},
    {
        "body": "secretariat",
        "post": "Deputy Secretary General",
        "person": "tohir-khairulloyev",
        "role": Role.OFFICER,
    },
    *({"body": "csto", "state": slug, "role": Role.MEMBER} for slug, _name, _code in STATES),
    {"body": "csto", "state": "armenia", "role": Role.PRESIDENCY, "start": "2022", "end": "2022", "attested": ""},
]


def _load_states(article: Source) -> tuple[dict[str, MemberState], int]:
    states, written = {}, 0
    for slug, name, code in STATES:
        state = MemberState.objects.filter(slug=slug).first()
        if state is None:
            state = MemberState(slug=slug, name=name, iso_code=code)
            model_save(instance=state)
            written += 1
        citation_add(obj=state, source=article, locator=paragraphs(*STATE_PARAGRAPHS))
        states[slug] = state
    return states, written


def _load_people(article: Source) -> tuple[dict[str, Person], int]:
    people, written = {}, 0
    for data in PEOPLE:
        person = Person.objects.filter(slug=data["slug"]).first()
        if person is None:
            person = Person(**data)
            model_save(instance=person)
            written += 1
        citation_add(obj=person, source=article, locator=paragraphs(PERSON_PARAGRAPH[data["slug"]]))
        people[data["slug"]] = person
    return people, written


def _load_posts(article: Source, bodies: dict[str, Body], states: dict) -> tuple[dict, int]:
    posts, written = {}, 0
    for position, (body_slug, label, state_slug, ex_officio, single_seat) in enumerate(POSTS):
        post = Post.objects.filter(body=bodies[body_slug], label=label).first()
        if post is None:
            post = Post(
                body=bodies[body_slug],
                label=label,
                member_state=states.get(state_slug),
                ex_officio=ex_officio,
                single_seat=single_seat,
                position=position,
            )
            model_save(instance=post)
            written += 1
        citation_add(obj=post, source=article, locator=paragraphs(POST_PARAGRAPH.get(label, MEMBER_POST_PARAGRAPH)))
        posts[(body_slug, label)] = post
    return posts, written


def load_membership(*, sources: dict[str, Source]) -> int:
    """Create what is missing; existing records are left as staff edited them. Returns records written."""
    article = sources[ARTICLE]
    states, state_writes = _load_states(article)
    people, people_writes = _load_people(article)
    bodies = {body.slug: body for body in Body.objects.filter(slug__in={p[0] for p in POSTS} | {"csto"})}
    posts, post_writes = _load_posts(article, bodies, states)
    written = state_writes + people_writes + post_writes
    for data in MEMBERSHIPS:
        lookup: dict[str, Any] = {"body": bodies[data["body"]], "role": data.get("role", Role.MEMBER)}
        if "post" in data:
            lookup |= {"post": posts[(data["body"], data["post"])], "person": people[data["person"]]}
        else:
            lookup |= {"member_state": states[data["state"]], "post": None}
        membership = Membership.objects.filter(**lookup).first()
        if membership is None:
            membership = Membership(
                **lookup,
                on_behalf_of=states.get(data.get("on_behalf_of", "")),
                start=data.get("start", ""),
                end=data.get("end", ""),
                attested=data.get("attested", ATTESTED),
            )
            membership_save(instance=membership)
            written += 1
        citation_add(obj=membership, source=article, locator=_membership_paragraphs(data))
    return written


def _membership_paragraphs(data: dict[str, Any]) -> str:
    if data.get("role") == Role.PRESIDENCY:
        return paragraphs(PRESIDENCY_PARAGRAPH)
    if "person" in data:
        return paragraphs(PERSON_PARAGRAPH[data["person"]], POST_PARAGRAPH.get(data["post"], MEMBER_POST_PARAGRAPH))
    return paragraphs(*STATE_PARAGRAPHS)


def correct_attested_dates(*, old: str) -> int:
    """Holdings attested on `old`, the date a misread report was first given: attested on its real day."""
    wrong = list(Membership.objects.filter(attested=old, start="", end="").select_related("body", "post"))
    for membership in wrong:
        membership.attested = ATTESTED
    if wrong:
        memberships_save(memberships=wrong)
    return len(wrong)
