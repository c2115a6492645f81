"""The pages of features a project may have no content for: which of them a glossary has.

A new project (``glossary init``) has no tactics and no classifier questions: a tactics index
reading "0 tactics" and a classifier with nothing to ask would be pages of nothing. So the
generator leaves them out (render.py), and with them every link to them (the home page, a tactic's
page: templates ask ``has_page``), and the menu names them only once they exist (menu.py).
"""

from __future__ import annotations

from generator.model.glossary import Glossary
from generator.model.urls import TACTICS_INDEX

#: The classifier's page (its URL is /classifier/).
CLASSIFIER_PAGE = "classifier.md"
#: The menu entries of the optional pages, in menu order: (title, page).
OPTIONAL_NAV = (("Tactics", TACTICS_INDEX), ("Classifier", CLASSIFIER_PAGE))
#: The pages a project may have no content for.
OPTIONAL_PAGES = frozenset(page for _, page in OPTIONAL_NAV)


def optional_pages_of(glossary: Glossary) -> frozenset[str]:
    """The optional pages ``glossary`` has content for: the tactics index once there is a
    tactic, the classifier once it asks a question."""
    present = set()
    if glossary.tactics:
        present.add(TACTICS_INDEX)
    if glossary.classifier is not None and glossary.classifier.questions:
        present.add(CLASSIFIER_PAGE)
    return frozenset(present)
