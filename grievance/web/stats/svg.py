"""Server-rendered SVG charts: no JavaScript, a few kilobytes, readable by screen readers.

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` (``aria-labelledby``
both); the page always puts the same numbers in a table next to it. Hidden (suppressed)
values draw no bar and carry their marker ("< 5") as the label. Styling is by presentation
attributes (the CSP forbids inline ``style``), so the charts print as they look.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from markupsafe import Markup, escape

BAR = "#0b5394"
INK = "#1a1a1a"
MUTED = "#6b6b6b"
GRID = "#c8c8c8"
_ids = itertools.count(1)


def _head(width: int, height: int, title: str, desc: str) -> tuple[str, str]:
    n = next(_ids)
    tid, did = f"chart-t{n}", f"chart-d{n}"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="system-ui, sans-serif" aria-labelledby="{tid} {did}">'
        f'<title id="{tid}">{escape(title)}</title><desc id="{did}">{escape(desc)}</desc>'
    )
    return head, "</svg>"


def _fmt(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def bar_chart(
    items: Sequence[tuple[str, int | None, str]], title: str, desc: str, *, width: int = 640
) -> Markup:
    """Horizontal bars: ``items`` are (label, value or None, text shown when None)."""
    label_w, row_h, pad = 230, 22, 6
    height = pad * 2 + row_h * max(len(items), 1)
    peak = max([v for _, v, _ in items if v is not None] or [1]) or 1
    plot_w = width - label_w - 70
    head, tail = _head(width, height, title, desc)
    parts = [head]
    for i, (label, value, marker) in enumerate(items):
        y = pad + i * row_h
        short = label if len(label) <= 34 else label[:32] + "…"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" font-size="12" '
            f'fill="{INK}">{escape(short)}</text>'
        )
        if value is None:
            parts.append(f'<text x="{label_w + 4}" y="{y + 15}" font-size="12" '
                         f'fill="{MUTED}">{escape(marker)}</text>')
            continue
        w = round(plot_w * value / peak, 1)
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{row_h - 6}" '
                     f'fill="{BAR}"/>')
        parts.append(f'<text x="{label_w + w + 4}" y="{y + 15}" font-size="12" '
                     f'fill="{INK}">{_fmt(value)}</text>')
    parts.append(tail)
    # Every text in ``parts`` went through ``escape``; the rest are numbers we formatted.
    return Markup("".join(parts))  # noqa: S704


def column_chart(
    items: Sequence[tuple[str, int | None, str]], title: str, desc: str, *, width: int = 640
) -> Markup:
    """Vertical columns over time (months): labels every few columns, hidden ones marked."""
    height, top, bottom, left = 220, 16, 40, 40
    n = max(len(items), 1)
    plot_w, plot_h = width - left - 8, height - top - bottom
    step = plot_w / n
    peak = max([v for _, v, _ in items if v is not None] or [1]) or 1
    head, tail = _head(width, height, title, desc)
    parts = [head,
             f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 8}" y2="{top + plot_h}" '
             f'stroke="{GRID}"/>',
             f'<text x="{left - 4}" y="{top + 8}" text-anchor="end" font-size="11" '
             f'fill="{MUTED}">{_fmt(peak)}</text>',
             f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end" font-size="11" '
             f'fill="{MUTED}">0</text>']
    every = max(1, round(n / 8))
    for i, (label, value, _marker) in enumerate(items):
        x = left + i * step
        if value is None:
            # A hidden month: a short grey tick, so the gap is not read as zero.
            parts.append(f'<rect x="{x + step * 0.2:.1f}" y="{top + plot_h - 3}" '
                         f'width="{step * 0.6:.1f}" height="3" fill="{GRID}"/>')
        else:
            h = plot_h * value / peak
            parts.append(f'<rect x="{x + step * 0.1:.1f}" y="{top + plot_h - h:.1f}" '
                         f'width="{step * 0.8:.1f}" height="{h:.1f}" fill="{BAR}"/>')
        if i % every == 0:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{top + plot_h + 14}" '
                         f'text-anchor="middle" font-size="10" fill="{INK}">'
                         f'{escape(label)}</text>')
    parts.append(tail)
    # Every text in ``parts`` went through ``escape``; the rest are numbers we formatted.
    return Markup("".join(parts))  # noqa: S704
