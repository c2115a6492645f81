"""A helper process of :func:`generator.content.load.load_files`: reads and parses a share of the files.

Run as ``python -m generator.content.parse_worker`` by the loader itself, never by hand: it reads
one pickle from standard input, ``(project root, [ContentFile, ...])``, and writes one
pickle to standard output, the result of :func:`generator.content.load.load_share`. Pickle is
safe here because both ends are this package, connected by a pipe it opened.
"""

from __future__ import annotations

import pickle
import sys

from generator.content.load import load_share


def main() -> int:
    root, files = pickle.load(sys.stdin.buffer)
    result = load_share(root, files)
    pickle.dump(result, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
