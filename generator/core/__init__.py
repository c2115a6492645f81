"""What every stage shares: the one error type (problems), text helpers, safe HTML, package data,
the project's configuration (mkdocs.yml and the glossary's settings, read once) and atomic output folders.
"""
