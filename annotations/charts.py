"""Small server-side SVG charts for the dashboard: no JavaScript, no CDN, no inline ``style``.

Colours come from presentation attributes (``fill=``) or from classes styled in ``app.css``, which
the Content-Security-Policy allows (``style-src 'self'``). Every chart is ``role="img"`` with a
title; the page puts a data table next to it for screen readers and for exact numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH = 720


def _n(value: float) -> str:
    """A coordinate with one decimal (format_html escapes its arguments to strings first)."""
    return f"{value:.1f}"


def _svg(title: str, height: int, body: SafeString | str, *, width: int = WIDTH) -> SafeString:
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{t}" '
        'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>{b}</svg>',
        w=width,
        h=height,
        t=title,
        b=body,
    )


def stacked_bars(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]]) -> SafeString:
    """One bar per label (e.g. day), stacked by series (e.g. status, class ``st-<name>``)."""
    height, top, bottom, left = 240, 10, 30, 64
    plot_h, plot_w = height - top - bottom, WIDTH - left - 10
    totals = [sum(values[i] for _, values in series) for i in range(len(labels))]
    peak = max(totals, default=0) or 1
    step = plot_w / max(len(labels), 1)
    bar_w = max(step * 0.8, 1)
    parts = []
    for i in range(len(labels)):
        y = float(top + plot_h)
        for name, values in series:
            h = plot_h * values[i] / peak
            if h <= 0:
                continue
            y -= h
            parts.append(
                format_html(
                    '<rect class="st-{}" x="{}" y="{}" width="{}" height="{}"></rect>',
                    name,
                    _n(left + i * step),
                    _n(y),
                    _n(bar_w),
                    _n(h),
                )
            )
    axis = format_html(
        '<line class="axis" x1="{l}" y1="{b}" x2="{r}" y2="{b}" stroke="#5b6170"></line>'
        '<text x="{tx}" y="{ty}" font-size="12" text-anchor="end" fill="#1d1f23">{peak}</text>'
        '<text x="{tx}" y="{b}" font-size="12" text-anchor="end" fill="#1d1f23">0</text>',
        l=left,
        r=WIDTH - 10,
        b=top + plot_h,
        tx=left - 6,
        ty=top + 10,
        peak=peak,
    )
    if labels:
        axis += format_html(
            '<text x="{}" y="{}" font-size="12" fill="#1d1f23">{}</text>'
            '<text x="{}" y="{}" font-size="12" text-anchor="end" fill="#1d1f23">{}</text>',
            left,
            height - 8,
            labels[0],
            WIDTH - 10,
            height - 8,
            labels[-1],
        )
    return _svg(title, height, mark_safe("".join(parts)) + axis)


def heat_colour(share: float) -> str:
    """White → dark blue for 0 → 1 (values outside are clamped)."""
    share = min(max(share, 0.0), 1.0)
    start, end = (255, 255, 255), (31, 95, 191)
    r, g, b = (round(a + (z - a) * share) for a, z in zip(start, end, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def heat_grid(
    title: str,
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[float | None]],
    *,
    low: float = 0.0,
    high: float | None = None,
    digits: int = 0,
) -> SafeString:
    """A grid of cells shaded by value (rows × columns); empty cells for ``None``."""
    cell_w = max(min(80, (WIDTH - 140) // max(len(columns), 1)), 14)
    cell_h, left, top = 28, 140, 24
    width = left + cell_w * len(columns) + 10
    height = top + cell_h * len(rows) + 10
    flat = [v for row in values for v in row if v is not None]
    high = high if high is not None else (max(flat, default=1) or 1)
    parts = [
        format_html(
            '<text x="{}" y="{}" font-size="12" text-anchor="end" fill="#1d1f23">{}</text>',
            left - 6,
            top + cell_h * i + 18,
            name,
        )
        for i, name in enumerate(rows)
    ]
    show_column_names = cell_w >= 60
    for j, name in enumerate(columns):
        if show_column_names:
            parts.append(
                format_html('<text x="{}" y="16" font-size="11" fill="#1d1f23">{}</text>', left + cell_w * j + 2, name)
            )
    for i, row in enumerate(values):
        for j, value in enumerate(row):
            x, y = left + cell_w * j, top + cell_h * i
            if value is None:
                parts.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="#f4f5f7" stroke="#d9dce3"></rect>',
                        x,
                        y,
                        cell_w,
                        cell_h,
                    )
                )
                continue
            share = (value - low) / (high - low) if high != low else 1.0
            fill = heat_colour(share)
            ink = "#ffffff" if share > 0.55 else "#1d1f23"
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#d9dce3"></rect>',
                    x,
                    y,
                    cell_w,
                    cell_h,
                    fill,
                )
            )
            if cell_w >= 30:
                parts.append(
                    format_html(
                        '<text x="{}" y="{}" font-size="12" text-anchor="middle" fill="{}">{}</text>',
                        _n(x + cell_w / 2),
                        y + 18,
                        ink,
                        f"{value:.{digits}f}",
                    )
                )
    return _svg(title, height, format_html_join("", "{}", ((p,) for p in parts)), width=max(width, 200))


def hbars(title: str, items: Sequence[tuple[str, float | None]], *, unit: str = "") -> SafeString:
    """Horizontal bars, one per (label, value)."""
    left, bar_h, gap = 160, 22, 10
    height = (bar_h + gap) * max(len(items), 1) + gap
    peak = max((v for _, v in items if v), default=1) or 1
    parts = []
    for i, (label, value) in enumerate(items):
        y = gap + i * (bar_h + gap)
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="12" text-anchor="end" fill="#1d1f23">{}</text>', left - 6, y + 15, label
            )
        )
        if value is None:
            parts.append(format_html('<text x="{}" y="{}" font-size="12" fill="#5b6170">no data</text>', left, y + 15))
            continue
        w = (WIDTH - left - 120) * value / peak
        parts.append(
            format_html(
                '<rect class="bar" x="{}" y="{}" width="{}" height="{}" fill="#1f5fbf"></rect>'
                '<text x="{}" y="{}" font-size="12" fill="#1d1f23">{}{}</text>',
                left,
                y,
                _n(w),
                bar_h,
                _n(left + w + 6),
                y + 15,
                value,
                unit,
            )
        )
    return _svg(title, height, format_html_join("", "{}", ((p,) for p in parts)))
