"""Train the classifier of `model.py` on the training split and choose its thresholds.

Run `flask crisis train` (needs scikit-learn: `pip install -e '.[test]'`). Deterministic: the
same `data/queries.jsonl` gives the same `data/model.json`, which records the data's SHA-256
so a test can tell when the model is stale.

Why this model: a linear model over hashed word and character n-grams is small (a JSON file),
fast in pure Python at run time (no numpy or scikit-learn on the server), robust to the
spelling variation of phone-typed Malay and English, and its weights can be inspected. With a
few thousand labelled queries a larger model would mostly memorise them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from . import dataset, normalise
from .model import BUCKETS, CATEGORIES, MIN_WORDS, MODEL_PATH, Model, features

C = 4.0
DIGITS = 4
# Threshold search: a miss costs this many false alarms on look-alikes.
MISS_COST = 3
# The classifier is a second signal: it must be fairly sure on its own.
THRESHOLD_FLOOR = 0.5
THRESHOLD_CEILING = 0.9


def data_sha256(path: Path = dataset.QUERIES_PATH) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _matrix(rows: list[dict]):
    from scipy.sparse import csr_matrix

    indptr, indices, values = [0], [], []
    for row in rows:
        ids = features(normalise.words(row["query"]))
        indices += ids
        values += [1 / len(ids) ** 0.5] * len(ids) if ids else []
        indptr.append(len(indices))
    return csr_matrix((values, indices, indptr), shape=(len(rows), BUCKETS))


def fit(rows: list[dict]) -> tuple[list[float], dict[int, list[float]]]:
    from sklearn.linear_model import LogisticRegression

    train = [r for r in rows if r["split"] == "train"]
    x = _matrix(train)
    bias, columns = [], []
    for category in CATEGORIES:
        y = [int(r["label"] == category) for r in train]
        model = LogisticRegression(C=C, solver="liblinear", class_weight="balanced",
                                   random_state=0, max_iter=1000)
        model.fit(x, y)
        bias.append(round(float(model.intercept_[0]), DIGITS))
        columns.append(model.coef_[0])
    weights: dict[int, list[float]] = {}
    for feature in sorted(set(x.indices.tolist())):
        row = [round(float(column[feature]), DIGITS) for column in columns]
        if any(row):
            weights[feature] = row
    return bias, weights


def choose_thresholds(model: Model, rows: list[dict]) -> dict[str, float]:
    """Per category, the threshold with the fewest weighted errors of the whole detector on
    the validation split, never firing on an ordinary directory search."""
    from . import detect

    validation = [r for r in rows if r["split"] == "validation"]
    rules = [detect.rule_categories(r["query"]) for r in validation]
    probs = [model.probabilities(words) if len(words) >= MIN_WORDS else (0.0,) * 3
             for words in (normalise.words(r["query"]) for r in validation)]
    chosen = {}
    for k, category in enumerate(CATEGORIES):
        best = None
        for step in range(int(THRESHOLD_FLOOR * 100), int(THRESHOLD_CEILING * 100) + 1):
            threshold = step / 100
            cost, blocked = 0, False
            for row, rule, prob in zip(validation, rules, probs):
                fires = category in rule or prob[k] >= threshold
                if row["label"] == category and not fires:
                    cost += MISS_COST
                elif row["label"] != category and fires and category not in rule:
                    cost += 1
                    blocked |= row["kind"] == "directory_search"
            if not blocked and (best is None or cost < best[0]):
                best = (cost, threshold)
        chosen[category] = best[1] if best else THRESHOLD_CEILING
    return chosen


def train(path: Path = MODEL_PATH) -> dict:
    rows = dataset.load()
    bias, weights = fit(rows)
    provisional = Model(tuple(bias), {k: tuple(v) for k, v in weights.items()},
                        (0.5, 0.5, 0.5), "")
    thresholds = choose_thresholds(provisional, rows)
    data = {
        "about": "Crisis classifier weights, written by `flask crisis train`; do not edit.",
        "categories": list(CATEGORIES), "buckets": BUCKETS, "C": C,
        "data_sha256": data_sha256(), "bias": bias, "thresholds": thresholds,
        "weights": {str(k): v for k, v in weights.items()},
    }
    path.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n",
                    encoding="utf-8")
    return data
