"""Query budgets of the body page, which several apps add sections to; one place to keep them.

Measured with Django's content-type cache warm (a first request has one more query, once).
"""

# "What links here" on every record page: the record's aliases, then one query per kind of record with text
# (bodies, people, documents, meetings, clauses, agenda items)
WHAT_LINKS_HERE = 7
# "Last edited ... by ..." on every record page: the record's newest revision with its user.
LAST_EDITED = 1
# The sources that a page's texts cite inline ([^key]), all in one query; none when no text cites inline.
INLINE_CITATIONS = 1
# body, citations, relations out and in, aliases, posts, members without a post,
# family (ancestors and children), legal bases, latest meetings
BODY_PAGE = 10 + WHAT_LINKS_HERE + LAST_EDITED
# each kind of related row adds one prefetch query, however many rows there are
BODY_PAGE_WITH_HOLDINGS = BODY_PAGE + 2  # holdings of the posts, their citations
BODY_PAGE_WITH_LEGAL_BASES = BODY_PAGE + 1  # the decisions approving the documents
# A signed-in user's page: their session, the user, their permissions and their groups' (Edit and Delete links)
SIGNED_IN = 4
# Whether the signed-in user watches the record (the Watch or Unwatch button); nothing for visitors
WATCH_STATE = 1
# The strip of meetings by year on /meetings/: every meeting the filters keep (not only the page's), one query.
MEETING_STRIP = 1
# The organization chart (/bodies/chart/ and chart.svg): the bodies, then the relations between them.
BODY_CHART = 2
