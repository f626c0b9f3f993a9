"""The Military Committee's videoconference of 8 December 2021, as the Asia-Plus report of the next day tells
it (relaying TASS and BelTA), dated by it and by a TASS-based report of the day itself."""

from django.contrib.contenttypes.models import ContentType

from apps.bodies.models import Body
from apps.core.dataset import ARTICLE, BELTA, TASS, TASS_REPORT, paragraphs
from apps.core.models import Source
from apps.core.services import citation_add, model_save
from apps.meetings.models import Meeting
from apps.meetings.services import meeting_record
from apps.membership.models import MemberState, Person, Post
from apps.wiki.models import SlugRedirect

SLUG = "military-committee-2021-12-08-videoconference"
# The address it was first published at, from a misreading of the report as one of 2022.
OLD_SLUG = "military-committee-2022-videoconference"
TITLE = "Meeting of the CSTO Military Committee by videoconference, 8 December 2021"
START = "2021-12-08"
DATE_NOTE = (
    "The Asia-Plus report of 9 December 2021 says the meeting took place “yesterday”, and a TASS-based "
    "report of 8 December 2021 calls it “Wednesday's meeting”: 8 December 2021 was a Wednesday."
)
GENERAL_STAFF = "Chief of the General Staff of the Armed Forces of {state}"
# The agencies' reports are known only through the Asia-Plus report: where it relays them.
QUOTED_IN_3 = "as quoted in paragraph 3 of the Asia-Plus report"
RELAYED_IN_4 = "as relayed in paragraph 4 of the Asia-Plus report"


def load_meetings(*, sources: dict[str, Source]) -> int:
    """Record the meeting unless it is there already; returns how many meetings were written."""
    if Meeting.objects.filter(slug=SLUG).exists():
        return 0
    if misdated := Meeting.objects.filter(slug=OLD_SLUG).first():
        _correct_date(misdated, sources=sources)
        return 1
    committee = Body.objects.get(slug="military-committee")
    states = {state.slug: state for state in MemberState.objects.all()}
    people = {person.slug: person for person in Person.objects.all()}
    seat = {post.label: post for post in Post.objects.filter(body=committee)}
    bodies = {body.slug: body for body in Body.objects.filter(slug__in=["secretariat", "joint-staff"])}
    article, tass, belta = sources[ARTICLE], sources[TASS], sources[BELTA]
    unnamed_chiefs = [
        {
            "capacity": GENERAL_STAFF.format(state=states[slug].name),
            "on_behalf_of": states[slug],
            "post": seat[f"Member for {states[slug].name}"],
            "sources": [(article, paragraphs(7))],
        }
        for slug in ["armenia", "belarus", "kazakhstan", "kyrgyzstan", "tajikistan"]
    ]
    meeting = Meeting(
        body=committee,
        title=TITLE,
        slug=SLUG,
        body_name_as_reported="CSTO Military Council",
        start=START,
        date_note=DATE_NOTE,
        format=Meeting.Format.VIDEOCONFERENCE,
        summary=(
            "The chiefs of the general staffs of the member states met by videoconference. They set out "
            "further work on military infrastructure in Tajikistan, discussed threats in the three collective "
            "security regions, the collective air force and air defence, heard Armenia's priorities for its "
            f"presidency, and were briefed on preparing forces for United Nations peacekeeping.[^{ARTICLE}]"
        ),
    )
    participants = [
        *unnamed_chiefs,
        {
            "person": people["valery-gerasimov"],
            "capacity": "Head of the Military Committee; " + GENERAL_STAFF.format(state="Russia"),
            "on_behalf_of": states["russia"],
            "post": seat["Head of the Military Committee"],
            "sources": [
                (article, paragraphs(2)),
                (sources[TASS_REPORT], paragraphs(2, 3)),
            ],  # the TASS-based report quotes him
        },
        {
            "person": people["anatoly-sidorov"],
            "capacity": "Chief of the CSTO Joint Staff",
            "post": seat["Chief of the CSTO Joint Staff (member)"],
            "sources": [(article, paragraphs(6))],
        },
        {
            "person": people["tohir-khairulloyev"],
            "capacity": "CSTO Deputy Secretary General",
            "sources": [(article, paragraphs(7))],
        },
    ]
    agenda = [
        {
            "title": "Military infrastructure in Tajikistan for deploying CSTO coalition groups",
            "speaker": people["valery-gerasimov"],
            "outcome": "Areas of further work to improve military infrastructure facilities in Tajikistan, "
            "for deploying the organization's coalition groups, were identified (Gerasimov, as quoted by "
            f"TASS).[^{TASS}][^{ARTICLE}]",
            "states": [states["tajikistan"]],
            "sources": [(tass, QUOTED_IN_3), (article, paragraphs(3))],
        },
        {
            "title": "Threats to military security in the collective security regions",
            "discussion": "Challenges and threats to military security in the Eastern Europe, Caucasus and "
            f"Central Asia collective security regions.[^{BELTA}][^{ARTICLE}]",
            "sources": [(belta, RELAYED_IN_4), (article, paragraphs(4))],
        },
        {
            "title": "Further development of the collective air force",
            "discussion": f"How the organization's collective air force should develop further.[^{BELTA}][^{ARTICLE}]",
            "sources": [(belta, RELAYED_IN_4), (article, paragraphs(4))],
        },
        {
            "title": "Air defence of coalition forces in initial deployment",
            "discussion": "Organizing the air defence of coalition forces while they first deploy and operate in "
            f"the collective security regions.[^{BELTA}][^{ARTICLE}]",
            "sources": [(belta, RELAYED_IN_4), (article, paragraphs(4))],
        },
        {
            "title": "Armenia's priorities in the military sphere for its presidency in 2022",
            "outcome": "Members were informed of the priority directions of the organization's military work "
            f"that Armenia proposed for its presidency.[^{ARTICLE}]",
            "states": [states["armenia"]],
            "sources": [(article, paragraphs(5))],
        },
        {
            "title": "The CSTO's military potential for UN peacekeeping",
            "speaker": people["anatoly-sidorov"],
            "outcome": "Sidorov reported on progress in using the organization's military potential for United "
            "Nations peacekeeping. A special representative of the Secretary General for peacekeeping had been "
            "appointed, and a joint working group of the CSTO Secretariat, the CSTO Joint Staff and the UN "
            f"Department of Peacekeeping Operations had been set up.[^{ARTICLE}]",
            "bodies": [bodies["secretariat"], bodies["joint-staff"]],
            "sources": [(article, paragraphs(6))],
        },
    ]
    meeting_record(
        meeting=meeting,
        participants=participants,
        agenda=agenda,
        sources=[(article, paragraphs(2, 3, 4, 5, 6, 7)), (sources[TASS_REPORT], paragraphs(3))],
    )
    _keep_old_address(meeting)
    return 1


def meeting_misdated() -> bool:
    """Whether the database holds the meeting under the date first (wrongly) given it."""
    return Meeting.objects.filter(slug=OLD_SLUG).exists()


def _correct_date(meeting: Meeting, *, sources: dict[str, Source]) -> None:
    """A database loaded before the date was corrected: move the meeting to its day and new address."""
    meeting.slug, meeting.title, meeting.start, meeting.date_note = SLUG, TITLE, START, DATE_NOTE
    model_save(instance=meeting)
    citation_add(obj=meeting, source=sources[TASS_REPORT], locator=paragraphs(3))
    _keep_old_address(meeting)


def _keep_old_address(meeting: Meeting) -> None:
    SlugRedirect.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(Meeting), old_slug=OLD_SLUG, defaults={"object_id": meeting.pk}
    )
