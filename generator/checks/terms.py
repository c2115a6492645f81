"""Terms together: references, the ``broader`` and funnel graphs, formulas and statuses."""

from __future__ import annotations

import ast

from generator.checks.records import Index, Item, describe_path
from generator.checks.references import check_reference, ref, source_refs, term_ref
from generator.core.problems import ProblemList

MAX_FORMULA_LENGTH = 200


def check_term_references(index: Index, problems: ProblemList) -> None:
    """Every id a term mentions must name an existing record."""
    terms, categories, sources = index.terms, index.categories, index.sources
    for term_id, item in terms.items():
        facts = item.facts
        if facts is not None and facts.references is not None:  # worked out in the parse
            others, existing, category, cited = facts.references
            if (
                term_id not in others
                and all(map(terms.__contains__, others))
                and all(map(terms.__contains__, existing))
                and (category is None or category in categories)
                and all(map(sources.__contains__, cited))
            ):
                continue  # every target exists: nothing below would report it
        for field_name in ("related", "contrasts_with"):
            for number, target in item.entries(field_name):
                if isinstance(target, str) and target in terms and target != term_id:
                    continue  # the usual case: an existing term (what term_ref would find)
                if target == term_id:
                    problems.add(
                        item.doc.path,
                        item.at(field_name, number),
                        "self-reference",
                        f"{describe_path((field_name, number))} refers to the term itself",
                    )
                else:
                    term_ref(item, (field_name, number), index, problems)
        for field_name in ("broader", "stage_after", "superseded_by"):
            target = item.get(field_name)
            if target is None:
                continue
            if target == term_id:
                problems.add(
                    item.doc.path,
                    item.at(field_name),
                    "self-reference",
                    f"'{field_name}' refers to the term itself",
                )
            else:
                check_reference(
                    item, (field_name,), target, index.terms, "term", index, problems, names=index.term_names
                )
        if item.invalid:
            ref(item, ("category",), index.categories, "category", index, problems)
            source_refs(item, "sources", index, problems)
        else:  # the usual case: an existing category and existing sources need no call (what ref() finds)
            data = item.data
            category = data.get("category")
            if category is not None and category not in index.categories:
                ref(item, ("category",), index.categories, "category", index, problems)
            for number, entry in enumerate(data.get("sources") or ()):
                source = entry.get("source") if isinstance(entry, dict) else None
                if source is not None and source not in index.sources:
                    ref(item, ("sources", number, "source"), index.sources, "source", index, problems)
        for e_number, _ in item.entries("examples"):
            for m_number, metric in item.entries("examples", e_number, "metrics"):
                if not (isinstance(metric, dict) and isinstance(term := metric.get("term"), str) and term in terms):
                    term_ref(item, ("examples", e_number, "metrics", m_number, "term"), index, problems)
        if "formula" in item.data and isinstance(inputs := item.get("formula", "inputs"), dict):
            for name in inputs:
                term_ref(item, ("formula", "inputs", name), index, problems)


# --- graphs -------------------------------------------------------------------------


def _find_cycles(edges: dict[str, str]) -> list[list[str]]:
    """Cycles in a graph where each node has at most one outgoing edge, each listed once."""
    cycles, done = [], set()
    for start in sorted(edges):
        trail, node = [], start
        seen_here: dict[str, int] = {}
        while node in edges and node not in done and node not in seen_here:
            seen_here[node] = len(trail)
            trail.append(node)
            node = edges[node]
        if node in seen_here:
            cycles.append(trail[seen_here[node] :])
        done.update(trail)
    return cycles


def term_edges(index: Index, field_name: str) -> dict[str, str]:
    """term id -> id of the term named in ``field_name``, where that term exists."""
    edges = {
        t: i.get(field_name) if i.invalid else i.data[field_name]  # get(), without the call where nothing is refused
        for t, i in index.terms.items()
        if field_name in i.data
    }
    return {t: target for t, target in edges.items() if isinstance(target, str) and target in index.terms}


def report_cycles(
    index: Index,
    field_name: str,
    code: str,
    what: str,
    hint: str,
    problems: ProblemList,
    edges: dict[str, str] | None = None,
) -> bool:
    """Report each cycle in a term-to-term field once, at its alphabetically first term
    (``edges``: :func:`term_edges` of the field, if the caller has them)."""
    cycles = _find_cycles(term_edges(index, field_name) if edges is None else edges)
    for cycle in cycles:
        first = min(cycle)
        item = index.terms[first]
        loop = " -> ".join(_rotate(cycle, first) + [first])
        problems.add(item.doc.path, item.at(field_name), code, f"{what} form a cycle: {loop}", hint)
    return bool(cycles)


def check_broader_cycles(index: Index, problems: ProblemList) -> None:
    report_cycles(
        index,
        "broader",
        "broader-cycle",
        "'broader' terms",
        "a term cannot be a kind of itself; break the loop",
        problems,
    )


def _rotate(cycle: list[str], first: str) -> list[str]:
    at = cycle.index(first)
    return cycle[at:] + cycle[:at]


def check_funnel(index: Index, problems: ProblemList) -> None:
    """``stage_after`` links must form one chain: no cycle, no fork, a single start."""
    edges = term_edges(index, "stage_after")
    if report_cycles(
        index,
        "stage_after",
        "stage-cycle",
        "funnel stages",
        "each stage must come after an earlier one",
        problems,
        edges,
    ):
        return
    followers: dict[str, list[str]] = {}
    for term_id in sorted(edges):
        followers.setdefault(edges[term_id], []).append(term_id)
    for before, after in sorted(followers.items()):
        for extra in after[1:]:
            item = index.terms[extra]
            problems.add(
                item.doc.path,
                item.at("stage_after"),
                "funnel-fork",
                f"both '{after[0]}' and '{extra}' come right after '{before}'",
                f"the funnel is one chain; make '{extra}' come after '{after[0]}' or remove its stage_after",
            )
    stages = set(edges) | set(edges.values())
    starts = sorted(s for s in stages if s not in edges)
    if len(starts) > 1:
        for extra in starts[1:]:
            item = index.terms[extra]
            problems.add(
                item.doc.path,
                item.at("id"),
                "funnel-split",
                f"the funnel has {len(starts)} separate starts ({', '.join(starts)}); '{extra}' starts a second chain",
                "connect the chains with stage_after so the stages form one funnel",
            )


# --- formulas, statuses ---------------------------------------------------------------

_ALLOWED_FORMULA_NODES = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.Name,
    ast.Constant,
    ast.Load,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.USub,
    ast.UAdd,
)


def formula_names(expression: str) -> set[str] | str:
    """The input names an expression uses, or a message saying why it does not parse."""
    if len(expression) > MAX_FORMULA_LENGTH:
        return f"is longer than {MAX_FORMULA_LENGTH} characters"
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError as error:
        return f"does not parse: {error.msg}"
    names = set()
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_FORMULA_NODES):
            return f"uses '{type(node).__name__}'; only + - * / ( ), numbers and input names are allowed"
        if isinstance(node, ast.Constant) and (
            isinstance(node.value, bool) or not isinstance(node.value, (int, float))
        ):
            return f"has the constant {node.value!r}; only numbers are allowed"
        if isinstance(node, ast.Name):
            names.add(node.id)
    return names


def check_formulas(index: Index, problems: ProblemList) -> None:
    for item in index.terms.values():
        if "formula" not in item.data:
            continue  # most terms: what text() would find is None
        expression = item.text("formula", "expression")
        if expression is None:
            continue
        names = formula_names(expression)
        if isinstance(names, str):
            problems.add(
                item.doc.path,
                item.at("formula", "expression"),
                "formula-syntax",
                f"formula '{expression}' {names}",
                "e.g. 'spend / leads'",
            )
            continue
        inputs = item.get("formula", "inputs")
        if not isinstance(inputs, dict):
            continue  # missing or refused: the schema said so
        for name in sorted(names - set(inputs)):
            problems.add(
                item.doc.path,
                item.at("formula", "expression"),
                "formula-input",
                f"formula uses '{name}', which is not one of its inputs",
                index.suggester.did_you_mean(name, inputs) or f"add '{name}: <term id>' under formula.inputs",
            )
        for name in sorted(set(inputs) - names):
            problems.warn(
                item.doc.path,
                item.key_at("formula", "inputs", name),
                "unused-input",
                f"formula input '{name}' is not used in '{expression}'",
            )
        check_formula_example(item, set(inputs), problems)


def check_formula_example(item: Item, inputs: set[str], problems: ProblemList) -> None:
    """formula.example gives the calculator's starting numbers: one for each input, no others
    (a partial example would start the calculator on a half-filled, meaningless form)."""
    example = item.get("formula", "example")
    if not isinstance(example, dict):
        return  # absent, or refused by the schema
    for name in sorted(set(example) - inputs):
        problems.add(
            item.doc.path,
            item.key_at("formula", "example", name),
            "formula-example",
            f"formula example gives '{name}', which is not one of the formula's inputs",
            f"use the input names: {', '.join(sorted(inputs))}",
        )
    missing = sorted(inputs - set(example))
    if missing:
        problems.add(
            item.doc.path,
            item.at("formula", "example"),
            "formula-example",
            f"formula example lacks {', '.join(repr(n) for n in missing)}",
            "give a number for every input",
        )


def check_statuses(index: Index, problems: ProblemList) -> None:
    for term_id, item in index.terms.items():
        if not item.invalid:  # the usual case: what ok() and get() give when the schema refused nothing
            data = item.data
            status, successor = data.get("status", "approved"), data.get("superseded_by")
            if status != "deprecated" and not successor:
                continue  # nothing below applies
        elif not (item.ok("status") and item.ok("superseded_by")):
            continue  # a refused status or successor: whether they agree is not known
        status = item.get("status", default="approved")
        successor = item.get("superseded_by")
        if status == "deprecated" and not successor:
            problems.add(
                item.doc.path,
                item.at("status"),
                "deprecated-without-successor",
                f"term '{term_id}' is deprecated but does not say what replaces it",
                "add 'superseded_by: <term id>'",
            )
        elif successor and status != "deprecated":
            problems.add(
                item.doc.path,
                item.at("superseded_by"),
                "successor-without-deprecation",
                f"term '{term_id}' has superseded_by but its status is '{status}'",
                "set 'status: deprecated' or remove superseded_by",
            )
        elif successor in index.terms and index.terms[successor].get("status") == "deprecated":
            problems.warn(
                item.doc.path,
                item.at("superseded_by"),
                "deprecated-successor",
                f"'{successor}', which replaces '{term_id}', is itself deprecated",
                "point superseded_by at the current term",
            )
