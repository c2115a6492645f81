"""`glossary classify`: is a tactic lead generation, demand generation or both, with reasons and sources.

The engine is ``generator/classifier/`` (the same rules as the site's /classifier/ page, on the
document ``model/classifier_document.py`` makes); this module reads the command line: the
classifier's questions are options named by the content (``--gated yes``), which
:func:`take_answer_flags` sets aside before argparse parses the rest.
"""

from __future__ import annotations

import argparse

from generator.commands.options import (
    EXIT_OK,
    UsageError,
    add_project_option,
    load_glossary,
    project_root,
    split_answer,
)
from generator.core.text import json_text


def run_classify(args: argparse.Namespace) -> int:
    from generator.classifier.classify import MAX_DESCRIPTION, classify, description_text
    from generator.classifier.describe import describe_questions, describe_result
    from generator.classifier.reading import ClassifyError, resolve_answer
    from generator.model.classifier_document import classifier_document
    from generator.model.urls import site_path

    root = project_root(args.project)
    document = classifier_document(load_glossary(root), url=site_path)
    if args.list:
        print(describe_questions(document))
        return EXIT_OK
    description = " ".join(args.text)
    length = len(description_text(description))  # counted as the engines read it (the page's box likewise)
    if length > MAX_DESCRIPTION:
        raise UsageError(
            f"the description is {length:,} characters long; describe the tactic in at most "
            f"{MAX_DESCRIPTION:,} (a sentence or a paragraph), not the whole plan"
        )
    try:
        answers = dict(resolve_answer(document, *split_answer(text)) for text in args.answer)
        answers.update(resolve_answer(document, key, value) for key, value in flag_pairs(args.extra))
        outcome = classify(document, description, answers)
    except ClassifyError as error:
        raise UsageError(str(error)) from None
    if args.format == "json":
        print(json_text(outcome))
    else:
        print(describe_result(outcome, document))
    return EXIT_OK


def flag_pairs(extra: list[str]) -> list[tuple[str, str]]:
    """['--gated', 'yes', '--goal=awareness'] -> [('gated', 'yes'), ('goal', 'awareness')]."""
    pairs, items = [], list(extra)
    while items:
        flag = items.pop(0)
        if not flag.startswith("--") or len(flag) == 2:
            raise UsageError(f"unexpected argument '{flag}'; quote a description with spaces")
        key, sep, value = flag[2:].partition("=")
        if not sep:
            if not items or items[0].startswith("--"):
                raise UsageError(f"--{key} needs an answer, e.g. --{key} VALUE (see --list)")
            value = items.pop(0)
        pairs.append((key, value))
    return pairs


_CLASSIFY_OPTIONS = {"--answer", "--list", "--format", "--project", "-h", "--help"}


def take_answer_flags(argv: list[str]) -> tuple[list[str], list[str]]:
    """Split ``classify``'s own options from the question flags (--gated yes), which depend on the content.

    argparse cannot declare them (they come from playbooks/classifier.yaml) and would
    take their values for the positional text, so they are set aside before parsing.
    """
    if not argv or argv[0] != "classify":
        return argv, []
    kept, extra, items = [argv[0]], [], argv[1:]
    while items:
        item = items.pop(0)
        name = item.split("=", 1)[0]
        if item == "--":
            kept += [item, *items]
            break
        if item.startswith("--") and name not in _CLASSIFY_OPTIONS:
            extra.append(item)
            if "=" not in item and items and not items[0].startswith("-"):
                extra.append(items.pop(0))
            continue
        kept.append(item)
        if name in ("--answer", "--format", "--project") and "=" not in item and items:
            kept.append(items.pop(0))
    return kept, extra


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """The subcommand of this module, with its options."""
    classify = commands.add_parser(
        "classify",
        help="is a tactic lead generation, demand generation or both? with reasons and sources",
        description="Classify a tactic by name (typos are forgiven), by a description, or by answering the "
        'classifier\'s questions, e.g. `glossary classify "gated ebook"` or '
        "`glossary classify --gated yes --goal awareness`. Uses the same rules as the /classifier/ page "
        "(playbooks/classifier.yaml). Each question is an option: see --list.",
        epilog="Answers: --FLAG VALUE for each question (--list shows them), or --answer SIGNAL=VALUE.",
    )
    classify.add_argument("text", nargs="*", help="a tactic's name or alias, or a short description of a tactic")
    classify.add_argument(
        "--answer", action="append", default=[], metavar="SIGNAL=VALUE", help="answer a question (repeatable)"
    )
    classify.add_argument("--list", action="store_true", help="list the questions, their options and answers")
    classify.add_argument("--format", choices=("text", "json"), default="text", help="text for people, json for tools")
    add_project_option(classify)
    classify.set_defaults(run=run_classify)
