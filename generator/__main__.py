"""``python -m generator``: the ``glossary`` command, without the installed script."""

from generator.commands.cli import main

raise SystemExit(main())
