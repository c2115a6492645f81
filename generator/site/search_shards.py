"""The site's search index, split so that a reader's first search fetches only what it needs.

Material's own index (``search/search_index.json``) ships whole before the first result: 2.2 MB
compressed at 10,000 terms. This one is written from the model as static files under
``search/glossary/`` (so plain MkDocs builds the same site from ``build/docs``), and read by our
search worker (``site_config/overrides/assets/javascripts/workers/glossary-search.js``), which answers
Material's search box in place of Material's worker. Term, tactic and playbook pages are therefore
left out of Material's index (``search: exclude: true``, ``own_search`` in the templates).

- ``manifest.json``: the shards there are, the words left out, the number of pages and a hash of
  the whole index (added to every shard's URL, so a browser never mixes two builds).
- ``w/<key>.json``, one shard per word prefix (two characters; a shard over :data:`SHARD_LIMIT`
  bytes is split by a longer prefix): each word's postings (page, weight), and the exact names
  (:func:`name_key`: a term's name, abbreviation, aliases and plurals; a tactic's names; a
  playbook's title) that start with the key, so the page named as typed can come first.
- ``d/<n>.json``: what a result shows (address, title, summary, names) for :data:`CHUNK` pages in
  a row; pages are numbered by title, so the results of one query often share a file.

A word is a run of letters and digits, lowercased, apostrophes dropped, the short words of
:data:`STOP_WORDS` left out: the worker splits queries the same way (``words`` there; tests hold
the two to the same answers).
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.core.text import WIKILINK
from generator.interop.reading_text import as_read
from generator.model.glossary import Glossary, Playbook, Tactic, Term
from generator.model.urls import markdown_path_to_url, site_path
from generator.model.wikilinks import link_text
from generator.site.page import Page

FOLDER = "search/glossary"
MANIFEST = f"{FOLDER}/manifest.json"
#: Short words that are never searched: "cost per lead" searches "cost" and "lead".
STOP_WORDS = ("a", "an", "the", "of", "per", "to", "and", "or", "in", "on", "for", "by", "at", "vs")
#: Pages per display file (``d/<n>.json``).
CHUNK = 8
#: A word shard larger than this (bytes of JSON) is split by a prefix one character longer.
SHARD_LIMIT = 48_000
#: How much a page kind counts: a term defines the thing; a tactic, a playbook and other pages
#: come after it for the same words (what Material's ``search: boost`` did).
KIND_WEIGHT = {"term": 1.0, "tactic": 0.9, "playbook": 0.6, "page": 0.6}
#: A word in a page's names counts this much more than once in its text.
NAME_WEIGHT = 8.0
#: BM25's term-frequency saturation and length normalisation, for words in the text.
K1, B = 1.2, 0.75
#: The longest summary shown under a result (characters).
TEXT_LIMIT = 240

_WORD = re.compile(r"[^\W_]+")
_APOSTROPHES = re.compile(r"['\u2019]")
_STOP = frozenset(STOP_WORDS)
_SAFE_KEY = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """The words of ``text`` as the index holds them (and the worker splits queries): NFC, lower
    case, apostrophes dropped ("buyer's" -> "buyers"), runs of letters and digits, short words out."""
    text = _APOSTROPHES.sub("", unicodedata.normalize("NFC", text).lower())
    return [word for word in _WORD.findall(text) if word not in _STOP]


def singular(word: str) -> str | None:
    """The singular of an English plural word, or None: "mqls" -> "mql", "opportunities" ->
    "opportunity"; not words that merely end in s (ss, us, is). The worker's ``singular`` twin."""
    if len(word) < 4 or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return None
    if word.endswith("ies") and word[-4] not in "aeiou":
        return word[:-3] + "y"
    return word[:-1]


@functools.lru_cache(maxsize=1 << 16)  # a name is read several times per build (names, tags, weights)
def _name_words(name: str) -> tuple[str, ...]:
    return tuple(words(name))


@functools.lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """A name as a query is compared with it: its words, each in the singular ("Cost per lead" and
    "costs per leads" -> "cost lead")."""
    return " ".join(singular(word) or word for word in _name_words(name))


@dataclass(frozen=True)
class Document:
    """One page as search finds and shows it."""

    location: str  # the page's URL from the site root, "glossary/lead/"
    title: str
    text: str  # shown under the title
    names: tuple[str, ...]  # what the page is called: found first when typed exactly
    body: str  # the rest of what is searched
    kind: str  # a key of KIND_WEIGHT

    @property
    def tags(self) -> list[str]:
        """The names shown as chips under a result: each once, whatever its case."""
        seen: dict[str, str] = {}
        for name in self.names:
            seen.setdefault(name_key(name), name)
        return list(seen.values())


def documents(glossary: Glossary, pages: Iterable[Page] = ()) -> list[Document]:
    """Every page search finds: terms, tactics, playbooks and ``pages`` (Markdown pages whose front
    matter gives a title and description: the classifier), numbered by title."""

    def shown(markdown: str | None) -> str:  # as a reader sees it: under a result
        if not markdown:
            return ""
        if _PLAIN.fullmatch(markdown) and not _LINE_START.match(markdown):
            return markdown  # no Markdown in it (most summaries): nothing to read
        return as_read(markdown, glossary.lookup)

    def read(markdown: str | None) -> str:  # its words, fast: Markdown's markers are not words anyway
        if not markdown:
            return ""
        text = markdown
        if "[[" in text:
            text = WIKILINK.sub(lambda match: link_text(glossary.lookup(match.group(1).strip()), match), text)
        return _LINK_TARGET.sub("]", text) if "](" in text else text

    found = [_term(term, read, shown) for term in glossary.terms.values()]
    found += [_tactic(tactic, read, shown) for tactic in glossary.tactics.values()]
    found += [_playbook(playbook, read, shown) for playbook in glossary.playbooks.values()]
    found += [document for page in pages if (document := _page(page)) is not None]
    return sorted(found, key=lambda d: (d.title.casefold(), list(KIND_WEIGHT).index(d.kind), d.location))


#: Text without a character Markdown or a [[link]] could use, on one line...
_PLAIN = re.compile(r"[^\[\]*_`\\<>#~&\n]*")
#: ...that does not start like a list item, a quote or a heading.
_LINE_START = re.compile(r"\s*(?:[-+>]|\d{1,9}[.)])(?:\s|$)")
#: A Markdown link's target, "(url "title")" after "]": not words of the page.
_LINK_TARGET = re.compile(r"\]\([^()\s]*(?:\s+\"[^\"]*\")?\)")
Reader = Callable[[str | None], str]


def _term(term: Term, read: Reader, shown: Reader) -> Document:
    title = f"{term.term} ({term.abbreviation})" if term.abbreviation else term.term
    parts = [read(term.definition), term.pronunciation or "", term.category.name if term.category else ""]
    parts += [term.id, *term.former_ids]  # its address, and the ones it had
    parts += [f"{example.title}. {read(example.text)}" for example in term.examples]
    parts += [f"{faq.question} {read(faq.answer)}" for faq in term.faq]
    parts += [read(perspective.definition) for perspective in term.perspectives]
    summary = shown(term.summary) or _cut(shown(term.definition))
    return Document(site_path(term), title, _cut(summary), (*term.names, *term.forms), "\n".join(parts), "term")


def _tactic(tactic: Tactic, read: Reader, shown: Reader) -> Document:
    parts = [read(tactic.rationale), " ".join(tactic.words)]
    parts += [read(dispute.note) for dispute in tactic.disputes]
    if tactic.overrides is not None:
        parts.append(read(tactic.overrides.reason))
    summary = shown(tactic.summary) or _cut(shown(tactic.rationale))
    names = (tactic.name, *tactic.aliases)
    return Document(site_path(tactic), f"{tactic.name} (tactic)", _cut(summary), names, "\n".join(parts), "tactic")


def _playbook(playbook: Playbook, read: Reader, shown: Reader) -> Document:
    parts = [read(playbook.goal), playbook.audience or "", playbook.category.name if playbook.category else ""]
    parts += [f"{step.title}. {read(step.text)}" for step in playbook.steps]
    summary = shown(playbook.summary) or _cut(shown(playbook.goal))
    return Document(site_path(playbook), playbook.title, _cut(summary), (playbook.title,), "\n".join(parts), "playbook")


_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def _page(page: Page) -> Document | None:
    """A generated Markdown page as a search result, from its front matter's title and description."""
    import yaml

    match = _FRONT_MATTER.match(page.content)
    meta = yaml.safe_load(match.group(1)) if match else None
    if not isinstance(meta, dict) or not isinstance(meta.get("title"), str):
        return None
    description = meta.get("description") if isinstance(meta.get("description"), str) else ""
    location = markdown_path_to_url(page.path)
    return Document(location, meta["title"], _cut(description), (meta["title"],), description, "page")


def _cut(text: str) -> str:
    """``text`` on one line, at most :data:`TEXT_LIMIT` characters, cut at a word."""
    text = " ".join(text.split())
    if len(text) <= TEXT_LIMIT:
        return text
    return text[:TEXT_LIMIT].rsplit(" ", 1)[0] + " …"


# --- the index ------------------------------------------------------------------------------


@dataclass
class _Shard:
    postings: dict[str, list[tuple[int, int]]]
    names: dict[str, list[int]]


def search_pages(glossary: Glossary, pages: Iterable[Page] = ()) -> list[Page]:
    """The files of the index (module docstring) for ``glossary`` and the extra ``pages``."""
    docs = documents(glossary, pages)
    postings = _postings(docs)
    named: dict[str, list[int]] = defaultdict(list)
    for number, doc in enumerate(docs):
        for key in dict.fromkeys(name_key(name) for name in doc.names):
            if key:
                named[key].append(number)
    shards = _shards(postings, named)
    files = {f"{FOLDER}/w/{file_key(key)}.json": _dump(_shard_document(shard)) for key, shard in shards.items()}
    for start in range(0, len(docs), CHUNK):
        rows = [[d.location, d.title, d.text, d.tags] for d in docs[start : start + CHUNK]]
        files[f"{FOLDER}/d/{start // CHUNK}.json"] = _dump(rows)
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + files[path].encode() + b"\0")
    manifest = {
        "version": 1,
        "hash": digest.hexdigest()[:12],
        "docs": len(docs),
        "chunk": CHUNK,
        "stop": list(STOP_WORDS),
        "shards": sorted(shards),
    }
    return [Page(MANIFEST, _dump(manifest))] + [Page(path, content) for path, content in sorted(files.items())]


def _postings(docs: list[Document]) -> dict[str, list[tuple[int, int]]]:
    """word -> [(page number, weight)], in page order; the weight (an integer, 1 and up) counts a
    word in the page's names :data:`NAME_WEIGHT` times, in its text by BM25's saturation."""
    texts = [Counter(words(f"{doc.title}\n{doc.text}\n{doc.body}")) for doc in docs]
    lengths = [sum(counts.values()) for counts in texts]
    average = (sum(lengths) / len(lengths)) if lengths else 1.0
    found: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for number, (doc, counts, length) in enumerate(zip(docs, texts, lengths, strict=True)):
        in_names = {word for name in doc.names for word in _name_words(name)}
        norm = K1 * (1 - B + B * length / (average or 1.0))
        scale = 10 * KIND_WEIGHT[doc.kind]
        for word, tf in counts.items():
            score = (NAME_WEIGHT if word in in_names else 0.0) + tf * (K1 + 1) / (tf + norm)
            found[word].append((number, round(scale * score) or 1))
        for word in in_names.difference(counts):
            found[word].append((number, round(scale * NAME_WEIGHT) or 1))
    return found


def shard_key(word: str, keys: Iterable[str]) -> str | None:
    """The longest of ``keys`` that ``word`` starts with (the shard holding it), or None."""
    return max((key for key in keys if word.startswith(key)), key=len, default=None)


def _shards(postings: dict[str, list[tuple[int, int]]], named: dict[str, list[int]]) -> dict[str, _Shard]:
    """Words and name keys grouped by their first two characters (one for a one-letter word); a
    group over :data:`SHARD_LIMIT` bytes splits by one more character, except the entries as long as
    its key. An entry is found in the shard whose key is the longest that it starts with."""

    entries = sorted(set(postings) | set(named))
    # about each entry's bytes in the shard's JSON
    cost = {
        entry: len(entry) + 4 + 6 * len(postings.get(entry, ())) + 5 * len(named.get(entry, ())) for entry in entries
    }
    groups: dict[str, list[str]] = defaultdict(list)
    for entry in entries:
        groups[entry[:2]].append(entry)
    done: dict[str, list[str]] = {}
    while groups:
        key, members = groups.popitem()
        longer = [entry for entry in members if len(entry) > len(key)]
        if not longer or sum(cost[entry] for entry in members) <= SHARD_LIMIT:
            done[key] = members
            continue
        done[key] = [entry for entry in members if len(entry) <= len(key)]
        for entry in longer:
            groups[entry[: len(key) + 1]].append(entry)
    shards = {}
    for key, members in sorted(done.items()):
        shard = _Shard({m: postings[m] for m in members if m in postings}, {m: named[m] for m in members if m in named})
        if shard.postings or shard.names:
            shards[key] = shard
    return shards


def _shard_document(shard: _Shard) -> dict:
    """A shard as JSON: each word's postings as [gap, weight, gap, weight, ...] (page numbers as the
    difference from the previous one: small numbers compress well), names as their page numbers."""
    document: dict = {"w": {}, "n": {}}
    for word in sorted(shard.postings):
        flat, last = [], 0
        for number, weight in shard.postings[word]:
            flat += [number - last, weight]
            last = number
        document["w"][word] = flat
    for key in sorted(shard.names):
        document["n"][key] = shard.names[key]
    return document


def file_key(key: str) -> str:
    """A shard key as a file name: itself if plain ASCII letters and digits, else ``_`` + its UTF-8
    in hex (the worker's ``fileKey`` twin). ``_`` is never a plain key's first character, so two keys
    never share a file (with ``x``, the key "x72c3a9" and the key "ré" did: attacker review, issue 32)."""
    return key if _SAFE_KEY.fullmatch(key) else "_" + key.encode("utf-8").hex()


def _dump(document: object) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def searches_own_index(project: Path) -> bool:
    """Whether ``project``'s theme overrides point Material's search at this index (its ``main.html``
    names the manifest, as the packaged one does): a project without overrides, or whose overrides
    predate this index, keeps its pages in Material's index, which its worker searches."""
    from generator.core.config import ProjectConfig, ProjectConfigError

    try:
        custom = ProjectConfig.read(project).theme.get("custom_dir")
        if not isinstance(custom, str):
            return False
        return MANIFEST in (project / custom / "main.html").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, ProjectConfigError):
        return False


# --- reading it back -------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexedPage:
    """A page as a built site's index holds it (:func:`read_index`): what a result shows, the words
    it is found by and the name keys it comes first for."""

    location: str
    title: str
    text: str
    tags: tuple[str, ...]
    words: frozenset[str]
    names: frozenset[str]


def read_index(site: Path) -> list[IndexedPage]:
    """The index of the built site in ``site``, page by page (what the worker reads, for tests and
    checks); raises OSError or ValueError if it is missing or malformed."""
    folder = site / FOLDER
    manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    rows: list[list] = []
    for number in range(math.ceil(manifest["docs"] / manifest["chunk"])):
        rows += json.loads((folder / "d" / f"{number}.json").read_text(encoding="utf-8"))
    found: dict[int, set[str]] = defaultdict(set)
    named: dict[int, set[str]] = defaultdict(set)
    for key in manifest["shards"]:
        shard = json.loads((folder / "w" / f"{file_key(key)}.json").read_text(encoding="utf-8"))
        for word, flat in shard["w"].items():
            page = 0
            for gap in flat[::2]:
                page += gap
                found[page].add(word)
        for name, pages in shard["n"].items():
            for page in pages:
                named[page].add(name)
    return [
        IndexedPage(row[0], row[1], row[2], tuple(row[3]), frozenset(found[n]), frozenset(named[n]))
        for n, row in enumerate(rows)
    ]
