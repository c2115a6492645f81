"""A helper process of :func:`generator.content.load.load_files`: parses frames of the files from the end.

Run as ``python -m generator.content.parse_worker`` by the loader itself, never by hand: it reads
one pickle from standard input, ``(project root, [(path, shown, kind, is_link) of each
ContentFile], prescan spec, frames file)``,
and writes to standard output (a file) each frame as soon as it is parsed
(:func:`generator.content.load.load_frames`): its pickle's length in 8 bytes, then the pickle, so
that the loader can read every frame written whole while the helper is still at work; then 8 zero
bytes when it claimed them all. Pickle is safe here because both ends are this package, connected
by files it opened. A helper started ahead of time (``load.prestart_helpers``) that never gets a
request ends quietly.
"""

from __future__ import annotations

import os
import pickle
import sys

from generator.content.load import write_frames


def main() -> int:
    try:
        root, files, prescan, frames_path = pickle.load(sys.stdin.buffer)
    except EOFError:  # started ahead of time, and no work came
        return 0
    write_frames(root, files, prescan, frames_path, sys.stdout.buffer)
    return 0


if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)  # skip freeing what it parsed, object by object: the loader waits for this exit
