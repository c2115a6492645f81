"""What the site's search must list first for a query on the fixture site (tests/fixtures/site): the
expectations the browser test (test_search_ranking.py) holds Material's search to, and the Python
ranking of `glossary mcp` (test_assistant.py) too, so the two cannot drift apart.
"""

from __future__ import annotations

#: (query, the kind and id of the result that must be listed first). A name that is both a term and a tactic expects
#: the term; a tactic expects its own page (or, while tactics are sections, its section).
FIRST = [
    # a term's name, in any case, as typed or as a prefix still being typed
    ("cost per lead", "term", "cost-per-lead"),
    ("Cost per lead", "term", "cost-per-lead"),
    ("cost per", "term", "cost-per-lead"),
    ("demand generation", "term", "demand-generation"),
    ("lead generation", "term", "lead-generation"),
    ("lead scoring", "term", "lead-scoring"),
    ("lead to opportunity conversion", "term", "lead-to-opportunity-conversion"),
    ("lead-to-opportunity conversion", "term", "lead-to-opportunity-conversion"),
    ("marketing qualified lead", "term", "marketing-qualified-lead"),
    ("sales qualified lead", "term", "sales-qualified-lead"),
    ("marketing spend", "term", "marketing-spend"),
    # a name made of a word every page contains, or a word other names contain twice: the page named
    # exactly that comes first (our search worker; Material alone ranked "leader", "leads" or
    # Lead-to-opportunity conversion higher)
    ("lead", "term", "lead"),
    ("Lead", "term", "lead"),
    ("opportunity", "term", "opportunity"),
    ("prospect", "term", "prospect"),
    ("prosp", "term", "prospect"),
    ("old lead score", "term", "old-lead-score"),
    # abbreviations
    ("CPL", "term", "cost-per-lead"),
    ("cpl", "term", "cost-per-lead"),
    ("MQL", "term", "marketing-qualified-lead"),
    ("mql", "term", "marketing-qualified-lead"),
    ("SQL", "term", "sales-qualified-lead"),
    # plurals, of words and of abbreviations
    ("leads", "term", "lead"),
    ("opportunities", "term", "opportunity"),
    ("MQLs", "term", "marketing-qualified-lead"),
    ("CPLs", "term", "cost-per-lead"),
    # aliases
    ("demand gen", "term", "demand-generation"),
    ("lead gen", "term", "lead-generation"),
    ("scoring model", "term", "lead-scoring"),
    ("lead to opportunity rate", "term", "lead-to-opportunity-conversion"),
    ("marketing-ready lead", "term", "marketing-qualified-lead"),
    # tactics, by name and by alias
    ("webinar", "tactic", "webinar"),
    ("webcast", "tactic", "webinar"),
    ("online seminar", "tactic", "webinar"),
    ("trade show", "tactic", "trade-show"),
    ("tradeshow", "tactic", "trade-show"),
    ("conference booth", "tactic", "trade-show"),
    ("gated ebook", "tactic", "gated-ebook"),
    ("gated whitepaper", "tactic", "gated-ebook"),
    ("blog series", "tactic", "blog-series"),
    ("search engine optimization", "tactic", "search-optimization"),
    ("community advertising", "tactic", "community-ads"),
    ("influencer outreach", "tactic", "influencer-outreach"),
    ("drip campaign", "tactic", "lead-nurture"),
    ("nurture emails", "tactic", "lead-nurture"),
]
