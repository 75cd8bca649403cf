"""Time `bibexport cite` as a user runs it: the whole process, through a subprocess.

Generates CSL-JSON bibliographies of 100 and 1,000 machine-learning papers
(deterministic: the same files every run), then runs
``bibexport cite FILE --style STYLE -o OUT`` for each size and style and prints
the best and median wall-clock time of several runs. The issue's targets, for
comparison: 100 entries in APA under pandoc's 0.46 s; 1,000 entries in APA under
citeproc-js's 9.9 s.

    .venv/bin/python bench/bench_cite.py [--runs 3] [--sizes 100 1000] [--styles apa ieee]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GIVEN = ["Sam", "Druv", "Yi", "Gaël", "Zhenghan", "Mateo", "Jeremias", "Ana", "Łukasz",
         "Søren", "Valentin", "Laurens", "Yaodong", "Ziyang", "Émilie", "John", "Mária", "Ömer",
         "Jean-Pierre"]  # fmt: skip
FAMILY = ["Buchanan", "Pai", "Ma", "Varoquaux", "Fang", "Diaz", "Sulam", "Kowalski",
          "Kierkegaard", "De Bortoli", "Wright", "Yu", "Wu", "Zhai", "Tong", "Chu", "Bai",
          "Åberg", "Dupont"]  # fmt: skip
WORDS = ["diffusion", "transformers", "sparse", "rate", "reduction", "learned", "proximal",
         "networks", "inverse", "problems", "memorization", "white-box", "compression",
         "representation", "learning", "Gaussian", "mixtures", "bounds", "optimal",
         "kernels"]  # fmt: skip
VENUES = [
    ("paper-conference", "Advances in Neural Information Processing Systems", "NeurIPS"),
    ("paper-conference", "Proceedings of the International Conference on Machine Learning", "ICML"),
    ("paper-conference", "International Conference on Learning Representations", "ICLR"),
    ("article-journal", "Journal of Machine Learning Research", "JMLR"),
    ("article", "arXiv", ""),
]


def make_items(count: int, seed: int = 7) -> list[dict[str, object]]:
    """``count`` CSL-JSON items that look like a machine-learning publication list."""
    rng = random.Random(seed)
    items = []
    for index in range(count):
        kind, container, short = rng.choice(VENUES)
        words = rng.sample(WORDS, rng.randint(4, 9))
        title = " ".join(words)
        title = title[0].upper() + title[1:]
        if rng.random() < 0.1:
            title += r" in $O(\sqrt{n})$ time"
        authors = [
            {"family": rng.choice(FAMILY), "given": rng.choice(GIVEN)}
            for _ in range(rng.randint(1, 9))
        ]
        item: dict[str, object] = {
            "id": f"paper{index}",
            "type": kind,
            "title": title,
            "author": authors,
            "issued": {"date-parts": [[rng.randint(2012, 2025)]]},
            "DOI": f"10.5555/bench.{index}",
        }
        if kind == "article":
            item.update(publisher="arXiv", number=f"{rng.randint(1500, 2499)}.{index:05d}")
        else:
            item["container-title"] = container
            item["container-title-short"] = short
            if short == "JMLR":
                item["volume"] = str(item["issued"]["date-parts"][0][0] - 1999)  # type: ignore[index]
            item["page"] = f"{(start := rng.randint(1, 900))}-{start + rng.randint(8, 30)}"
        items.append(item)
    return items


def bibexport_command() -> list[str]:
    """The installed ``bibexport`` next to this Python, else ``python -m bibexport``."""
    script = Path(sys.executable).parent / "bibexport"
    if script.exists():
        return [str(script)]
    found = shutil.which("bibexport")
    return [found] if found else [sys.executable, "-m", "bibexport"]


def time_run(command: list[str], runs: int) -> list[float]:
    """Wall-clock seconds of ``runs`` runs of ``command`` (each must succeed)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        completed = subprocess.run(command, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
        if completed.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{completed.stderr}")
    return times


def main() -> None:
    """Run the benchmark and print one line per size and style."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--styles", nargs="+", default=["apa", "ieee"])
    parser.add_argument("--markup", default="text")
    args = parser.parse_args()

    base = bibexport_command()
    startup = statistics.median(time_run([*base, "--version"], args.runs))
    print(f"bibexport --version (process start-up): {startup:.2f} s")
    print(f"{'entries':>7}  {'style':<6} {'markup':<8} {'best':>7} {'median':>7}  per entry")
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            source = Path(folder) / f"bench-{size}.json"
            source.write_text(json.dumps(make_items(size), ensure_ascii=False), encoding="utf-8")
            for style in args.styles:
                out = Path(folder) / f"out-{size}-{style}.txt"
                command = [*base, "cite", str(source), "-f", "csljson", "--style", style,
                           "--markup", args.markup, "-q", "-o", str(out)]  # fmt: skip
                times = time_run(command, args.runs)
                entries = out.read_text(encoding="utf-8").count("\n")
                best, median = min(times), statistics.median(times)
                print(
                    f"{size:>7}  {style:<6} {args.markup:<8} {best:>6.2f}s {median:>6.2f}s"
                    f"  {1000 * best / max(entries, 1):.2f} ms ({entries} lines)"
                )


if __name__ == "__main__":
    main()
