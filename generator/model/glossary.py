"""Stage 3: the immutable, fully resolved model that rendering reads.

Built only from content that passed validation, so every reference resolves: a
term's ``related`` holds :class:`Term` objects, not ids. Terms refer to each other
in cycles (related, narrower/broader), which frozen dataclasses cannot express in a
constructor call; :func:`generator.model.assemble.build_model` creates every object first and then links
them once, in one place, before anyone else can see them. After that nothing in
the model changes.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from generator.checks.quotes import QuoteCheck
from generator.core.text import name_key


class Status(str, enum.Enum):
    DRAFT = "draft"
    APPROVED = "approved"
    DEPRECATED = "deprecated"


class Classification(str, enum.Enum):
    LEAD_GENERATION = "lead_generation"
    DEMAND_GENERATION = "demand_generation"
    BOTH = "both"

    @property
    def label(self) -> str:
        return {"lead_generation": "Lead generation", "demand_generation": "Demand generation", "both": "Both"}[
            self.value
        ]

    @property
    def words(self) -> str:
        """The label in words where "Both" alone says too little (a tactic's page): "Both lead and
        demand generation"; the other labels as they are."""
        return "Both lead and demand generation" if self is Classification.BOTH else self.label


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str | None = None
    author: str | None = None
    file: str | None = None
    url: str | None = None
    summary: str | None = None
    #: The team's own decisions rather than a document: citing it marks a statement as editorial.
    editorial: bool = False
    #: Other names texts use for it (a short title, the publisher): never auto-linked (site/autolink.Autolinker).
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Citation:
    source: Source
    locator: str | None = None
    quote: str | None = None


@dataclass(frozen=True, eq=False)
class Perspective:
    """How one source defines a term (the term's ``perspectives``), shown beside our definition."""

    source: Source
    definition: str  # Markdown, in the team's words
    locator: str | None = None
    quote: str | None = None
    #: Our term that the source's use of the word corresponds to, when not the term itself.
    maps_to: Term | None = None


@dataclass(frozen=True)
class TacticsIntro:
    """What the sources say about tactics as a whole: the tactics index's opening text."""

    text: str  # Markdown
    sources: tuple[Citation, ...]


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    description: str | None = None
    #: Days between reviews of this category's terms; before the owning team's interval (model/reviews.py).
    review_interval_days: int | None = None


@dataclass(frozen=True)
class Team:
    """A team of glossary/_owners.yaml: who owns definitions and approves changes to them."""

    id: str
    name: str
    handles: tuple[str, ...]
    contact: str | None = None
    review_interval_days: int | None = None

    @property
    def contact_href(self) -> str | None:
        """Where a link to the team's contact leads: the https address, or mailto: for an email."""
        if not self.contact:
            return None
        if self.contact.startswith(("https://", "mailto:")):
            return self.contact
        return f"mailto:{self.contact}"


@dataclass(frozen=True, eq=False)
class FunnelStep:
    stage: str
    count: float
    term: Term | None = None


@dataclass(frozen=True, eq=False)
class Example:
    title: str
    text: str
    metrics: tuple[FunnelStep, ...] = ()


@dataclass(frozen=True)
class Faq:
    question: str
    answer: str


@dataclass(frozen=True, eq=False)
class Formula:
    expression: str
    inputs: tuple[tuple[str, Term], ...]
    unit: str = "number"
    #: Input name -> the number the calculator starts with (formula.example), or empty.
    example: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, eq=False, repr=False)
class Term:
    """A glossary term. Equality is identity: there is one object per term."""

    id: str
    term: str
    definition: str
    path: str
    abbreviation: str | None = None
    aliases: tuple[str, ...] = ()
    pronunciation: str | None = None
    category: Category | None = None
    summary: str | None = None
    examples: tuple[Example, ...] = ()
    faq: tuple[Faq, ...] = ()
    sources: tuple[Citation, ...] = ()
    status: Status = Status.APPROVED
    former_ids: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    owner: str | None = None
    last_reviewed: dt.date | None = None
    extensions: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    # Links to other terms, filled in by build_model before the model is returned.
    related: tuple[Term, ...] = ()
    contrasts_with: tuple[Term, ...] = ()
    broader: Term | None = None
    narrower: tuple[Term, ...] = ()
    stage_after: Term | None = None
    next_stage: Term | None = None
    superseded_by: Term | None = None
    formula: Formula | None = None
    perspectives: tuple[Perspective, ...] = ()  # linked too: a perspective may map to another term

    def __repr__(self) -> str:
        return f"Term({self.id!r})"

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the term is found by, display name first."""
        extra = (self.abbreviation,) if self.abbreviation else ()
        return (self.term,) + extra + self.aliases

    @property
    def shown_aliases(self) -> tuple[str, ...]:
        """The aliases a reader learns something from: those that differ from the name, the
        abbreviation and each other by more than case, spaces, hyphens or other punctuation
        ("Marketing-Qualified Lead" and "M.Q.L." are not shown beside "Marketing qualified lead
        (MQL)"). The others still redirect and are still found by search (term.md.j2)."""
        seen = {spelling_key(self.term)} | ({spelling_key(self.abbreviation)} if self.abbreviation else set())
        shown = []
        for alias in self.aliases:
            key = spelling_key(alias)
            if key not in seen:
                seen.add(key)
                shown.append(alias)
        return tuple(shown)

    @property
    def spelling_variants(self) -> tuple[str, ...]:
        """The aliases :attr:`shown_aliases` leaves out."""
        shown = set(self.shown_aliases)
        return tuple(alias for alias in self.aliases if alias not in shown)


def spelling_key(name: str) -> str:
    """A name without case, spaces or punctuation: two names with one key are one name spelt two
    ways ('Lead-capture form', 'lead capture form', 'M.Q.L.' and 'MQL'). Built on :func:`name_key`,
    which also folds accents and look-alike letters."""
    return name_key(name).replace("-", "")


@dataclass(frozen=True)
class Signals:
    content_access: str | None = None
    goal: str | None = None
    budget_owner: str | None = None
    funnel_stage: str | None = None
    horizon: str | None = None
    focus: str | None = None

    def answered(self) -> dict[str, str]:
        """The signals that are set, as signal -> value."""
        return {name: value for name, value in vars(self).items() if value is not None}


@dataclass(frozen=True)
class Answer:
    """One answer to a classifier question, and which way (and how hard) it pushes."""

    value: str
    label: str
    leans: Classification | None  # None: it leans neither way
    weight: int
    reason: str
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    terms: tuple[Term, ...] = ()
    disputes: tuple[RuleDispute, ...] = ()  # sources that see this answer differently
    describes: str | None = None  # what the answer says of a tactic, shown on tactic pages
    opposite: str | None = None  # the answer a negated keyword gives ("not gated" is ungated)
    sources: tuple[Citation, ...] = ()  # the passages behind this answer; () cites the question's


@dataclass(frozen=True)
class Question:
    """A classifier question about one tactic signal (playbooks/classifier.yaml)."""

    signal: str
    flag: str
    question: str
    answers: tuple[Answer, ...]
    sources: tuple[Citation, ...]
    help: str | None = None
    terms: tuple[Term, ...] = ()
    disputes: tuple[RuleDispute, ...] = ()  # sources that take another view of the rule
    uncontested: str | None = None  # a one-source rule: what the other sources say about it

    @property
    def single_source(self) -> bool:
        """The rule rests on one source (distinct sources cited)."""
        return len({c.source.id for c in self.sources}) < 2


@dataclass(frozen=True)
class RuleDispute:
    """A source's other view of a classifier rule (a question's ``disputed`` entry)."""

    source: Source
    note: str
    locator: str | None = None
    quote: str | None = None


@dataclass(frozen=True)
class Reading:
    """How a description is read: cues that negate or contrast, and the capture evidence that
    decides before a tactic's row (the sources define the two by what happens to contact details)."""

    negation: tuple[str, ...] = ()
    called_off: tuple[str, ...] = ()
    contrast: tuple[str, ...] = ()
    capture_present: tuple[str, ...] = ()
    capture_absent: tuple[str, ...] = ()
    capture_channels: tuple[str, ...] = ()
    capture_asked: tuple[str, ...] = ()
    capture_optional: tuple[str, ...] = ()
    capture_neutral: tuple[str, ...] = ()
    capture_roles: tuple[str, ...] = ()
    capture_training: tuple[str, ...] = ()
    capture_assets: tuple[str, ...] = ()
    capture_open_activities: tuple[str, ...] = ()
    off_topic: tuple[str, ...] = ()
    capture_sources: tuple[Citation, ...] = ()
    #: Word classes the rules use (``reading.words``: people, reach, requests, undecided), by class name.
    words: tuple[tuple[str, tuple[str, ...]], ...] = ()


#: Confidence levels in the order the calibration table shows them ("none": nothing understood).
CONFIDENCE_LEVELS = ("high", "medium", "low", "none")


@dataclass(frozen=True)
class CalibrationLevel:
    """How many answers one confidence level gave on an evaluation set, and how many were right."""

    level: str
    answers: int
    right: int

    @property
    def percent_right(self) -> int | None:
        """Whole percent right, None for a level that gave no answer (nothing to divide)."""
        return round(100 * self.right / self.answers) if self.answers else None


@dataclass(frozen=True)
class Calibration:
    """How often each confidence level was right on a set the tuning did not see: a reader can
    then judge what "sure" is worth (the classifier page's methodology section)."""

    set: str
    items: int
    measured: str
    right: int
    confidently_wrong: int
    levels: tuple[CalibrationLevel, ...]  # in CONFIDENCE_LEVELS order

    @property
    def percent_right(self) -> int:
        return round(100 * self.right / self.items)


@dataclass(frozen=True)
class Classifier:
    """The rules that classify a tactic nobody has listed: questions and a decision margin."""

    questions: tuple[Question, ...]
    both_within: int = 1
    reading: Reading | None = None  # negation, contrast and capture evidence (descriptions only)
    calibration: Calibration | None = None  # None until someone measured it on a held-out set


@dataclass(frozen=True)
class Dispute:
    source: Source
    classification: Classification
    note: str
    locator: str | None = None
    quote: str | None = None


@dataclass(frozen=True)
class Override:
    """Why a tactic's classification differs from what its signals give, and who says so."""

    reason: str
    sources: tuple[Citation, ...]


@dataclass(frozen=True, eq=False, repr=False)
class Tactic:
    id: str
    name: str
    classification: Classification
    rationale: str
    sources: tuple[Citation, ...]
    aliases: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    summary: str | None = None
    signals: Signals = Signals()
    disputes: tuple[Dispute, ...] = ()
    terms: tuple[Term, ...] = ()
    overrides: Override | None = None
    classified_by: str = "sources"  # "team": no source classifies it, the classification is the team's reading

    def __repr__(self) -> str:
        return f"Tactic({self.id!r})"

    @property
    def disputed(self) -> bool:
        return bool(self.disputes)


@dataclass(frozen=True)
class Column:
    heading: str
    classification: Classification


@dataclass(frozen=True)
class Footnote:
    id: str
    marker: str
    text: str


@dataclass(frozen=True, eq=False)
class Cell:
    tactic: Tactic
    footnote: Footnote | None = None


@dataclass(frozen=True, eq=False)
class TacticTable:
    id: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    footnotes: tuple[Footnote, ...] = ()
    caption: str | None = None
    source: Citation | None = None


@dataclass(frozen=True)
class Step:
    title: str
    text: str


@dataclass(frozen=True, eq=False, repr=False)
class Playbook:
    id: str
    title: str
    goal: str
    steps: tuple[Step, ...]
    sources: tuple[Citation, ...]
    path: str
    summary: str | None = None
    category: Category | None = None
    audience: str | None = None
    funnel: tuple[FunnelStep, ...] = ()
    terms: tuple[Term, ...] = ()
    tactics: tuple[Tactic, ...] = ()
    owner: str | None = None

    def __repr__(self) -> str:
        return f"Playbook({self.id!r})"


@dataclass(frozen=True, eq=False)
class Glossary:
    """The whole validated project. Mappings are read-only and ordered by id."""

    terms: Mapping[str, Term]
    sources: Mapping[str, Source]
    categories: Mapping[str, Category]
    tactics: Mapping[str, Tactic]
    tables: Mapping[str, TacticTable]
    playbooks: Mapping[str, Playbook]
    names: Mapping[str, Term]  # name_key and URL slug of every id, name, abbreviation, alias, former id -> term
    used_in: Mapping[str, tuple[Any, ...]]  # term id -> terms, tactics, tables and playbooks that refer to it
    classifier: Classifier | None = None  # None when the project has no playbooks/classifier.yaml
    #: source id -> how each of its quotes was verified (against the stored copy, the lock, or not at all)
    quote_checks: Mapping[str, tuple[QuoteCheck, ...]] = field(default_factory=lambda: MappingProxyType({}))
    #: The teams of glossary/_owners.yaml by id; empty without the registry (owners are then free text).
    teams: Mapping[str, Team] = field(default_factory=lambda: MappingProxyType({}))
    tactics_intro: TacticsIntro | None = None  # the tactics index's opening text (playbooks/tactics.yaml)
    #: Ids of the teams that approve changes to the shared files (glossary/_owners.yaml `maintainers`).
    maintainers: tuple[str, ...] = ()

    def team_of(self, owner: str | None) -> Team | None:
        """The team an ``owner`` value names (a term's or playbook's), or None: no owner, or no registry."""
        return self.teams.get(owner) if owner else None

    def lookup(self, name: str) -> Term | None:
        """Find a term by id, display name, abbreviation, alias or former id (any case)."""
        return self.terms.get(name) or self.names.get(name_key(name))

    def relations(self, term: Term) -> Relations:
        """What ``term``'s page lists under "Place in the funnel", "Related terms" and "Used in", each term once.

        A term is listed under the first relation that holds, in this order: not to be confused
        with (contrasts_with: the warning matters most, e.g. a prospect is a kind of lead that must
        not be mistaken for one), the funnel neighbours (stage_after and next_stage: "Comes after" and
        "Comes before", the "Place in the funnel" section), a kind of (broader), kinds of (narrower),
        see also (related). An MQL's stage before, the lead, is also its broader term: it shows once,
        under "Comes after". The funnel section always names both neighbours, even one listed as a
        contrast, so the chain of stages never breaks. "Used in" then leaves out the terms already
        listed (a term that lists this one as related is usually listed back); tactics, tables and
        playbooks are always shown. A superseding term has a section of its own and is not compared.
        """
        shown: set[str] = {term.id}

        def first_time(terms: tuple[Term, ...]) -> tuple[Term, ...]:
            fresh = tuple(t for t in dict.fromkeys(terms) if t.id not in shown)
            shown.update(t.id for t in fresh)
            return fresh

        contrasts = first_time(term.contrasts_with)
        shown.update(t.id for t in (term.stage_after, term.next_stage) if t is not None)
        broader = next(iter(first_time((term.broader,) if term.broader else ())), None)
        narrower = first_time(term.narrower)
        related = first_time(term.related)
        users = [item for item in self.used_in.get(term.id, ()) if not (isinstance(item, Term) and item.id in shown)]
        return Relations(broader, narrower, contrasts, related, group_by_kind(users), term.stage_after, term.next_stage)

    def having_form(self, name: str) -> tuple[Term, ...]:
        """The terms that list ``name`` (any case) among their ``forms``.

        Forms are not names: two terms may share one, and one may equal another term's
        name, so callers decide (``glossary link`` tries :meth:`lookup` first).
        """
        key = name_key(name)
        return tuple(t for t in self.terms.values() if any(name_key(form) == key for form in t.forms))

    def stage_names(self) -> tuple[StageName, ...]:
        """How the sources name the funnel's stages: one row per perspective whose term or ``maps_to``
        is a stage, "the source's <term> is our <maps_to or term>", in funnel order, then by source title.
        Built from the content's ``maps_to`` alone, so it says nothing the perspectives do not."""
        stages = {stage.id: number for number, stage in enumerate(self.funnel(), start=1)}
        rows = []
        for term in self.terms.values():
            for perspective in term.perspectives:
                ours = perspective.maps_to or term
                position = stages.get(ours.id, stages.get(term.id))
                if position is not None:
                    row = StageName(perspective, term, ours, stages.get(ours.id))
                    rows.append((position, perspective.source.title.casefold(), term.id, row))
        return tuple(row for *_, row in sorted(rows, key=lambda r: r[:3]))

    def funnel(self) -> tuple[Term, ...]:
        """The funnel stages in order, from the stage nothing comes before."""
        starts = [t for t in self.terms.values() if t.stage_after is None and t.next_stage is not None]
        if not starts:
            return ()
        stages, stage = [], starts[0]
        while stage is not None:
            stages.append(stage)
            stage = stage.next_stage
        return tuple(stages)


@dataclass(frozen=True)
class StageName:
    """A row of the funnel's table of stage names: ``perspective.source`` calls it ``term`` and means
    our ``ours`` (the perspective's ``maps_to``, else the term), stage number ``stage`` of our funnel
    (None when ``ours`` is no stage: a source's word for a stage that we call something else)."""

    perspective: Perspective
    term: Term
    ours: Term
    stage: int | None


@dataclass(frozen=True)
class Relations:
    """A term page's lists of other things, each listed once: see :meth:`Glossary.relations`."""

    broader: Term | None
    narrower: tuple[Term, ...]
    contrasts_with: tuple[Term, ...]
    related: tuple[Term, ...]
    used_in: tuple[tuple[str, tuple[Any, ...]], ...]  # (kind, e.g. "Tactics"; items by display name)
    comes_after: Term | None = None  # the funnel neighbours: "Place in the funnel", never listed again
    comes_before: Term | None = None

    @property
    def any_related(self) -> bool:
        return bool(self.broader or self.narrower or self.contrasts_with or self.related)


def group_by_kind(items: Any) -> tuple[tuple[str, tuple[Any, ...]], ...]:
    """``items`` as (kind label, items) groups, in :data:`KINDS` order, each group sorted by display
    name and holding each item once; empty groups left out. "Gated content" the term and "Gated
    content" the tactic stand in different groups."""
    groups: dict[str, dict[int, Any]] = {label: {} for _, label in KINDS}
    for item in items:
        label = next(label for kind, label in KINDS if isinstance(item, kind))
        groups[label].setdefault(id(item), item)
    return tuple(
        (label, tuple(sorted(found.values(), key=lambda item: _display_key(item))))
        for label, found in groups.items()
        if found
    )


def _display_key(item: Any) -> tuple[str, str]:
    for attribute in ("term", "name", "title", "question"):
        value = getattr(item, attribute, None)
        if isinstance(value, str):
            return value.casefold(), getattr(item, "id", getattr(item, "signal", ""))
    return "", ""


#: The kinds of things a list may mix, in the order they are shown, with their group label.
KINDS: tuple[tuple[type, str], ...] = (
    (Term, "Terms"),
    (Tactic, "Tactics"),
    (Playbook, "Playbooks"),
    (TacticTable, "Tables"),
    (Question, "Classifier rules"),
)
