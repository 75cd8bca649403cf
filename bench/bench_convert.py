"""Throughput, peak memory and start-up of `bibexport convert`, measured as whole processes.

Usage: python bench/bench_convert.py [--sizes 1000,100000] [--repeat 3]

Generates a listing of N entries (deterministic), converts it to BibTeX and to
CSL-JSON in a fresh process each time, and prints records per second, wall time
and the child's peak resident memory. Also times `bibexport --version`, and
checks which heavy modules the light paths import.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VENUES = [
    ("NeurIPS", "Conference", "Conference Paper"),
    ("ICML", "Conference", "Conference Paper"),
    ("ICLR", "Conference", "Conference Paper"),
    ("JMLR", "Journal", "Journal Article"),
    ("CVPR", "Conference", "Conference Paper"),
    ("AAAI", "Conference", "Conference Paper"),
    ("TMLR", "Journal", "Journal Article"),
    ("COLT", "Conference", "Conference Paper"),
    ("AISTATS", "Conference", "Conference Paper"),
    ("NeurIPS", "Workshop", "Workshop Paper"),
    ("arXiv", "Preprint", "Preprint"),
    ("Obscure Symposium", "Conference", "Conference Paper"),
]
GIVEN = [
    "Sam",
    "Yi",
    "Gaël",
    "Laurens",
    "Valentin",
    "Ricardo Pio",
    "Zoë",
    "Łukasz",
    "Mateo",
    "Druv",
]
FAMILY = [
    "Buchanan",
    "Ma 0001",
    "Varoquaux",
    "van der Maaten",
    "De Bortoli",
    "Monti",
    "Nowak",
    "Diaz",
]
WORDS = [
    *("deep", "networks", "provably", "classify", "data", "curves", "sparse", "rate"),
    *("reduction", "proximal", "diffusion", "models", "learned", "priors", "inverse"),
    *("problems", "white-box", "transformers", "manifold"),
]

# Runs the CLI in-process and reports the peak resident set size (KiB) on stderr.
RUNNER = (
    "import resource, sys\n"
    "from bibexport.cli import main\n"
    "sys.argv = ['bibexport'] + sys.argv[1:]\n"
    "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code or 0\nelse:\n    code = 0\n"
    "sys.stderr.write(f'\\nPEAK_KIB={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n')\n"
    "sys.exit(code)\n"
)


def generate_listing(count: int, seed: int = 7) -> str:
    """A listing page of ``count`` entries in the Arrow format, the same for the same seed."""
    rng = random.Random(seed)
    blocks = [
        "Arrow Research search",
        "Author name cluster",
        "Sam Buchanan",
        f"{count} papers",
        "Possible papers",
    ]
    for _ in range(count):
        venue, kind, entry = rng.choice(VENUES)
        year = rng.randint(2012, 2025)
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 10))).capitalize()
        authors = "\n".join(
            f"  • {rng.choice(GIVEN)} {rng.choice(FAMILY)}" for _ in range(rng.randint(1, 8))
        )
        abstract = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 120)))
        abstract += (
            " with $\\mathcal{O}(d/\\sqrt{\\varepsilon})$ steps --- see https: //github. com/x/y."
        )
        blocks.append(f"{venue} {kind} {year} {entry}\n\n{title}\n\n{authors}\n\n{abstract}")
    return "\n\n".join(blocks)


def run_cli(args: list[str]) -> tuple[float, int]:
    """Run the CLI in a fresh process; return (wall seconds, peak KiB)."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, *args], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"bibexport {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    peak = int(done.stderr.rsplit("PEAK_KIB=", 1)[1].split()[0])
    return wall, peak


def heavy_imports(args: list[str]) -> list[str]:
    """The citeproc/lxml modules that running the CLI with ``args`` imports."""
    script = (
        "import sys\nfrom bibexport.cli import app\n"
        f"try:\n    app({args!r})\nexcept SystemExit:\n    pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'citeproc', 'lxml'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    return [line for line in done.stdout.splitlines() if line.startswith("[")][-1:]


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    sizes = [int(size) for size in options.sizes.split(",")]

    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'N':>8} {'to':<8} {'wall s':>8} {'records/s':>10} {'peak MiB':>9}")
        for size in sizes:
            source = Path(tmp) / f"listing-{size}.txt"
            source.write_text(generate_listing(size), encoding="utf-8")
            for target in ("bibtex", "csljson"):
                out = Path(tmp) / f"out-{size}.{target}"
                runs = [
                    run_cli(["convert", str(source), "-t", target, "-o", str(out), "-q"])
                    for _ in range(options.repeat)
                ]
                wall = statistics.median(w for w, _ in runs)
                peak = max(p for _, p in runs) / 1024
                print(f"{size:>8} {target:<8} {wall:>8.2f} {size / wall:>10.0f} {peak:>9.1f}")

        startup = [run_cli(["--version"])[0] for _ in range(max(options.repeat, 5))]
        print(f"\nstart-up, bibexport --version: median {statistics.median(startup) * 1000:.0f} ms")
        sample = Path(tmp) / "listing-small.txt"
        sample.write_text(generate_listing(20), encoding="utf-8")
        for args in (["--help"], ["convert", str(sample), "-t", "bibtex", "-q"]):
            shown = " ".join(args[:1] + args[2:])
            print(f"heavy modules imported by {shown}: {heavy_imports(args)[0]}")


if __name__ == "__main__":
    main()
