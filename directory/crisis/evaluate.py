"""`make crisis-eval`: the detector's figures on the validation split (or any split)."""

from __future__ import annotations

from collections import Counter, defaultdict

from . import dataset
from .detect import explain, match


def evaluate(split: str = "validation", show_misses: bool = True) -> dict:
    rows = [r for r in dataset.load() if split == "all" or r["split"] == split]
    positives: Counter = Counter()
    caught: Counter = Counter()
    negatives: Counter = Counter()
    alarms: Counter = Counter()
    misses: list[tuple[dict, frozenset]] = []
    false_alarms: list[tuple[dict, frozenset]] = []
    by_kind: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        found = match(row["query"])
        if row["label"] == "none":
            negatives[row["kind"]] += 1
            if found:
                alarms[row["kind"]] += 1
                false_alarms.append((row, found))
        else:
            positives[row["label"]] += 1
            hit = row["label"] in found
            caught[row["label"]] += hit
            by_kind[row["label"], row["kind"]][0] += hit
            by_kind[row["label"], row["kind"]][1] += 1
            if not hit:
                misses.append((row, found))
    print(f"Crisis detector on the {split} split: {len(rows)} queries "
          f"({sum(positives.values())} crisis, {sum(negatives.values())} not)\n")
    print("Recall per category")
    for label in ("suicide", "self_harm", "eating_disorder"):
        n = positives[label]
        print(f"  {label:16} {caught[label]:4}/{n:<4} {100 * caught[label] / max(n, 1):5.1f} %")
    print("\nRecall per category and kind")
    for (label, kind), (hit, n) in sorted(by_kind.items()):
        print(f"  {label:16} {kind:12} {hit:4}/{n:<4} {100 * hit / n:5.1f} %")
    print("\nFalse alarms per negative kind")
    for kind, n in sorted(negatives.items()):
        print(f"  {kind:16} {alarms[kind]:4}/{n:<4} {100 * alarms[kind] / n:5.1f} %")
    if show_misses:
        print(f"\nMisses ({len(misses)})")
        for row, found in misses:
            print(f"  [{row['label']}/{row['kind']}] {row['query']!r} -> {sorted(found)} "
                  f"{explain(row['query'])}")
        print(f"\nFalse alarms ({len(false_alarms)})")
        for row, found in false_alarms:
            print(f"  [{row['kind']}] {row['query']!r} -> {sorted(found)} {explain(row['query'])}")
    return {"recall": {k: caught[k] / positives[k] for k in positives},
            "false_alarms": {k: alarms[k] / negatives[k] for k in negatives}}


if __name__ == "__main__":
    import sys

    evaluate(sys.argv[1] if len(sys.argv) > 1 else "validation")
