"""The render and build stages: pages from the model (Jinja2), the MkDocs plugin, the build into
site/ (MkDocs or Zensical), and `glossary serve`.
"""
