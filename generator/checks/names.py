"""Term names: ids, names, abbreviations, aliases and former ids must not collide, and each is one line."""

from __future__ import annotations

from collections.abc import Iterable

from generator.checks.records import Index, Item
from generator.core.problems import ProblemList
from generator.core.text import collapsed_phrase, mixed_scripts, name_key, slugify

# --- terms: names and references ---------------------------------------------------


_NAME_FIELDS = (("id", "id"), ("term", "name"), ("abbreviation", "abbreviation"))
_NAME_LISTS = (("aliases", "alias"), ("former_ids", "former id"))


def term_names(item: Item) -> list[tuple[tuple, str, str]]:
    """Every name a term is found by that the schema passed: (path in the record, role, name)."""
    if not item.invalid:  # the usual case: read the record directly (10,000 terms, 50,000 names)
        data = item.data
        names = [((field_name,), role, data.get(field_name)) for field_name, role in _NAME_FIELDS]
        for field_name, role in _NAME_LISTS:
            listed = data.get(field_name)
            if isinstance(listed, list):
                names += [((field_name, i), role, name) for i, name in enumerate(listed)]
        return [(path, role, name) for path, role, name in names if isinstance(name, str)]
    names = [((field_name,), role, item.text(field_name)) for field_name, role in _NAME_FIELDS]
    for field_name, role in _NAME_LISTS:
        names += [((field_name, i), role, name) for i, name in item.entries(field_name)]
    return [(path, role, name) for path, role, name in names if isinstance(name, str)]


def term_names_and_slugs(item: Item) -> tuple[tuple[tuple, str, str, str | None], ...]:
    """:func:`term_names` with the slug of each ASCII name (None for another): what
    :func:`check_term_names` reads of a term."""
    return tuple((path, role, name, slugify(name) if name.isascii() else None) for path, role, name in term_names(item))


def name_slug_facts(item: Item) -> tuple[str, ...] | None:
    """The keys a term claims (``prose_facts.ProseFacts.name_slugs``, worked out in the parse): the
    slugs of its names, each once, in order, without empty ones; None when a name is not ASCII or
    has a line break (:func:`check_term_names` then reads the names themselves)."""
    if item.invalid:
        names = [name for _, _, name in term_names(item)]
    else:  # what term_names() gives, in its order, read directly (the parse asks for every term's)
        data = item.data
        names = [data.get("id"), data.get("term"), data.get("abbreviation")]
        for field_name, _ in _NAME_LISTS:
            if isinstance(listed := data.get(field_name), list):
                names += listed
    slugs = []
    for name in names:
        if not isinstance(name, str):
            continue
        if "\n" in name or not name.isascii():
            return None
        if slug := slugify(name):
            slugs.append(slug)
    return tuple(dict.fromkeys(slugs))


def check_term_names(index: Index, problems: ProblemList) -> None:
    """Ids, names, abbreviations, aliases and former ids must not collide across terms.

    They are compared case-insensitively in slug form, because each of them becomes
    a URL (/glossary/mql/) and a search hit; two terms must never claim one.
    """
    if _claim_distinct_names(index):
        return
    claimed: dict[str, tuple[str, Item, tuple, str]] = {}
    terms, term_names = index.terms, index.term_names
    for term_id in sorted(terms):
        item = terms[term_id]
        for path, role, name, slug in term_names_and_slugs(item):
            if slug is not None and "\n" not in name:  # the usual case, as below without the calls
                owner = claimed.get(slug)
                if owner is None:
                    if slug:
                        claimed[slug] = (term_id, item, path, role)
                        term_names[slug] = term_id
                elif owner[0] != term_id:
                    _report_duplicate_name(item, term_id, path, role, name, owner, problems)
                continue
            if not refuse_line_breaks(item, path, role, name, problems):
                continue
            if slug is not None:  # an ASCII name's key is its slug, and no script is mixed
                keys: Iterable[str] = (slug,)
            else:
                _warn_mixed_scripts(item, path, role, name, problems)
                keys = dict.fromkeys((name_key(name), slugify(name)))  # the name, and its page's URL
            for key in keys:
                owner = claimed.get(key)
                if owner is None and key:
                    claimed[key] = (term_id, item, path, role)
                    index.term_names[key] = term_id
                elif owner is not None and owner[0] != term_id:
                    _report_duplicate_name(item, term_id, path, role, name, owner, problems)
                    break


def _claim_distinct_names(index: Index) -> bool:
    """The usual case of :func:`check_term_names`, from the slugs the parse worked out: when every
    term has them and no two terms share one, each term claims its own, in the same order, and
    there is nothing to report. False (and nothing claimed) otherwise: then every name is read."""
    terms = index.terms
    claims = []
    for term_id in sorted(terms):
        facts = terms[term_id].facts
        slugs = facts.name_slugs if facts is not None else None
        if slugs is None:
            return False
        claims.append((term_id, slugs))
    claimed = {slug: term_id for term_id, slugs in claims for slug in slugs}
    if len(claimed) != sum(len(slugs) for _, slugs in claims):  # two terms claim one key
        return False
    index.term_names.update(claimed)
    return True


def _report_duplicate_name(
    item: Item, term_id: str, path: tuple, role: str, name: str, owner: tuple, problems: ProblemList
) -> None:
    other_id, other, other_path, other_role = owner
    other_name = other.data
    for part in other_path:
        other_name = other_name[part]
    looks_like = f" ('{other_name}' looks the same)" if name_key(other_name) == name_key(name) != slugify(name) else ""
    problems.add(
        item.doc.path,
        item.at(*path),
        "duplicate-name",
        f"{role} '{name}' of term '{term_id}' is already the {other_role} of term "
        f"'{other_id}' ({other.doc.path}:{other.at(*other_path)[0]}){looks_like}",
        "each name may lead to only one term; remove it from one of them",
    )


def refuse_line_breaks(item: Item, path: tuple, role: str, name: str, problems: ProblemList) -> bool:
    """A name is one line: it is a heading, a link text, a tooltip, a CSV cell and a log line."""
    if "\n" not in name:
        return True
    problems.add(
        item.doc.path,
        item.at(*path),
        "multi-line-name",
        f"{role} {name.splitlines()[0]!r}... of '{item.data['id']}' has a line break",
        "write the name on one line (a YAML '>' or '|' block keeps its line breaks)",
    )
    return False


def _warn_mixed_scripts(item: Item, path: tuple, role: str, name: str, problems: ProblemList) -> None:
    """A name mixing alphabets is how look-alikes are made ('Leаd' with a Cyrillic 'а')."""
    scripts = mixed_scripts(name)
    if scripts:
        problems.warn(
            item.doc.path,
            item.at(*path),
            "mixed-script",
            f"{role} '{name}' mixes {' and '.join(scripts)} letters",
            f"write it in one alphabet; it reads as '{name_key(name)}'",
        )


def collapsed_phrase_problem(item: Item, path: tuple, phrase: str, problems: ProblemList) -> None:
    """A phrase the classifier would match as one common word ("fill in" as "fil", which finds "file")."""
    stem = collapsed_phrase(phrase)
    if stem is not None:
        problems.add(
            item.doc.path,
            item.at(*path),
            "collapsed-phrase",
            f"'{phrase}' is matched as one word alone (the matcher drops filler words such as 'in', 'on', 'the'),"
            f" so it also finds any word with the stem '{stem}'",
            "write the one word if that is meant, or a phrase with at least two words that are not filler",
        )
