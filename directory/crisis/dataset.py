"""The labelled query set: hand-written phrasings plus reviewable spelling variants.

`data/core_*.txt` hold the hand-written phrasings, grouped under headers:
    # label=suicide             (once per file)
    ## kind=method language=ms  (for the lines that follow)
`python -m directory.crisis.dataset` (or `flask crisis data`) expands every phrasing into a
few variants the way people type on phones (chat shorthand, stretched letters, a slipped
letter, no spaces, digits for words) and writes `data/queries.jsonl`. The variants of one
phrasing share its `group`; the split is made per group, so a phrasing and its variants are
always on the same side and the validation figure is honest.
"""

from __future__ import annotations

import json
import random
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
QUERIES_PATH = DATA / "queries.jsonl"
LABELS = ("suicide", "self_harm", "eating_disorder", "none")
# One group in five is kept for validation: training never sees it.
VALIDATION_SHARE = 5
VARIANTS_PER_PHRASING = 3

# Full word -> spellings people type instead (the reverse of data/shorthand.json, curated).
SHORTEN = {
    "tak": ["x", "tk", "tok"], "nak": ["nk", "nok"], "saya": ["sy", "sye"], "aku": ["aq", "ak"],
    "hidup": ["idup", "hdup"], "makan": ["mkn", "mkan"], "dengan": ["dgn", "ngan"],
    "sangat": ["sgt", "sngt"], "tangan": ["tgn"], "dah": ["dh", "da"], "lagi": ["lg", "lgi"],
    "sudah": ["dah", "dh"], "tidak": ["tak", "x"], "macam mana": ["mcm mana", "camne"],
    "untuk": ["utk", "tuk"], "boleh": ["blh", "leh"], "orang": ["org"], "semua": ["sume"],
    "sebab": ["sbb"], "sendiri": ["sndiri", "sendri"], "diri": ["dri"], "kenapa": ["knp"],
    "je": ["jer", "jeee"], "bunuh": ["bnuh"], "tidur": ["tdo", "tido"], "banyak": ["byk"],
    "you": ["u"], "to": ["2"], "for": ["4"], "want to": ["wanna", "wan to"],
    "going to": ["gonna"], "myself": ["myslf", "my self"], "because": ["coz", "bcs"],
    "people": ["ppl"], "please": ["pls", "plz"], "tonight": ["2nite", "tonite"],
    "dont": ["dnt", "don't"], "i am": ["im", "i'm"], "cant": ["can't", "cnt"],
    "tomorrow": ["tmrw"], "life": ["lyf"], "about": ["abt"], "with": ["w"],
}


def read_core() -> Iterator[dict]:
    """The hand-written phrasings, in file order."""
    for path in sorted(DATA.glob("core_*.txt")):
        label, kind, language = None, None, None
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line:
                continue
            if line.startswith("## "):
                fields = dict(part.split("=") for part in line[3:].split())
                kind, language = fields["kind"], fields["language"]
            elif line.startswith("# "):
                label = dict([line[2:].split("=")])["label"]
            else:
                if label not in LABELS or not kind or not language:
                    raise ValueError(f"{path}: a query before its # label= / ## kind= header")
                yield {"query": line, "label": label, "language": language, "kind": kind}


def _shorten(text: str, rng: random.Random) -> str:
    keys = [k for k in SHORTEN if re.search(rf"\b{re.escape(k)}\b", text)]
    for key in rng.sample(keys, k=min(len(keys), rng.randint(1, 3))):
        text = re.sub(rf"\b{re.escape(key)}\b", rng.choice(SHORTEN[key]), text, count=1)
    return text


def _stretch(text: str, rng: random.Random) -> str:
    words = text.split()
    position = rng.randrange(len(words))
    word = words[position]
    if word[-1:].isalpha():
        words[position] = word + word[-1] * rng.randint(2, 4)
    return " ".join(words)


def _slip(text: str, rng: random.Random) -> str:
    words = text.split()
    long_words = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long_words:
        return text
    i = rng.choice(long_words)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    if rng.random() < 0.5:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    else:
        w = w[:j] + w[j + 1:]
    words[i] = w
    return " ".join(words)


def _squash(text: str, rng: random.Random) -> str:
    words = text.split()
    if len(words) < 2:
        return text.upper()
    i = rng.randrange(len(words) - 1)
    return " ".join(words[:i] + [words[i] + words[i + 1]] + words[i + 2:])


def _decorate(text: str, rng: random.Random) -> str:
    return rng.choice([text.upper(), text.capitalize() + "...", text + " 😭", text + "??",
                       text + " lah", text + " pls help"])


VARIANTS = (_shorten, _stretch, _slip, _squash, _decorate)


def variants(row: dict) -> list[dict]:
    """A phrasing and its variants, deterministic for the phrasing."""
    # Seeded per phrasing for reproducible variants, not for security.
    rng = random.Random(zlib.crc32(row["query"].encode()))  # nosec B311
    seen = {row["query"]}
    out = [dict(row, group=row["query"], source="core")]
    for make in rng.sample(VARIANTS, k=len(VARIANTS)):
        text = make(row["query"], rng)
        if len(out) > VARIANTS_PER_PHRASING:
            break
        if text not in seen:
            seen.add(text)
            out.append(dict(row, query=text, group=row["query"], source="variant"))
    return out


def split_of(group: str) -> str:
    """'validation' for one group in VALIDATION_SHARE, chosen by a stable hash."""
    return "validation" if zlib.crc32(group.encode()) % VALIDATION_SHARE == 0 else "train"


def build() -> list[dict]:
    rows = []
    for core in read_core():
        for row in variants(core):
            row["split"] = split_of(row["group"])
            rows.append(row)
    return rows


def write(rows: list[dict], path: Path = QUERIES_PATH) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")


def load(path: Path = QUERIES_PATH) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


if __name__ == "__main__":
    built = build()
    write(built)
    print(f"{len(built)} queries written to {QUERIES_PATH}")
