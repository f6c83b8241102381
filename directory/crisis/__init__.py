"""Crisis detection: does a search query signal suicide, self-harm or an eating disorder?

`match(query) -> frozenset of categories` is pure and takes well under a millisecond. See
`detect.py` for how the layers combine and docs/crisis.md for the data and the figures.
"""

from .detect import explain, match
from .terms import CRISIS_TERMS_PATH, CrisisTerms, default_terms

__all__ = ["CRISIS_TERMS_PATH", "CrisisTerms", "default_terms", "explain", "match"]
