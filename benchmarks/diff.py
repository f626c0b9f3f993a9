"""Time the word-level comparison of two revisions of a long text (issue: compare must not stall the site).

    .venv/bin/python benchmarks/diff.py [--repeat 7]

Prints the median time per size, for texts in paragraphs and for one long paragraph, with 2% of the
words changed. Runs outside the test suite: timings are noisy, read medians and ratios.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csto_wiki.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django

django.setup()

from apps.wiki.diff import word_diff  # noqa: E402

WORDS = ["alpha", "beta", "gamma", "delta", "council", "committee", "security", "treaty", "staff", "defence"]


def text(size: int, *, paragraphs: bool) -> str:
    rng = random.Random(size)
    sentences = []
    while sum(map(len, sentences)) < size:
        sentences.append(" ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + ".")
    if not paragraphs:
        return " ".join(sentences)
    return "\n\n".join(" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5))


def changed(original: str) -> str:
    tokens = original.split(" ")
    for i in range(0, len(tokens), 50):
        if "\n" not in tokens[i] and not tokens[i].endswith("."):
            tokens[i] = "CHANGED"
    return " ".join(tokens)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    print(f"{'layout':<15}{'size':>10}{'median':>12}")
    for paragraphs in (True, False):
        for size in (5_000, 30_000, 100_000, 300_000):
            old = text(size, paragraphs=paragraphs)
            new = changed(old)
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                word_diff(old, new)
                times.append(time.perf_counter() - started)
            layout = "paragraphs" if paragraphs else "one paragraph"
            print(f"{layout:<15}{size:>10,}{statistics.median(times) * 1000:>10.1f} ms")


if __name__ == "__main__":
    main()
