"""Assembling the model: checked records -> the immutable, linked Glossary (``build_model``). Ids
become objects (a term's ``related`` holds terms), back references are gathered once, every mapping
is frozen. It runs only on content with no errors, so it looks nothing up defensively.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from generator.checks.records import Index
from generator.model.glossary import (
    CONFIDENCE_LEVELS,
    Answer,
    Calibration,
    CalibrationLevel,
    Category,
    Cell,
    Citation,
    Classification,
    Classifier,
    Column,
    Dispute,
    Example,
    Faq,
    Footnote,
    Formula,
    FunnelStep,
    Glossary,
    Override,
    Perspective,
    Playbook,
    Question,
    Reading,
    RuleDispute,
    Signals,
    Source,
    Status,
    Step,
    Tactic,
    TacticsIntro,
    TacticTable,
    Team,
    Term,
)


def _frozen(mapping: dict) -> Mapping:
    return MappingProxyType(dict(sorted(mapping.items())))


def build_model(index: Index) -> Glossary:
    """Turn validated records into linked, immutable objects."""
    sources = {i: _source(item.data) for i, item in index.sources.items()}
    categories = {
        i: Category(i, item.data["name"], item.data.get("description"), item.data.get("review_interval_days"))
        for i, item in index.categories.items()
    }

    def cite(refs: list[dict]) -> tuple[Citation, ...]:
        return tuple(Citation(sources[r["source"]], r.get("locator"), r.get("quote")) for r in refs)

    terms = {i: _term(item, categories, cite) for i, item in index.terms.items()}
    _link_terms(terms, index, sources)
    tactics = {i: _tactic(item.data, sources, terms, cite) for i, item in index.tactics.items()}
    tables = {i: _table(item.data, tactics, cite) for i, item in index.tables.items()}
    playbooks = {i: _playbook(item, categories, terms, tactics, cite) for i, item in index.playbooks.items()}
    names = {key: terms[term_id] for key, term_id in index.term_names.items()}
    used_in = _back_references(terms, tactics, tables, playbooks)
    return Glossary(
        _frozen(terms),
        _frozen(sources),
        _frozen(categories),
        _frozen(tactics),
        MappingProxyType(tables),
        _frozen(playbooks),
        MappingProxyType(names),
        MappingProxyType(used_in),
        _classifier(index.classifier.data, sources, terms, cite) if index.classifier else None,
        MappingProxyType(index.citations.by_source() if index.citations is not None else {}),
        teams=_frozen({i: _team(item.data) for i, item in index.teams.items()}),
        tactics_intro=_tactics_intro(index, cite),
        maintainers=tuple(index.owner_registry.get("maintainers", default=[])) if index.owner_registry else (),
    )


def _team(data: dict) -> Team:
    return Team(data["id"], data["name"], tuple(data["handles"]), data.get("contact"), data.get("review_interval_days"))


def _tactics_intro(index: Index, cite: Any) -> TacticsIntro | None:
    if index.tactics_intro is None:
        return None
    data = index.tactics_intro.data
    return TacticsIntro(data["text"], cite(data["sources"]))


def _back_references(terms: dict, tactics: dict, tables: dict, playbooks: dict) -> dict[str, tuple[Any, ...]]:
    """For each term, everything that refers to it, each referrer once, in a stable order."""
    found: dict[str, dict[int, Any]] = {term_id: {} for term_id in terms}

    def note(target: Term | None, referrer: Any) -> None:
        if target is not None and target is not referrer:
            found[target.id].setdefault(id(referrer), referrer)

    for term in terms.values():
        for target in (*term.related, *term.contrasts_with, term.broader, term.stage_after, term.superseded_by):
            note(target, term)
        for _, target in term.formula.inputs if term.formula else ():
            note(target, term)
        for example in term.examples:
            for step in example.metrics:
                note(step.term, term)
        for perspective in term.perspectives:
            note(perspective.maps_to, term)
    for tactic in tactics.values():
        for target in tactic.terms:
            note(target, tactic)
    for table in tables.values():
        for row in table.rows:
            for cell in row:
                for target in cell.tactic.terms:
                    note(target, table)
    for playbook in playbooks.values():
        for target in (*playbook.terms, *(step.term for step in playbook.funnel)):
            note(target, playbook)
    return {term_id: tuple(referrers.values()) for term_id, referrers in found.items()}


def _source(data: dict) -> Source:
    return Source(
        data["id"],
        data["title"],
        data.get("publisher"),
        data.get("author"),
        data.get("file"),
        data.get("url"),
        data.get("summary"),
        data.get("editorial") is True,
        tuple(data.get("names", [])),
    )


def _term(item: Any, categories: dict, cite: Any) -> Term:
    data = item.data
    return Term(
        id=data["id"],
        term=data["term"],
        definition=data["definition"],
        path=item.doc.path,
        abbreviation=data.get("abbreviation"),
        aliases=tuple(data.get("aliases", [])),
        pronunciation=data.get("pronunciation"),
        category=categories.get(data.get("category")),
        summary=data.get("summary"),
        faq=tuple(Faq(f["question"], f["answer"]) for f in data.get("faq", [])),
        sources=cite(data.get("sources", [])),
        status=Status(data.get("status", "approved")),
        former_ids=tuple(data.get("former_ids", [])),
        forms=tuple(data.get("forms", [])),
        owner=data.get("owner"),
        last_reviewed=dt.date.fromisoformat(data["last_reviewed"]) if "last_reviewed" in data else None,
        extensions=MappingProxyType(dict(data.get("extensions", {}))),
    )


def _link_terms(terms: dict[str, Term], index: Index, sources: dict[str, Any]) -> None:
    """Fill every term-to-term link; the only place the model is ever mutated."""

    def link(term: Term, name: str, value: Any) -> None:
        object.__setattr__(term, name, value)

    narrower: dict[str, list[Term]] = {}
    for term_id, term in terms.items():
        data = index.terms[term_id].data
        link(term, "related", tuple(terms[t] for t in data.get("related", [])))
        link(term, "contrasts_with", tuple(terms[t] for t in data.get("contrasts_with", [])))
        for name in ("broader", "stage_after", "superseded_by"):
            if name in data:
                link(term, name, terms[data[name]])
        if "broader" in data:
            narrower.setdefault(data["broader"], []).append(term)
        if "stage_after" in data:
            link(terms[data["stage_after"]], "next_stage", term)
        link(
            term,
            "examples",
            tuple(
                Example(e["title"], e["text"], _funnel(e.get("metrics", []), terms)) for e in data.get("examples", [])
            ),
        )
        if "perspectives" in data:
            link(term, "perspectives", tuple(_perspective(p, sources, terms) for p in data["perspectives"]))
        if "formula" in data:
            formula = data["formula"]
            inputs = tuple((name, terms[t]) for name, t in formula["inputs"].items())
            example = MappingProxyType(dict(formula.get("example", {})))
            link(term, "formula", Formula(formula["expression"], inputs, formula.get("unit", "number"), example))
    for term_id, children in narrower.items():
        link(terms[term_id], "narrower", tuple(sorted(children, key=lambda t: t.id)))


def _perspective(data: dict, sources: dict[str, Any], terms: dict[str, Term]) -> Perspective:
    maps_to = terms[data["maps_to"]] if "maps_to" in data else None
    return Perspective(sources[data["source"]], data["definition"], data.get("locator"), data.get("quote"), maps_to)


def _funnel(steps: list[dict], terms: dict[str, Term]) -> tuple[FunnelStep, ...]:
    return tuple(FunnelStep(s["stage"], s["count"], terms.get(s.get("term"))) for s in steps)


def _tactic(data: dict, sources: dict, terms: dict, cite: Any) -> Tactic:
    return Tactic(
        id=data["id"],
        name=data["name"],
        classification=Classification(data["classification"]),
        rationale=data["rationale"],
        sources=cite(data["sources"]),
        aliases=tuple(data.get("aliases", [])),
        words=tuple(data.get("words", [])),
        summary=data.get("summary"),
        signals=Signals(**data.get("signals", {})),
        disputes=tuple(
            Dispute(
                sources[d["source"]], Classification(d["classification"]), d["note"], d.get("locator"), d.get("quote")
            )
            for d in data.get("disputed", [])
        ),
        terms=tuple(terms[t] for t in data.get("terms", [])),
        overrides=(
            Override(data["overrides"]["reason"], cite(data["overrides"]["sources"])) if "overrides" in data else None
        ),
        classified_by=data.get("classified_by", "sources"),
    )


def _classifier(data: dict, sources: dict, terms: dict, cite: Any) -> Classifier:
    def answer(a: dict) -> Answer:
        leans = None if a["leans"] == "neither" else Classification(a["leans"])
        return Answer(
            value=a["value"],
            label=a["label"],
            leans=leans,
            weight=a.get("weight", 0),
            reason=a["reason"],
            aliases=tuple(a.get("aliases", [])),
            keywords=tuple(a.get("keywords", [])),
            terms=tuple(terms[t] for t in a.get("terms", [])),
            describes=a.get("describes"),
            disputes=rule_disputes(a),
            opposite=a.get("opposite"),
            sources=cite(a.get("sources", [])),
        )

    def rule_disputes(entry: dict) -> tuple[RuleDispute, ...]:
        return tuple(
            RuleDispute(sources[d["source"]], d["note"], d.get("locator"), d.get("quote"))
            for d in entry.get("disputed", [])
        )

    questions = tuple(
        Question(
            signal=q["signal"],
            flag=q.get("flag", q["signal"].replace("_", "-")),
            question=q["question"],
            answers=tuple(answer(a) for a in q["answers"]),
            sources=cite(q["sources"]),
            help=q.get("help"),
            terms=tuple(terms[t] for t in q.get("terms", [])),
            disputes=rule_disputes(q),
            uncontested=q.get("uncontested"),
        )
        for q in data["questions"]
    )
    reading = data.get("reading")
    capture = (reading or {}).get("capture", {})
    return Classifier(
        questions,
        data.get("decision", {}).get("both_within", 1),
        Reading(
            negation=tuple(reading.get("negation", [])),
            called_off=tuple(reading.get("called_off", [])),
            contrast=tuple(reading.get("contrast", [])),
            capture_present=tuple(capture.get("present", [])),
            capture_absent=tuple(capture.get("absent", [])),
            capture_channels=tuple(capture.get("channels", [])),
            capture_asked=tuple(capture.get("asked", [])),
            capture_optional=tuple(capture.get("optional", [])),
            capture_neutral=tuple(capture.get("neutral", [])),
            capture_roles=tuple(capture.get("roles", [])),
            capture_training=tuple(capture.get("training", [])),
            capture_assets=tuple(capture.get("assets", [])),
            capture_open_activities=tuple(capture.get("open_activities", [])),
            off_topic=tuple(reading.get("off_topic", [])),
            capture_sources=cite(capture.get("sources", [])),
            words=tuple((name, tuple(words)) for name, words in (reading.get("words") or {}).items()),
        )
        if reading
        else None,
        _calibration(data["calibration"]) if "calibration" in data else None,
    )


def _calibration(data: dict) -> Calibration:
    levels = sorted(data["levels"], key=lambda row: CONFIDENCE_LEVELS.index(row["level"]))
    return Calibration(
        set=data["set"],
        items=data["items"],
        measured=str(data["measured"]),
        right=data["right"],
        confidently_wrong=data["confidently_wrong"],
        levels=tuple(CalibrationLevel(row["level"], row["answers"], row["right"]) for row in levels),
    )


def _table(data: dict, tactics: dict, cite: Any) -> TacticTable:
    footnotes = {f["id"]: Footnote(f["id"], f["marker"], f["text"]) for f in data.get("footnotes", [])}
    rows = tuple(
        tuple(Cell(tactics[c["tactic"]], footnotes.get(c.get("footnote"))) for c in row) for row in data["rows"]
    )
    columns = tuple(Column(c["heading"], Classification(c["classification"])) for c in data["columns"])
    source = cite([data["source"]])[0] if "source" in data else None
    return TacticTable(data["id"], data["title"], columns, rows, tuple(footnotes.values()), data.get("caption"), source)


def _playbook(item: Any, categories: dict, terms: dict, tactics: dict, cite: Any) -> Playbook:
    data = item.data
    return Playbook(
        id=data["id"],
        title=data["title"],
        goal=data["goal"],
        steps=tuple(Step(s["title"], s["text"]) for s in data["steps"]),
        sources=cite(data["sources"]),
        path=item.doc.path,
        summary=data.get("summary"),
        category=categories.get(data.get("category")),
        audience=data.get("audience"),
        funnel=_funnel(data.get("funnel", []), terms),
        terms=tuple(terms[t] for t in data.get("terms", [])),
        tactics=tuple(tactics[t] for t in data.get("tactics", [])),
        owner=data.get("owner"),
    )
