"""Starting points: a new project (`glossary init`) and a new term (`glossary new term`)."""
