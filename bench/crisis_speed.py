"""How long `directory.crisis.match` takes per query: median and p99, printed, not asserted.

    python bench/crisis_speed.py  (or `make crisis-bench`)

Runs every query of the labelled set (directory/crisis/data/queries.jsonl) through `match`
several times and times each call; the first pass warms the lexicon and model loading.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from directory.crisis import dataset, match  # noqa: E402

ROUNDS = 3


def main() -> None:
    queries = [row["query"] for row in dataset.load()]
    for query in queries:
        match(query)
    timings = []
    for _ in range(ROUNDS):
        for query in queries:
            start = time.perf_counter_ns()
            match(query)
            timings.append(time.perf_counter_ns() - start)
    timings.sort()
    p99 = timings[int(len(timings) * 0.99)]
    print(f"crisis.match over {len(queries)} queries x {ROUNDS} rounds: "
          f"median {statistics.median(timings) / 1e3:.0f} µs, p99 {p99 / 1e3:.0f} µs, "
          f"max {timings[-1] / 1e3:.0f} µs")


if __name__ == "__main__":
    main()
