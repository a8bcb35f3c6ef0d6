"""Every Markdown text rendered before any exporter runs, on every core.

Each exporter needs the renderings; made once up front, forked exporter
workers share them instead of each making its own.
"""

from __future__ import annotations

import os

from cardsmith.build import workers
from cardsmith.model import Deck
from cardsmith.text import render

TEXTS_A_FORK = 5000
"""Texts are split between processes in chunks of at least this many."""


def render_texts(decks: list[Deck], processes: int) -> None:
    """Give every text of `decks` its renderings, made here or split between `processes`."""
    texts = [t for d in decks for t in d.texts()]
    # A few chunks a process: whoever is done first takes the next one.
    chunks = max(1, min(4 * processes, len(texts) // TEXTS_A_FORK))
    size = -(-len(texts) // chunks)
    home = os.getpid()

    def work(k: int) -> list[render.Rendered | None]:
        # A literal text is cheaper to make again than to send from a worker: a
        # worker leaves it out (None); made here, it is kept.
        here = os.getpid() == home
        out: list[render.Rendered | None] = []
        for text in texts[k * size:(k + 1) * size]:
            quick = render.literal(text.source)
            if quick is None:
                out.append(render.from_parse(text.source, text.allow_html))
            else:
                out.append(quick if here else None)
        return out

    for k, rendered in workers.run(chunks, work, processes).items():
        for text, made in zip(texts[k * size:(k + 1) * size], rendered, strict=True):
            text.prime(made or render.render_all(text.source, allow_html=text.allow_html))
