"""The model stage: the immutable Glossary built from checked records, its URLs and wikilinks."""
