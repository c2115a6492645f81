"""The check stage: every rule a content file must meet (schema, references, names, citations,
consistency, Markdown limits), each problem reported at its file and line.
"""
