"""The command line: `glossary check`, `build`, `serve`, `classify`, `export`, ..."""
