"""The check stage: every rule a content file must meet, each problem reported at its file and line.

``validate.py`` runs the checks in order (``validate_project``); ``records.py`` is what they all read
(``Item``, ``Index``, ``CheckOptions``) and imports none of them (an import-linter contract in
pyproject.toml keeps the layers). Where a rule goes:

- one file against its JSON Schema, values no schema sees: ``schema.py``; ids and records: ``ids.py``
- a term's names (duplicates, look-alikes): ``names.py``; references and did-you-mean: ``references.py``
- terms across files (references, broader/funnel graphs, formulas, statuses): ``terms.py``
- tactics, tables, playbooks: ``tactics.py``; the classifier file: ``classifier_file.py``
- owners against the teams of glossary/_owners.yaml: ``owners.py``
- links in Markdown: ``wikilinks.py``; Markdown the renderer cannot take: ``markdown_limits.py``
- warnings (placeholders, unlinked terms, reviews due): ``completeness.py``
- quotes against the stored copies: ``quotes.py``, ``stored_copies.py``, ``citations.py``,
  ``copied_text.py``, ``sources_lock.py`` (the lock file), ``locking.py`` (``glossary sources lock``)
- content that agrees with itself (classifications and signals, claims and their sources): ``consistency.py``

A new rule: a function ``check_x(index, problems)`` in its module, one call in ``validate_project``, a row
in the README's table of codes, and a broken file under ``tests/fixtures/invalid/`` naming the code and
line it must fail with.
"""
