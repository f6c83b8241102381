"""Layer 3: a small linear classifier, the second signal for what no pattern names.

One logistic regression per category (suicide, self_harm, eating_disorder against the rest)
over hashed features of the canonical words (`normalise.words`): words, word pairs and the
character 3- to 5-grams of each word with its boundaries. Character n-grams carry spellings
the normaliser does not know ("bunuhh", "suicdal"); word pairs carry "tak makan", "nak mati".

The weights live in `data/model.json`, written by `flask crisis train` (see `train.py`, which
needs scikit-learn); inference here is pure Python: a few hundred dictionary look-ups.
"""

from __future__ import annotations

import json
import math
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..web.caches import memoized

MODEL_PATH = Path(__file__).resolve().parent / "data" / "model.json"
BUCKETS = 1 << 18
CATEGORIES = ("suicide", "self_harm", "eating_disorder")
MIN_WORDS = 3


def features(words: list[str]) -> list[int]:
    """The distinct hashed feature ids of a canonical word list."""
    found: set[int] = set()
    names = [f"w:{word}" for word in words]
    names += [f"b:{a}_{b}" for a, b in zip(words, words[1:])]
    for word in words:
        padded = f"<{word}>"
        for size in (3, 4, 5):
            names += [f"c:{padded[i:i + size]}" for i in range(len(padded) - size + 1)]
    for name in names:
        found.add(zlib.crc32(name.encode()) & (BUCKETS - 1))
    return sorted(found)


@dataclass(frozen=True)
class Model:
    bias: tuple[float, ...]
    weights: dict[int, tuple[float, ...]]
    thresholds: tuple[float, ...]
    data_sha256: str

    @classmethod
    def from_file(cls, path: Path = MODEL_PATH) -> Model:
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["categories"]) != CATEGORIES or data["buckets"] != BUCKETS:
            raise ValueError(f"{path} was trained for other categories or feature buckets")
        return cls(
            bias=tuple(data["bias"]),
            weights={int(key): tuple(value) for key, value in data["weights"].items()},
            thresholds=tuple(data["thresholds"][c] for c in CATEGORIES),
            data_sha256=data["data_sha256"],
        )

    def probabilities(self, words: list[str]) -> tuple[float, ...]:
        ids = features(words)
        if not ids:
            return tuple(0.0 for _ in CATEGORIES)
        scale = 1 / math.sqrt(len(ids))
        scores = list(self.bias)
        for feature in ids:
            row = self.weights.get(feature)
            if row:
                for k, weight in enumerate(row):
                    scores[k] += weight * scale
        return tuple(1 / (1 + math.exp(-max(min(s, 30.0), -30.0))) for s in scores)

    def categories(self, words: list[str]) -> set[str]:
        # On one or two words a linear model leans on a single feature ("makan", "goodbye"):
        # short queries are left to the term list and the patterns.
        if len(words) < MIN_WORDS:
            return set()
        return {c for c, p, t in zip(CATEGORIES, self.probabilities(words), self.thresholds)
                if p >= t}


@memoized("crisis_model")
def default_model() -> Model | None:
    """The committed model, or None when it has not been trained yet."""
    return Model.from_file() if MODEL_PATH.exists() else None
