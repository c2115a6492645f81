"""What a metric term's calculator shows: its inputs' labels, kinds and starting numbers.

The template (term.md.j2, "## Formula") writes the form; glossary.js computes, checks and
explains. Everything a reader sees in words is decided here, at render time, so that the
generated Markdown carries it and builds the same with or without our MkDocs plugin.

The rule for what an input *is*: a formula whose unit is ``currency`` divides money by
something (cost per lead = spend / leads), so the names in its divided part (left of the
top-level ``/``) are money and those it divides by are counts; a currency formula with no
top-level division (spend_a + spend_b) is money throughout. Any other formula (percent,
number) takes counts. That covers the shipped metrics without a field per input.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from generator.core.config import ProjectConfig
from generator.model.glossary import Formula, Term

#: The site's default currency and locale when mkdocs.yml says nothing (plugin options).
DEFAULT_CURRENCY = "USD"
DEFAULT_LOCALE = "en"

#: The largest number a calculator field takes: beyond it a double's rounding shows in the result
#: (0.1 + 0.2 at a trillion is noise), and no funnel or budget of a team is that big.
MAX_INPUT = 10**12

_CURRENCY = re.compile(r"^[A-Z]{3}$")
_LOCALE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class NumberFormat:
    """How the site writes numbers: a BCP 47 locale and an ISO 4217 currency code."""

    locale: str = DEFAULT_LOCALE
    currency: str = DEFAULT_CURRENCY


def number_format(locale: str | None = None, currency: str | None = None) -> NumberFormat:
    """A checked :class:`NumberFormat`; ValueError names the bad option (it ends up in HTML
    attributes and in ``Intl.NumberFormat``, which throws on a malformed code)."""
    locale = (locale or DEFAULT_LOCALE).replace("_", "-")
    currency = (currency or DEFAULT_CURRENCY).upper()
    if not _LOCALE.match(locale):
        raise ValueError(f"locale '{locale}' is not a language tag such as 'en', 'en-GB' or 'de-DE'")
    if not _CURRENCY.match(currency):
        raise ValueError(f"currency '{currency}' is not a three-letter ISO 4217 code such as 'USD' or 'EUR'")
    return NumberFormat(locale, currency)


@dataclass(frozen=True)
class CalculatorInput:
    name: str  # the name in the expression, e.g. 'spend'
    term: Term
    kind: str  # 'currency' or 'count'
    label: str  # 'Marketing spend', 'Number of leads'
    one: str  # 'lead': the word for one of them, in a sentence
    many: str  # 'leads'
    divisor: bool  # the formula divides by it: zero makes the result undefined
    value: float | None  # the starting number

    @property
    def whole(self) -> bool:
        """A count is whole (3.5 leads is no count); money keeps its cents."""
        return self.kind == "count"

    @property
    def step(self) -> str:
        """The <input step>: 1 for a count, any for money (the browser's spinner and validity follow it)."""
        return "1" if self.whole else "any"

    @property
    def maximum(self) -> int:
        """The <input max>: :data:`MAX_INPUT` (glossary.js refuses a larger number, saying so)."""
        return MAX_INPUT

    @property
    def inputmode(self) -> str:
        """The phone keyboard to show: digits only for a count, with a decimal point for money."""
        return "numeric" if self.whole else "decimal"


def sentence_case(name: str) -> str:
    """``name`` as it reads inside a sentence: 'Cost per lead' -> 'cost per lead', but 'MQL
    rate' and 'ABM' keep their capitals."""
    first = name.split(" ", 1)[0]
    if len(first) > 1 and first[1:].lower() != first[1:]:
        return name
    return name[:1].lower() + name[1:]


def plural(term: Term) -> str:
    """The term's plural as its ``forms`` spell it ('opportunities'), else its name + 's'."""
    name = term.term
    stem = name.casefold()[:-1]
    for form in term.forms:
        if form.casefold().startswith(stem) and form.casefold() != name.casefold():
            return form
    return name + "s"


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _divisors(tree: ast.AST) -> set[str]:
    """Names anywhere on the right of a '/': a zero there leaves the result undefined."""
    return {
        name
        for n in ast.walk(tree)
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Div)
        for name in _names(n.right)
    }


def _money(formula: Formula, tree: ast.expr) -> set[str]:
    if formula.unit != "currency":
        return set()
    if isinstance(tree, ast.BinOp) and isinstance(tree.op, ast.Div):
        return _names(tree.left)
    return _names(tree)


def starting_values(term: Term) -> dict[str, float]:
    """formula.example, else the counts of the first example whose metrics count every input term."""
    formula = term.formula
    if formula is None:
        return {}
    if formula.example:
        return dict(formula.example)
    for example in term.examples:
        counts = {step.term.id: step.count for step in example.metrics if step.term is not None}
        if all(t.id in counts for _, t in formula.inputs):
            return {name: counts[t.id] for name, t in formula.inputs}
    return {}


def calculator_inputs(term: Term) -> list[CalculatorInput]:
    """The calculator's fields for a term with a formula, in the order of formula.inputs."""
    formula = term.formula
    if formula is None:
        return []
    tree = ast.parse(formula.expression, mode="eval").body  # `glossary check` has vetted it
    money, divisors, values = _money(formula, tree), _divisors(tree), starting_values(term)
    fields = []
    for name, input_term in formula.inputs:
        many = sentence_case(plural(input_term))
        kind = "currency" if name in money else "count"
        label = input_term.term[:1].upper() + input_term.term[1:] if kind == "currency" else f"Number of {many}"
        one = sentence_case(input_term.term)
        fields.append(CalculatorInput(name, input_term, kind, label, one, many, name in divisors, values.get(name)))
    return fields


def number_attribute(value: float | None) -> str:
    """A number as an <input value>: '5000', '12.5', or '' for none."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def number_format_of(config: ProjectConfig) -> NumberFormat:
    """The calculators' number format: the glossary plugin's ``locale`` and ``currency`` options
    (read without MkDocs, as ``glossary build`` renders before MkDocs runs; the plugin then
    finds the same values); the locale defaults to the theme's ``language`` (Material's, also
    its <html lang>). ValueError for an unknown locale or currency."""
    options = config.plugin_options
    return number_format(options.get("locale") or config.theme.get("language"), options.get("currency"))


_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|\.\d+|[-+*/()]")
_OPERATORS = {"/": "÷", "*": "×", "-": "−", "+": "+"}


def formula_in_words(expression: str, words: dict[str, str]) -> str:
    """'spend / leads' with each name replaced by its words and the operators as a reader writes
    them: 'marketing spend ÷ number of leads' (glossary.js spells the numbers the same way)."""
    parts: list[str] = []
    for token in _TOKEN.findall(expression):
        if token == ")" or (parts and parts[-1] == "("):
            parts[-1:] = [parts[-1] + token] if parts else [token]
        else:
            parts.append(_OPERATORS.get(token, words.get(token, token)))
    return " ".join(parts)


def formula_words(term: Term) -> str:
    """The term's formula in words: 'marketing spend ÷ number of leads'."""
    if term.formula is None:
        return ""
    words = {field.name: sentence_case(field.label) for field in calculator_inputs(term)}
    return formula_in_words(term.formula.expression, words)


def starting_source(term: Term) -> str | None:
    """Where the starting numbers come from, for the line that says so: the title of the example
    they are taken from, '' for formula.example, None when the calculator starts empty."""
    formula = term.formula
    if formula is None or not starting_values(term):
        return None
    if formula.example:
        return ""
    for example in term.examples:
        ids = {step.term.id for step in example.metrics if step.term is not None}
        if all(t.id in ids for _, t in formula.inputs):
            return example.title
    return None
