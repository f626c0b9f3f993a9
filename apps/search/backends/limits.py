"""The PostgreSQL backend's bounds: how many candidates a page ranks, how far counts are exact, how many
rows are taken whole. Read as `limits.NAME` at call time, so that a test can set one (monkeypatch).
"""

# Candidates a page is ranked from, taken in the RUM index's own order (its score weighs A to D
# 1, 0.4, 0.2, 0.1, close to ts_rank's weights here); a page further down takes as many more.
CANDIDATES = 200
# Counts per kind are exact up to here; beyond, the planner's estimate ("about 12,000").
COUNT_BOUND = 1000
# A kind the planner estimates at more than this many times COUNT_BOUND is not counted: even a bounded count
# reads COUNT_BOUND rows on the heap and the whole kind's share of the index, and the page would say "about"
# anyway. Words' estimates are within a factor of about 2.5 on our data (docs/search.md); a "phrase" is
# estimated as if its words were only ANDed (70 times too many for "joint staff"), so it is always counted.
# 3, not 4, since a word spelt two ways is one lexeme (migration 0015): "air defence" at 1,000,000 rows is
# estimated at 3,600 a kind (6,000 to 10,000 in fact), where the OR of its spellings was estimated past 4,000,
# and each bounded count read 6,000 to 10,000 entries of its kind's index (65 -> 30-37 ms).
ESTIMATE_TRUSTED = 3
# Similar names (pg_trgm) scanned once for the counts of every kind; past this many, see _bounded_counts.
CLOSE_NAMES = 5000
# Kinds needing their similar names counted, at most, that are scanned one by one (_bounded_counts).
FEW_KINDS = 2
# Rows, at most, that a page takes whole as its candidates when their order is not known: those naming every
# word of the query, or every match of a phrase found by its word pairs.
WHOLE_CAP = 500
# Rows, at most, holding every word in their names or summaries, and holding two side by side, that are scored
# to choose a page's candidates among them (_candidates): only those scoring LEAD_SCORE or more are ranked again.
LEAD_CAP = 1000
# The score at least a page's worth of the rows holding every word in their names or summaries must reach for
# them to serve as a page's candidates (_candidates): above what one pair of the words in running text scores
# (ts_rank: at most sqrt(1 x 0.2) = 0.45, a name beside a word of the text) and what a misspelt name can (0.5 x
# its similarity, under 1). ts_rank adds up every close pair, so a text naming the words together two or three
# times passes it: those naming them side by side are found by the word pairs' index; the others, with a word
# between, are the bet this source makes (docs/search.md, "Results, seventh step"). At 1,000,000 rows 37 of the
# 395 rows holding "border security" there score 0.5 or more, 7 score 0.76.
LEAD_SCORE = 0.5
# Matches (the planner's estimate, of the kind searched) past which words ANDed that all have champion lists take a
# page's candidates from those lists, with the rows holding them in names and summaries or side by side, when they
# hold a page (_candidates); under it the RUM scan runs. As COUNT_BOUND: past it a page can no longer count its
# matches exactly, nor rank them all. The RUM scan scores every match: for three words 56 to 108 ms at 1,000,000 rows
# with 1,300 to 5,600 matches ("Results, ninth step"). It is bounded by this, or, for a word without a list, by the
# rows holding that word: fewer than SEARCH_CHAMPION_MIN_DF (20,000).
SCAN_CAP = 1000
# Rows, at most, that a page cut short by the time budget reads from the list of each word of its query
# (PostgresBackend._bounded_page): at 1,000,000 rows, 220 a word took that page 12 to 42 ms with 3 to 20 of the full
# ranking's 20 rows, 1,000 a word 31 to 58 ms with 10 to 20 (docs/search.md, "Results, tenth step").
FALLBACK_LIST_ROWS = 500
# And in all, whatever the number of words: 1,500 rows, 25 ms of that page at 1,000,000 rows ("border OR
# peacekeeping OR defence"), within its share of the budget.
FALLBACK_LISTS_ROWS = 1500
