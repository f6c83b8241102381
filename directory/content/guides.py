"""Guides: Markdown files in directory/content/guides/<slug>.<lang>.md, rendered safely.

A file starts with a front matter block (`key: value` lines between `---` lines: title,
summary, audience, updated, reviewed_by, reviewed_on) followed by CommonMark. Raw HTML is
disabled. A passage wrapped in `::: sensitive <label>` ... `:::` is shown collapsed behind its
label (a <details> element), so the reader chooses to reveal it. Links written as
`jaga:directory?…`, `jaga:guides/<slug>`, `jaga:services/<slug>` or `jaga:help/eating-disorders`
point into the site in the reader's language. An empty `::: lines-24h` block is filled with the
currently published 24-hour lines as tap-to-call links (numbers never live in the Markdown, so
a line that is unpublished disappears from the guides too). The rendered HTML is sanitised with
nh3 as a second line of defence.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from pathlib import Path

import nh3
from flask import current_app, url_for
from flask_babel import gettext as _
from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin

from ..web import caches

GUIDES_DIR = Path(__file__).parent / "guides"
HELP_DIR = Path(__file__).parent / "help"
AUDIENCE_GUIDES = ("teens", "caregivers", "educators")
ORDER = (*AUDIENCE_GUIDES, "talking-to-someone")
FRONT_MATTER_KEYS = ("title", "summary", "audience", "updated", "reviewed_by", "reviewed_on")

ALLOWED_TAGS = {"h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "a", "details",
                "summary", "span", "blockquote", "br", "hr", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href", "class"}, "details": {"class"}, "summary": {"class"},
                      "span": {"class", "lang"}, "ul": {"class"}, "p": {"class"},
                      "h2": {"id"}, "h3": {"id"}}


@dataclass(frozen=True)
class SiteData:
    """Published data a guide shows: the 24-hour lines (reference.LineRef, without 999)."""

    lines: tuple = field(default_factory=tuple)


@dataclass(frozen=True)
class Guide:
    slug: str
    lang: str
    title: str
    summary: str
    audience: str
    updated: dt.date | None
    reviewed_by: str
    reviewed_on: dt.date | None
    body: str  # Markdown source

    @property
    def text(self) -> str:
        """Everything a search should look at."""
        return f"{self.title}\n{self.summary}\n{self.body}"


class GuideFormatError(ValueError):
    pass


def parse(path: Path) -> Guide:
    slug, lang = path.name.removesuffix(".md").rsplit(".", 1)
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        raise GuideFormatError(f"{path.name}: no front matter")
    header, _sep, body = text[4:].partition("\n---\n")
    fields = {}
    for line in header.splitlines():
        key, sep, value = line.partition(":")
        if not sep or key.strip() not in FRONT_MATTER_KEYS:
            raise GuideFormatError(f"{path.name}: unexpected front matter line {line!r}")
        fields[key.strip()] = value.strip()
    missing = {"title", "summary", "audience"} - {k for k, v in fields.items() if v}
    if missing:
        raise GuideFormatError(f"{path.name}: missing {', '.join(sorted(missing))}")

    def date(key):
        return dt.date.fromisoformat(fields[key]) if fields.get(key) else None

    return Guide(slug=slug, lang=lang, title=fields["title"], summary=fields["summary"],
                 audience=fields["audience"], updated=date("updated"),
                 reviewed_by=fields.get("reviewed_by", ""), reviewed_on=date("reviewed_on"),
                 body=body)


def load_all(folder: Path = GUIDES_DIR) -> dict[tuple[str, str], Guide]:
    """Every guide file, keyed by (slug, lang)."""
    guides = {}
    for path in sorted(folder.glob("*.md")):
        guide = parse(path)
        guides[(guide.slug, guide.lang)] = guide
    return guides


# The guide files, read once per process (they change only with a deploy).
FILES = caches.register(caches.Cache("guides"))


def library() -> dict[tuple[str, str], Guide]:
    """The guides, keyed by (slug, lang)."""
    return FILES.get("guides", lambda: load_all(Path(current_app.config["GUIDES_DIR"])))


def find(slug: str, locale: str) -> Guide | None:
    """The guide in the reader's language, else in another one (marked with its lang)."""
    guides = library()
    for lang in (locale, "en", "ms"):
        if (slug, lang) in guides:
            return guides[(slug, lang)]
    return None


def find_help(slug: str, locale: str) -> Guide | None:
    """A help page (content/help/), in the reader's language if it exists."""
    pages = FILES.get("help", lambda: load_all(Path(current_app.config["HELP_DIR"])))
    for lang in (locale, "en", "ms"):
        if (slug, lang) in pages:
            return pages[(slug, lang)]
    return None


def all_in(locale: str) -> list[Guide]:
    slugs = dict.fromkeys([*ORDER, *sorted({slug for slug, _ in library()})])
    return [g for g in (find(slug, locale) for slug in slugs) if g]


def site_link(target: str, lang: str) -> str:
    """`jaga:directory?service=x` -> `/en/directory?service=x`; other links are unchanged."""
    if not target.startswith("jaga:"):
        return target
    path, _sep, query = target[len("jaga:"):].partition("?")
    kind, _sep, rest = path.partition("/")
    if kind == "directory":
        url = url_for("public.directory", lang=lang)
    elif kind == "guides" and rest:
        url = url_for("public.guide", lang=lang, slug=rest)
    elif kind == "guides":
        url = url_for("public.guides_index", lang=lang)
    elif kind == "services" and rest:
        url = url_for("public.service", lang=lang, slug=rest)
    elif kind == "help" and rest == "eating-disorders":
        url = url_for("public.eating_disorder_help", lang=lang)
    else:
        raise GuideFormatError(f"unknown site link {target!r}")
    return f"{url}?{query}" if query else url


def lines_html(lines, lang: str) -> str:
    """The published 24-hour lines as a list of tap-to-call links, names first."""
    from ..phones import href

    items = []
    for line in lines:
        name = line.localized("alternate_name", lang) or line.localized("name", lang)
        calls = [p for p in line.phones if p.kind == "voice"]
        if not (name and calls):
            continue
        lang_attr = f' lang="{name.lang}"' if getattr(name, "lang", lang) != lang else ""
        links = " ".join(
            f'<a class="call call-voice" href="{html.escape(href(p))}">'
            f'{html.escape(_("Call %(number)s", number=p.display))}</a>' for p in calls)
        items.append(f'<li><span class="call-line-name"{lang_attr}>{html.escape(str(name))}'
                     f'</span> {links}</li>')
    if not items:
        # Translators: shown in a guide when the list of 24-hour lines cannot be shown.
        text = html.escape(_("The 24-hour lines cannot be listed right now. In an emergency, call 999."))
        return f'<p class="call-lines-missing">{text} <a class="call call-voice" href="tel:999">999</a></p>\n'
    return '<ul class="call-lines">\n' + "\n".join(items) + "\n</ul>\n"


def _renderer(lang: str, data: SiteData) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})

    def render_lines(self, tokens, idx, _options, _env):
        return lines_html(data.lines, lang) if tokens[idx].nesting == 1 else ""

    container_plugin(md, "lines-24h", render=render_lines)

    def render_sensitive(self, tokens, idx, _options, _env):
        token = tokens[idx]
        if token.nesting == 1:
            label = html.escape(token.info.strip()[len("sensitive"):].strip())
            # Translators: the label on a collapsed passage that the reader chooses to open.
            kind = html.escape(_("Sensitive content"))
            # Translators: the action that opens a collapsed sensitive passage.
            action = html.escape(_("Show"))
            return (
                '<details class="sensitive"><summary class="sensitive-summary">'
                f'<span class="sensitive-kind">{kind}</span> '
                f'<span class="sensitive-label">{label}</span> '
                f'<span class="sensitive-action">{action}</span></summary>\n'
            )
        return "</details>\n"

    container_plugin(md, "sensitive", render=render_sensitive)

    def link_open(self, tokens, idx, options, env):
        token = tokens[idx]
        token.attrSet("href", site_link(token.attrGet("href") or "", lang))
        return self.renderToken(tokens, idx, options, env)

    md.add_render_rule("link_open", link_open)
    return md


def render(guide: Guide, locale: str, data: SiteData = SiteData()) -> str:
    """Safe HTML for a guide's body, its site links in the reader's language."""
    raw = _renderer(locale, data).render(guide.body)
    return nh3.clean(raw, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto", "tel"}, link_rel="noopener noreferrer")
