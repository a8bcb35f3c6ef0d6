"""Every Markdown text rendered before any exporter runs, on every core.

Each exporter needs the renderings; made once up front, forked exporter
workers share them instead of each making its own.
"""

from __future__ import annotations

from cardsmith import render, workers
from cardsmith.model import Deck

TEXTS_A_FORK = 5000
"""Texts are split between processes only when each gets at least this many."""


def render_texts(decks: list[Deck], processes: int) -> None:
    """Give every text of `decks` its renderings, made here or split between `processes`."""
    texts = []
    for text in (t for d in decks for t in d.texts()):
        done = render.literal(text.source)
        if done is None:
            texts.append(text)
        else:
            text.prime(done)  # cheaper made here than sent back from a worker
    chunks = max(1, min(processes, len(texts) // TEXTS_A_FORK))
    size = -(-len(texts) // chunks)

    def work(k: int) -> list[render.Rendered]:
        return [render.render_all(t.source, allow_html=t.allow_html)
                for t in texts[k * size:(k + 1) * size]]

    for k, rendered in workers.run(chunks, work, chunks).items():
        for text, made in zip(texts[k * size:(k + 1) * size], rendered, strict=True):
            text.prime(made)
