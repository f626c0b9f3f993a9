"""Query budgets of the body page, which several apps add sections to; one place to keep them.

Measured with Django's content-type cache warm (a first request has one more query, once). The counts below are
of a page computed from nothing ("cold": the first request after a write, and every test that writes inside its
transaction); the content kept rendered per page-cache generation (apps/core/page_parts.py) makes the next
requests cheaper: see the *_WARM budgets, tested in tests/core/test_page_budgets.py.
"""

# "What links here" on every record page: the record's aliases, then one query per kind of record with text
# (bodies, people, documents, meetings, clauses, agenda items)
WHAT_LINKS_HERE = 7
# "Last edited ... by ..." on every record page: the record's newest revision with its user.
LAST_EDITED = 1
# The sources that a page's texts cite inline ([^key]), all in one query; none when no text cites inline.
INLINE_CITATIONS = 1
# body, relations both ways, aliases (shared with what links here), posts, memberships (holders and members
# without a post), the sources of the body and of its memberships, family (ancestors and children), legal
# bases, latest meetings
BODY_PAGE = 9 + (WHAT_LINKS_HERE - 1) + LAST_EDITED
# each kind of related row adds one prefetch query, however many rows there are
BODY_PAGE_WITH_HOLDINGS = BODY_PAGE  # holdings come with the members, their sources with the body's
BODY_PAGE_WITH_LEGAL_BASES = BODY_PAGE + 1  # the decisions approving the documents
# The meeting page: the meeting (with body and chair), participations, agenda items and their documents, bodies
# and states, the sources of all three kinds of record in one query
MEETING_PAGE = 7 + WHAT_LINKS_HERE + LAST_EDITED
# The page cache's generation, read once per GET that may use it (anonymous readers, and the parts of pages).
GENERATION = 1
# With the page's content kept rendered for the generation ({% page_part %}, apps/core/page_parts.py), as every
# request after the first one that follows a write: the record itself (its title is outside the kept part) and
# the generation. The target is at most 10.
BODY_PAGE_WARM = 1 + GENERATION
MEETING_PAGE_WARM = 1 + GENERATION
RECORD_PAGE_WARM = 1 + GENERATION  # the state, person and document pages alike
# A signed-in user's page: their session, the user, their permissions and their groups' (Edit and Delete links)
SIGNED_IN = 4
# Whether the signed-in user watches the record (the Watch or Unwatch button); nothing for visitors
WATCH_STATE = 1
# The strip of meetings by year on /meetings/: every meeting the filters keep (not only the page's), one query.
MEETING_STRIP = 1
# The organization chart (/bodies/chart/ and chart.svg): the bodies, then the relations between them.
BODY_CHART = 2
