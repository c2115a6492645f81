"""Time the terms' history (interop/history.py): one git log and one git cat-file, however long the history.

    python benchmarks/bench_history.py                          # 1,000 terms, 5,000 commits, a full build too
    python benchmarks/bench_history.py --terms 10000 --no-build # the history pass alone at 10,000 terms

The repository is scripted with ``git fast-import`` (seconds, where 5,000 ``git commit`` would take
minutes): the corpus of make_corpus.py committed once, then each commit rewords the summary or the
definition of one term (one in ten changes both), dated evenly over the year before the build's date,
so about a quarter of them fall in the 90-day window of "What changed". Printed: the history pass cold
(caches emptied) and warm (HEAD unchanged: what ``glossary serve`` pays on a save), its two git
processes, and with ``--build`` (the default) a full ``glossary build`` with the history and without it
(the same project with its .git moved away). Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_corpus import WORDS, make_corpus, sentence  # noqa: E402

from generator import load_project  # noqa: E402
from generator.checks.records import CheckOptions  # noqa: E402
from generator.interop import history  # noqa: E402
from generator.site.build import build_site  # noqa: E402

TODAY = dt.date(2026, 2, 1)
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
GIT_ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def edited(rng: random.Random, text: str) -> str:
    """``text`` with one to three of its words replaced, or a word inserted."""
    words = text.split(" ")
    for _ in range(rng.randint(1, 3)):
        position = rng.randrange(len(words))
        if rng.random() < 0.7:
            words[position] = rng.choice(WORDS)
        else:
            words.insert(position, rng.choice(WORDS))
    return " ".join(words)


def _data(payload: bytes) -> bytes:
    return b"data %d\n" % len(payload) + payload + b"\n"


def make_repository(project: Path, terms: int, commits: int, seed: int = 1) -> None:
    """make_corpus's project as a git repository of ``commits`` commits, written by one git fast-import."""
    make_corpus(terms, project, seed)
    rng = random.Random(seed)
    files = sorted(p for p in (project / "glossary").glob("*.yaml"))
    documents = {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in files if not p.name.startswith("_")}
    names = sorted(documents)
    start = dt.datetime.combine(TODAY - dt.timedelta(days=365), dt.time(9), tzinfo=dt.timezone.utc)
    step = dt.timedelta(days=365) / commits
    stream = bytearray()

    def header(number: int, subject: str) -> None:
        when = int((start + step * number).timestamp())
        stream.extend(b"commit refs/heads/main\nmark :%d\n" % (number + 1))
        stream.extend(b"author Ann Author <ann@example.com> %d +0000\n" % when)
        stream.extend(b"committer Ann Author <ann@example.com> %d +0000\n" % when)
        stream.extend(_data(subject.encode()))
        if number:
            stream.extend(b"from :%d\n" % number)

    header(0, "Import the glossary")
    for path in sorted((project / "glossary").glob("*.yaml")) + sorted((project / "playbooks").glob("*.yaml")):
        stream.extend(f"M 100644 inline {path.relative_to(project).as_posix()}\n".encode())
        stream.extend(_data(path.read_bytes()))
    for number in range(1, commits):
        name = rng.choice(names)
        document = documents[name]
        roll = rng.random()
        fields = ["summary"] if roll < 0.55 else ["definition"] if roll < 0.9 else ["summary", "definition"]
        for field in fields:
            if rng.random() < 0.8:  # most edits change a few words
                document[field] = edited(rng, document[field])
            elif field == "summary":  # some rewrite the text
                document[field] = sentence(rng, 14)
            else:
                document[field] = f"{sentence(rng, 40)}\n\n{sentence(rng, 30)}\n"
        header(number, f"Reword {document['term']}")
        text = yaml.dump(document, Dumper=DUMPER, sort_keys=False, allow_unicode=True)
        stream.extend(f"M 100644 inline glossary/{name}\n".encode())
        stream.extend(_data(text.encode()))
    subprocess.run(["git", "init", "-q", "-b", "main", str(project)], env=GIT_ENV, check=True)
    subprocess.run(["git", "-C", str(project), "fast-import", "--quiet"], input=bytes(stream), env=GIT_ENV, check=True)
    subprocess.run(["git", "-C", str(project), "reset", "-q", "--hard"], env=GIT_ENV, check=True)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "site_config", project / "site_config")


def cpu() -> float:
    """CPU seconds of this process and the children it waited for (git): steadier than wall time on a
    shared machine."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def history_pass(project: Path, glossary, cold: bool) -> tuple[float, float, history.History]:
    """(wall seconds, CPU seconds, the history) of one read_history."""
    if cold:
        history._logs.clear()
        history._blobs.clear()
    start, start_cpu = time.perf_counter(), cpu()
    found = history.read_history(project, glossary, today=TODAY)
    return time.perf_counter() - start, cpu() - start_cpu, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-build", dest="build", action="store_false", help="time the history pass only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-history-") as tmp:
        project = Path(tmp) / "project"
        start = time.perf_counter()
        make_repository(project, args.terms, args.commits)
        print(f"repository: {args.terms:,} terms, {args.commits:,} commits in {time.perf_counter() - start:.1f} s")
        glossary = load_project(project).require()

        log_times, blob_times = [], []
        for _ in range(args.runs):
            history._blobs.clear()
            t0 = time.perf_counter()
            log = history.read_log(project)
            t1 = time.perf_counter()
            events = history.term_events(log, {t.id: (t.path, t.former_ids) for t in glossary.terms.values()})
            wanted = {b for found in events.values() for e in found[:5] for b in (e.old_blob, e.new_blob) if b}
            t2 = time.perf_counter()
            history.read_blobs(project, wanted)
            blob_times.append(time.perf_counter() - t2)
            log_times.append(t1 - t0)
        cold = [history_pass(project, glossary, cold=True) for _ in range(args.runs)]
        warm = [history_pass(project, glossary, cold=False) for _ in range(args.runs)]
        found = cold[-1][2]
        seconds = statistics.median(t for t, _, _ in cold)
        print(
            f"history pass: {seconds:.2f} s cold ({statistics.median(c for _, c, _ in cold):.2f} s CPU; median of "
            f"{args.runs}), {statistics.median(t for t, _, _ in warm):.2f} s warm "
            f"({statistics.median(c for _, c, _ in warm):.2f} s CPU); "
            f"git log {statistics.median(log_times):.2f} s ({len(log):,} commits parsed), "
            f"git cat-file {statistics.median(blob_times):.2f} s ({len(wanted):,} versions of the last 5 changes)"
        )
        print(f"  {len(found.terms):,} terms with a history, {len(found.recent):,} changes of wording in the window")
        if not args.build:
            return
        os.environ["GLOSSARY_TODAY"] = TODAY.isoformat()
        with_history, without = [], []
        for _ in range(args.runs):  # in pairs, so a drift of the machine's speed touches both alike
            history._logs.clear()
            history._blobs.clear()
            t0, c0 = time.perf_counter(), cpu()
            build_site(project, Path(tmp) / "site", options=CheckOptions())
            with_history.append((time.perf_counter() - t0, cpu() - c0))
            (project / ".git").rename(project.parent / "git-away")
            t0, c0 = time.perf_counter(), cpu()
            build_site(project, Path(tmp) / "site", options=CheckOptions())
            without.append((time.perf_counter() - t0, cpu() - c0))
            (project.parent / "git-away").rename(project / ".git")
        full, bare = statistics.median(t for t, _ in with_history), statistics.median(t for t, _ in without)
        full_cpu = statistics.median(c for _, c in with_history)
        bare_cpu = statistics.median(c for _, c in without)
        cold_cpu = statistics.median(c for _, c, _ in cold)
        print(
            f"glossary build: {full:.2f} s ({full_cpu:.2f} s CPU) with the history, {bare:.2f} s ({bare_cpu:.2f} s "
            f"CPU) without (no repository); the history pass is {seconds / full:.0%} of the build's wall time, "
            f"{cold_cpu / full_cpu:.0%} of its CPU"
        )


if __name__ == "__main__":
    main()
