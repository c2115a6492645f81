"""Cheap tests that decide whether an exact check runs at all must never skip a text it would flag."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.load import _SUSPECT_TEXT, _may_hold_refused_value
from generator.core.text import slugify

_PIECES = st.sampled_from(
    [
        "x: 1\n",
        "width: .NaN\n",
        "w: .Inf\n",
        "w: -.inf\n",
        "n: 1E400\n",
        "n: 2e+308\n",
        "n: 3.5e-999\n",
        "n: !!FLOAT 1\n",
        'q: "a\\u202eb"\n',
        "date: '2026-11-01'\n",
        "text: e123 and E-456\n",
        "\u2028",
        "\x85",
        "\u202e",
        "é",
        "nan inf 1e40\n",
    ]
)


@given(st.lists(_PIECES, max_size=10).map("".join))
@settings(max_examples=400, deadline=None)
def test_the_value_prefilter_passes_every_text_the_full_expression_flags(text: str) -> None:
    if _SUSPECT_TEXT.search(text):
        assert _may_hold_refused_value(text), text


def test_the_value_prefilter_skips_plain_ascii() -> None:
    assert not _may_hold_refused_value("id: lead\nterm: Lead\nlast_reviewed: '2026-11-01'\nwidth: 12.5e3\n")
    assert _may_hold_refused_value("n: 1e400\n") and _may_hold_refused_value("w: .NAN\n")


def _slug_by_regex(text: str) -> str:
    """slugify's general path, for ASCII text: what its shortcut must agree with."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


@given(st.text(alphabet="aZ09 -_'.", max_size=12))
@settings(max_examples=500, deadline=None)
def test_the_slug_shortcut_agrees_with_the_regex(text: str) -> None:
    assert slugify(text) == _slug_by_regex(text)
