"""Definitions travelling: exports (CSV, JSON, Markdown), imports (CSV, DataHub) and semantic diffs."""
