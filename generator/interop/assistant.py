"""What an AI assistant asks the glossary, answered from the published data: the tools of
``glossary mcp`` (commands/mcp_server.py) without the MCP SDK, so they are tested and timed alone.

:class:`Assistant` reads the documents the site publishes: terms.json's (``export.terms_document``)
and the classifier's (``model/classifier_document.py``, which the site publishes as
``assets/glossary/classifier.json`` and whose ``tactics`` are tactics.json's). From a project they are
made from the model (:meth:`Assistant.from_project`); from a built site they are read back
(:meth:`Assistant.from_site`), so a server needs no YAML, only the site.

- :meth:`~Assistant.define`: a term by id, name, abbreviation, alias, former id, form or plural, any
  case (``Glossary.lookup`` and ``having_form``, as ``glossary link``); an unknown one is a structured
  not-found with the closest names (``text.closest``, as ``glossary link``'s did-you-mean).
- :meth:`~Assistant.search`: the site's ranking (``site_search.py``).
- :meth:`~Assistant.classify`: the classifier's engine (``classifier/classify.py``), the one the
  /classifier/ page and ``glossary classify --format json`` run, with its reasons, disputes and confidence.
- :meth:`~Assistant.list_terms` and :meth:`~Assistant.term_markdown` (the term's Markdown copy).

Every input is bounded (:data:`LIMITS`): a longer one is refused with :class:`AssistantError`.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from generator.core.problems import GlossaryError
from generator.core.text import WIKILINK, name_key, slugify
from generator.interop.site_search import Entry, SiteSearch
from generator.interop.site_search import singular as plural_singular
from generator.model.wikilinks import running_text_name

#: The longest value each argument takes (characters); the most results one call returns.
LIMITS = {"term": 200, "query": 200, "description": 2000, "category": 200}
MAX_RESULTS = 50
MAX_LISTED = 500
#: How many names a not-found suggests, and how many names it compares first (suggestions).
SUGGESTIONS = 3
SHORTLIST = 300
#: Where the site publishes the classifier's document (site/data_files.CLASSIFIER_JSON).
CLASSIFIER_JSON = "assets/glossary/classifier.json"


class AssistantError(GlossaryError, ValueError):
    """An argument the tools refuse (too long, out of range), or data they cannot read."""


def bounded(name: str, value: str) -> str:
    """``value`` if it is within :data:`LIMITS`, else :class:`AssistantError` saying the limit."""
    if not isinstance(value, str):
        raise AssistantError(f"{name} must be text")
    if len(value) > LIMITS[name]:
        raise AssistantError(f"{name} is {len(value):,} characters long; the limit is {LIMITS[name]:,}")
    return value


#: A term's id as the schema allows it, and so the only file name below glossary/ the server reads.
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class Assistant:
    """The tools over one glossary's published documents."""

    def __init__(
        self,
        terms_document: Mapping[str, Any],
        classifier_document: Mapping[str, Any] | None,
        *,
        owners: Mapping[str, str] | None = None,
        markdown: Callable[[str], str | None] | None = None,
    ) -> None:
        """``owners`` maps a team's id to its name (where the project has a registry); ``markdown``
        gives a term's Markdown copy by id (llms.py's), else one is made from the record."""
        self.site_url = terms_document.get("site_url")
        self.records: dict[str, dict[str, Any]] = {r["id"]: r for r in terms_document["terms"]}
        self.classifier = classifier_document
        self.owners = dict(owners or {})
        self._markdown = markdown
        self.names: dict[str, str] = {}  # name_key and slug of every id, name, abbreviation, alias, former id
        self.forms: dict[str, list[str]] = {}  # name_key of a form -> the terms listing it
        for record in self.records.values():
            for name in (
                record["id"],
                record["term"],
                record["abbreviation"],
                *record["aliases"],
                *record["former_ids"],
            ):
                if name:
                    self.names.setdefault(name_key(name), record["id"])
                    self.names.setdefault(slugify(name), record["id"])
            for form in record.get("forms", ()):
                self.forms.setdefault(name_key(form), []).append(record["id"])
        self.slugs = {slugify(n): r["id"] for r in self.records.values() for n in _names(r) if slugify(n)}
        self._slug_list = list(self.slugs)
        self._pairs: dict[str, list[int]] = {}  # a letter pair (with the ends marked) -> the names holding it
        for number, slug in enumerate(self._slug_list):
            for pair in _pairs(slug):
                self._pairs.setdefault(pair, []).append(number)
        tactics = classifier_document["tactics"] if classifier_document else []
        entries = [
            Entry("term", r["id"], r["term"], _names(r), f"{r['summary'] or ''} {r['definition']}", 10.0, r)
            for r in self.records.values()
        ]
        entries += [
            Entry("tactic", t["id"], t["name"], [t["name"], *t["aliases"]], f"{t['summary']} {t['rationale']}", 5.0, t)
            for t in tactics
        ]
        self.index = SiteSearch(entries)

    # --- where the documents come from ------------------------------------------------------------

    @classmethod
    def from_project(cls, root: Path, site_url: str | None = None) -> Assistant:
        """The tools on a project's content (loaded and validated; errors raise ContentError)."""
        from generator.interop.export import absolute, terms_document
        from generator.interop.llms import item_markdown, usable_site_url
        from generator.model.classifier_document import classifier_document
        from generator.model.urls import site_path
        from generator.pipeline import load_project

        glossary = load_project(root).require()
        site_url = usable_site_url(site_url)
        document = classifier_document(glossary, url=lambda item: absolute(site_path(item), site_url))
        owners = {team.id: team.name for team in glossary.teams.values()}

        def markdown(term_id: str) -> str | None:
            term = glossary.terms.get(term_id)
            return item_markdown(term, glossary, site_url) if term is not None else None

        return cls(
            terms_document(glossary, site_url=site_url),
            document if glossary.classifier or glossary.tactics else None,
            owners=owners,
            markdown=markdown,
        )

    @classmethod
    def from_site(cls, site: Path) -> Assistant:
        """The tools on a built site's terms.json and classifier data (no YAML needed)."""
        try:
            terms = json.loads((site / "terms.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise AssistantError(f"{site / 'terms.json'}: cannot be read ({error}); is {site} a built site?") from None
        if terms.get("format") != "gtm-glossary/terms" or not isinstance(terms.get("terms"), list):
            raise AssistantError(f"{site / 'terms.json'} is not a glossary's terms.json")
        # ids name files below glossary/: a site from elsewhere (an untrusted fork's artefact) must not
        # make an id like "../../secret" read outside it (attacker review, issue 31)
        odd = [r.get("id") for r in terms["terms"] if not isinstance(r, dict) or not _SLUG.fullmatch(str(r.get("id")))]
        if odd:
            raise AssistantError(
                f"{site / 'terms.json'}: {len(odd)} term id(s) are not slugs (lowercase letters, digits and '-'), "
                f"e.g. {str(odd[0])[:60]!r}; rebuild the site with `glossary build`"
            )
        folder = (site / "glossary").resolve()
        try:
            classifier = json.loads((site / CLASSIFIER_JSON).read_text(encoding="utf-8"))
        except FileNotFoundError:
            classifier = None  # a glossary without tactics or questions
        except (OSError, ValueError) as error:
            raise AssistantError(f"{site / CLASSIFIER_JSON}: cannot be read ({error})") from None

        def markdown(term_id: str) -> str | None:
            path = site / "glossary" / f"{term_id}.md"
            try:
                if not _SLUG.fullmatch(term_id) or path.is_symlink() or path.resolve().parent != folder:
                    return None
                return path.read_text(encoding="utf-8")
            except OSError:
                return None

        return cls(terms, classifier, markdown=markdown)

    # --- the tools ----------------------------------------------------------------------------------

    def resolve(self, name: str) -> tuple[str | None, str]:
        """(the id of the term ``name`` names, how it was found), or (None, why not).

        As ``glossary link``: an id, name, abbreviation, alias or former id first, then a form
        (``forms:``) if one term lists it, then a plural's singular ("MQLs", "Leads")."""
        name = name.strip()
        found = name if name in self.records else self.names.get(name_key(name)) or self.names.get(slugify(name))
        if found:
            return found, "name"
        by_form = self.forms.get(name_key(name), [])
        if len(by_form) == 1:
            return by_form[0], "form"
        if len(by_form) > 1:
            return None, f"'{name}' is a form of several terms: {', '.join(sorted(by_form))}"
        words = name.split()
        one = plural_singular(words[-1].lower()) if words else None
        if one:
            found = self.names.get(name_key(" ".join([*words[:-1], one])))
            if found:
                return found, "plural"
        return None, ""

    def suggestions(self, name: str) -> list[dict[str, str]]:
        """The closest names to ``name`` (as ``glossary link``'s did-you-mean), each with its term.

        difflib compares the name with every name of the glossary (30,000 at 10,000 terms, a third of
        a second); the names sharing the most letter pairs with it are compared first, and all of them
        only when none of those is close enough."""
        key = slugify(name)
        if not key:
            return []
        shared: Counter[int] = Counter()
        for pair in _pairs(key):
            shared.update(self._pairs.get(pair, ()))
        shortlist = [self._slug_list[number] for number, _ in shared.most_common(SHORTLIST)]
        matches = difflib.get_close_matches(key, shortlist, n=SUGGESTIONS * 3, cutoff=0.6)
        if not matches and len(shortlist) == SHORTLIST:
            matches = difflib.get_close_matches(key, self._slug_list, n=SUGGESTIONS * 3, cutoff=0.6)
        seen: dict[str, dict[str, str]] = {}
        for match in matches:
            term_id = self.slugs[match]
            if term_id not in seen:
                record = self.records[term_id]
                seen[term_id] = {"id": term_id, "term": record["term"], "abbreviation": record["abbreviation"] or ""}
        return list(seen.values())[:SUGGESTIONS]

    def define(self, term: str) -> dict[str, Any]:
        """A term's definition as the team wrote it, or a structured not-found with suggestions."""
        bounded("term", term)
        term_id, how = self.resolve(term)
        if term_id is None:
            # close spellings first; else the terms a search finds ("what counts as an MQL" names one)
            suggestions = self.suggestions(term) or [
                self._brief(hit["id"]) for hit in self.search(term, SUGGESTIONS)["results"] if hit["kind"] == "term"
            ]
            message = how or f"no term is called '{term.strip()}'"
            if suggestions:
                message += "; did you mean " + " or ".join(_display(s) for s in suggestions) + "?"
            return {"found": False, "query": term, "message": message, "did_you_mean": suggestions}
        record = self.records[term_id]
        owner = record["owner"]
        return {
            "found": True,
            "query": term,
            "matched_by": how,
            "id": term_id,
            "term": record["term"],
            "abbreviation": record["abbreviation"],
            "aliases": record["aliases"],
            "status": record["status"],
            "superseded_by": record["superseded_by"],
            "summary": record["summary"],
            "definition": self.plain(record["definition"]),
            "category": record["category_name"],
            "owner": {"id": owner, "name": self.owners.get(owner, owner)} if owner else None,
            "last_reviewed": record["last_reviewed"],
            "related": [self._brief(i) for i in record["related"] if i in self.records],
            "broader": self._brief(record["broader"]) if record["broader"] in self.records else None,
            "sources": [{k: s[k] for k in ("title", "locator", "url", "quote") if s.get(k)} for s in record["sources"]],
            "url": record["url"],
        }

    def search(self, query: str, limit: int = 10) -> dict[str, Any]:
        """Terms and tactics for ``query``, ranked as the site ranks them."""
        bounded("query", query)
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_RESULTS:
            raise AssistantError(f"limit must be a whole number between 1 and {MAX_RESULTS}")
        results = []
        for entry, named, score in self.index.search(query, limit):
            record = entry.record
            hit = {"kind": entry.kind, "id": entry.id, "name": entry.title, "exact_name": named}
            if entry.kind == "term":
                hit |= {"abbreviation": record["abbreviation"], "summary": record["summary"], "url": record["url"]}
            else:
                hit |= {"classification": record["classification"], "summary": record["summary"], "url": record["url"]}
            results.append(hit | {"score": round(score, 2)})
        return {"query": query, "results": results}

    def classify(self, description: str) -> dict[str, Any]:
        """Lead generation, demand generation or both, with reasons, disputes and confidence."""
        from generator.classifier.classify import classify
        from generator.classifier.describe import describe_result
        from generator.classifier.reading import ClassifyError

        bounded("description", description)
        if self.classifier is None:
            return {"classified": False, "message": "this glossary has no tactics or classifier questions"}
        try:
            outcome = classify(self.classifier, description)
        except ClassifyError as error:
            return {"classified": False, "message": str(error)}
        return {"classified": True, "explanation": describe_result(outcome, self.classifier), **outcome}

    def list_terms(self, category: str = "", offset: int = 0) -> dict[str, Any]:
        """The terms of a category (its id or name, any case; empty: every term), in id order,
        :data:`MAX_LISTED` at a time from ``offset``."""
        bounded("category", category)
        if offset < 0:
            raise AssistantError("offset must be 0 or more")
        categories = {r["category"]: r["category_name"] for r in self.records.values() if r["category"]}
        wanted = None
        if category.strip():
            key = name_key(category)
            wanted = next((c for c, n in categories.items() if key in (name_key(c), name_key(n or ""))), None)
            if wanted is None:
                return {
                    "found": False,
                    "message": f"no category is called '{category.strip()}'",
                    "categories": categories,
                }
        terms = [r for r in self.records.values() if wanted is None or r["category"] == wanted]
        listed = [
            {k: r[k] for k in ("id", "term", "abbreviation", "summary", "status", "category")}
            for r in terms[offset : offset + MAX_LISTED]
        ]
        return {"found": True, "category": wanted, "total": len(terms), "offset": offset, "terms": listed}

    def term_markdown(self, name: str) -> str | None:
        """The Markdown copy of the term ``name`` names (its page's, as published beside it), or None."""
        bounded("term", name)
        term_id, _ = self.resolve(name)
        if term_id is None:
            return None
        made = self._markdown(term_id) if self._markdown else None
        if made is not None:
            return made
        from generator.interop.llms import md_block, md_inline

        record = self.records[term_id]
        summary = f"> {md_inline(record['summary'])}\n\n" if record["summary"] else ""
        return f"# {md_inline(record['term'])}\n\n{summary}{md_block(self.plain(record['definition']))}\n"

    # --- helpers ------------------------------------------------------------------------------------

    def plain(self, markdown: str) -> str:
        """A definition with its ``[[links]]`` as the words they show (model/wikilinks.py's rule)."""

        def text(match: Any) -> str:
            target, label, trail = match.group(1).strip(), match.group(2), match.group(3)
            if label is not None:
                return label + trail
            found, _ = self.resolve(target)
            if found is None or name_key(target) != name_key(found):  # a name: as written
                return target + trail
            return running_text_name(self.records[found]["term"]) + trail

        return WIKILINK.sub(text, markdown).strip()

    def _brief(self, term_id: str) -> dict[str, str]:
        record = self.records[term_id]
        return {"id": term_id, "term": record["term"], "abbreviation": record["abbreviation"] or ""}


def _pairs(slug: str) -> set[str]:
    """The letter pairs of ``^slug$``: "mql" -> {"^m", "mq", "ql", "l$"}."""
    marked = f"^{slug}$"
    return {marked[i : i + 2] for i in range(len(marked) - 1)}


def _names(record: Mapping[str, Any]) -> list[str]:
    return [n for n in (record["term"], record["abbreviation"], *record["aliases"]) if n]


def _display(suggestion: Mapping[str, str]) -> str:
    abbreviation = suggestion.get("abbreviation")
    return f"'{suggestion['term']}'" + (f" ({abbreviation})" if abbreviation else "")
