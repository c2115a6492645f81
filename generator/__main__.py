"""``python -m generator``: the ``glossary`` command, without the installed script."""

from generator.commands.entry import main

raise SystemExit(main())
