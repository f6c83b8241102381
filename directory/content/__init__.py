"""Written content: the guides (guides/<slug>.<lang>.md) and help pages (help/), how they are
parsed and rendered safely (guides.py), and the check that both languages keep the same
structure (guide_check.py, used by `flask translate check`)."""
