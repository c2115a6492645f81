"""A helper process of :func:`generator.content.load.load_files`: parses frames of the files from the end.

Run as ``python -m generator.content.parse_worker`` by the loader itself, never by hand: it reads
one pickle from standard input, ``(project root, [ContentFile, ...], prescan spec, frames file)``,
and writes to standard output (a file) one pickle per frame it parsed
(:func:`generator.content.load.load_frames`), then None when it claimed them all. Pickle is safe
here because both ends are this package, connected by files it opened. A helper started ahead of
time (``load.prestart_helpers``) that never gets a request ends quietly.
"""

from __future__ import annotations

import os
import pickle
import sys

from generator.content.load import load_frames


def main() -> int:
    try:
        root, files, prescan, frames_path = pickle.load(sys.stdin.buffer)
    except EOFError:  # started ahead of time, and no work came
        return 0
    out = sys.stdout.buffer

    def send(frame: tuple) -> None:
        pickle.dump(frame, out, protocol=pickle.HIGHEST_PROTOCOL)

    load_frames(root, files, prescan, frames_path, send)
    pickle.dump(None, out)
    out.flush()
    return 0


if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)  # skip freeing what it parsed, object by object: the loader waits for this exit
