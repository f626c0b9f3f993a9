"""The dataset's rules (docs/dataset.md), checked on the files and on what load_csto writes from them."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.db.models import F
from django.test import TestCase

from apps.bodies.models import Body
from apps.core.dates import parse_partial_date
from apps.membership.models import Membership
from apps.site.loader.files import QUOTE_LIMIT, read_dataset
from apps.site.loader.schema import TABLES

DATASET = read_dataset()
SOURCES = {record.data["key"]: record.data for record in DATASET.records["source"]}
MONTHS_EN = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
# Russian month names as they stand in a date ("15 мая 1992"), and in the nominative ("май 1992").
MONTHS_RU = [
    "январ",
    "феврал",
    "март",
    "апрел",
    "ма[яй]",
    "июн",
    "июл",
    "август",
    "сентябр",
    "октябр",
    "ноябр",
    "декабр",
]
# A source whose page shows no date says so in its note.
UNDATED = re.compile(r"undated|no (?:publication )?date|date (?:is|are) not|not shown|shows no", re.IGNORECASE)


def all_records():
    for table in TABLES:
        yield from DATASET.records[table]


def dated_fields(record):
    for name in TABLES[record.table].dates:
        if record.get(name):
            yield name, parse_partial_date(record.get(name))


def precision(date) -> str:
    return ("year", "month", "day")[date.text.rstrip("?~%").count("-")]


def test_every_record_is_cited_and_every_citation_names_a_known_source():
    for record in all_records():
        if TABLES[record.table].cited:
            assert record.get("cite"), record.where
            for cite in record.get("cite"):
                assert cite["source"] in SOURCES, record.where
                assert len(cite.get("quote", "")) <= QUOTE_LIMIT, record.where


def test_every_source_has_an_address_an_outlet_and_a_quote_and_news_has_its_date():
    quoted = {cite["source"] for record in all_records() for cite in record.get("cite", []) if cite.get("quote")}
    for key, source in SOURCES.items():
        assert source.get("url") or source.get("via"), key
        assert source.get("publisher"), key
        if source["kind"] == "news" and not source.get("via") and not source.get("published"):
            assert UNDATED.search(source.get("note", "")), f"{key}: a news report gives its date, or says it has none"
    unquoted = sorted(key for key in SOURCES if key not in quoted)
    assert unquoted == [], "sources no citation quotes"


def supports(date, quotes: list[str], published: list[str]) -> bool:
    """Whether the day (or month) of `date` is in one of `quotes`, its year in a quote or a publication date."""
    text = " ".join(quotes).lower()
    year = str(date.lower.year)
    has_year = year in text or any(p.startswith(year) for p in published)
    if precision(date) == "year":
        return has_year
    month = date.lower.month
    names = rf"(?:{MONTHS_EN[month - 1]}|{MONTHS_EN[month - 1][:3]}\.?|{MONTHS_RU[month - 1]}\w*)"
    if precision(date) == "month":
        numeric = rf"\b0?{month}[./]{year}\b"
        return has_year and bool(re.search(names, text) or re.search(numeric, text))
    day = date.lower.day
    patterns = [
        rf"\b0?{day}(?:st|nd|rd|th)?\s+{names}",
        rf"{names}\s+0?{day}\b",
        rf"\b0?{day}\.0?{month}\.{year}\b",
        rf"\b{year}-{month:02d}-{day:02d}\b",
    ]
    return has_year and any(re.search(pattern, text) for pattern in patterns)


def reported_that_day(date, published: list[str]) -> bool:
    """A report of "today" or "yesterday": published on the day or the day after."""
    if precision(date) != "day":
        return False
    days = {date.lower, date.lower + dt.timedelta(days=1)}
    return any(p and len(p) == 10 and dt.date.fromisoformat(p) in days for p in published)


@pytest.mark.parametrize("path", sorted({record.file for record in all_records()}))
def test_no_date_is_more_precise_than_its_sources(path):
    unsupported = []
    for record in all_records():
        if record.file != path or not TABLES[record.table].cited:
            continue
        cites = record.get("cite", [])
        quotes = [cite.get("quote", "") for cite in cites]
        published = [SOURCES[cite["source"]].get("published", "") for cite in cites]
        for name, date in dated_fields(record):
            if precision(date) == "year":
                continue
            if not (supports(date, quotes, published) or reported_that_day(date, published)):
                unsupported.append(f"{record.where}: {name} = {record.get(name)}")
    assert unsupported == []


class LoadedDatasetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.errors = io.StringIO()
        call_command("load_csto", stdout=io.StringIO(), stderr=cls.errors)

    def test_every_record_of_the_files_is_written(self):
        self.assertEqual(self.errors.getvalue(), "")
        self.assertEqual(Body.objects.count(), len(DATASET.records["body"]))
        self.assertEqual(Body.objects.find_problems(), ([], [], [], [], []))

    def test_no_two_holders_of_one_seat_at_once(self):
        # Half-open spans, as the model and PostgreSQL's constraint read them: a handover day is no overlap.
        holdings = Membership.objects.filter(post__single_seat=True, person__isnull=False).select_related("post")
        self.assertGreater(holdings.count(), 10)
        clashes = [(str(h), str(h.overlapping_holder())) for h in holdings if h.overlapping_holder()]
        self.assertEqual(clashes, [])

    def test_memberships_lie_within_their_bodies_lifetimes(self):
        early = Membership.objects.exclude(start="").exclude(body__founded="")
        self.assertEqual(list(early.filter(start_upper__lt=F("body__founded_lower"))), [])
        late = Membership.objects.exclude(body__dissolved="").exclude(end="")
        self.assertEqual(list(late.filter(end_lower__gt=F("body__dissolved_upper"))), [])

    def test_the_states_page_lists_the_members_on_each_date_and_former_ones_apart(self):
        founders = ["Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan"]
        expected = {
            "1995": ([*founders, "Azerbaijan", "Georgia", "Uzbekistan"], []),
            "2000": (founders, ["Azerbaijan", "Georgia", "Uzbekistan"]),
            "2010": ([*founders, "Uzbekistan"], ["Azerbaijan", "Georgia"]),
            "2015": (founders, ["Azerbaijan", "Georgia", "Uzbekistan"]),
            "2022": (founders, ["Azerbaijan", "Georgia", "Uzbekistan"]),
        }
        for year, (members, former) in expected.items():
            response = self.client.get("/states/", {"as_of": year})
            context = response.context
            self.assertEqual(sorted(s.name for s in context["members"]), sorted(members), year)
            self.assertEqual(sorted(s.name for s in context["former"]), sorted(former), year)
            self.assertContains(response, '<span class="badge">former member</span>', count=len(former))

    def test_a_suspension_is_shown_in_the_sources_words(self):
        response = self.client.get("/states/", {"as_of": "2015"})
        self.assertContains(response, "16 August 2006 – 19 December 2012 (restored its membership; suspended)")
