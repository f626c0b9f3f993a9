"""Query budgets of the body page, which several apps add sections to; one place to keep them.

Measured with Django's content-type cache warm (a first request has one more query, once).
"""

# body, citations, relations out and in, aliases, posts, members without a post,
# family (ancestors and children), legal bases, latest meetings
BODY_PAGE = 10
# each kind of related row adds one prefetch query, however many rows there are
BODY_PAGE_WITH_HOLDINGS = BODY_PAGE + 2  # holdings of the posts, their citations
BODY_PAGE_WITH_LEGAL_BASES = BODY_PAGE + 1  # the decisions approving the documents
