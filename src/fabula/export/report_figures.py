"""The HTML report's plots, as Plotly figure JSON: who talks to whom, and the scenes.

Plotly draws them in the browser from its bundled JavaScript (inlined once in the report),
so the report works offline and the plots zoom, pan and show details on hover. Each figure
function returns ``None`` when the story lacks the data it needs, and the report then leaves
that section out rather than showing an empty plot.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING

from ..model import Story
from .cast import CastEntry, spoken_quotes

if TYPE_CHECKING:  # plotly loads only when a report is written
    import plotly.graph_objects as go

#: The most characters a plot shows; beyond that labels overlap and nobody can read them.
MAX_NODES = 40
MAX_TIMELINE_ROWS = 20
#: The most chapter ticks on a story axis: ticks stand at least 1/MAX_CHAPTER_TICKS of the text
#: apart, so the labels of a run of short chapters do not collide.
MAX_CHAPTER_TICKS = 20
_NO_AXIS = {"visible": False, "showgrid": False, "zeroline": False}


def hue(rank: int) -> float:
    """A hue per cast rank, spaced by the golden angle so neighbours in the cast differ."""
    return (20 + rank * 137.508) % 360


def ink(h: float) -> str:
    """The strong colour of a character in plots (the text uses a pale tint of the same hue)."""
    return f"hsl({h:.0f},60%,42%)"


def talk_counts(story: Story) -> Counter[tuple[int, int]]:
    """Lines spoken from one character to another: ``(speaker, addressee) -> count``."""
    counts: Counter[tuple[int, int]] = Counter()
    for q in spoken_quotes(story):
        if q.speaker is not None:
            for a in q.addressees:
                if a != q.speaker:
                    counts[q.speaker, a] += 1
    return counts


def network_figure(story: Story, cast: list[CastEntry], hues: dict[int, float]) -> "go.Figure | None":
    """Who talks to whom: nodes sized by lines spoken, edges as thick as the talk between them."""
    import plotly.graph_objects as go

    counts = talk_counts(story)
    if not counts:
        return None
    lines = {e.character.id: e for e in cast}
    talkers = {c for pair in counts for c in pair}
    keep = [e.character.id for e in cast if e.character.id in talkers][:MAX_NODES]
    kept = set(keep)
    pairs: Counter[tuple[int, int]] = Counter()
    for (a, b), n in counts.items():
        if a in kept and b in kept:
            pairs[min(a, b), max(a, b)] += n
    pos = _layout(keep, pairs)

    fig = go.Figure()
    heaviest = max(pairs.values(), default=1)
    for width in (1, 2.5, 4.5, 7):
        xs: list[float | None] = []
        ys: list[float | None] = []
        for (a, b), n in pairs.items():
            if _width(n, heaviest) == width:
                xs += [pos[a][0], pos[b][0], None]
                ys += [pos[a][1], pos[b][1], None]
        if xs:
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip",
                                     line={"width": width, "color": "rgba(110,110,130,0.45)"}))
    names = {e.character.id: e.character.name for e in cast}
    fig.add_trace(go.Scatter(  # invisible points mid-edge carry the edge's hover text
        x=[(pos[a][0] + pos[b][0]) / 2 for a, b in pairs], y=[(pos[a][1] + pos[b][1]) / 2 for a, b in pairs],
        mode="markers", marker={"size": 8, "opacity": 0}, hoverinfo="text",
        hovertext=[f"{names[a]} → {names[b]}: {counts[a, b]}<br>{names[b]} → {names[a]}: {counts[b, a]}"
                   for a, b in pairs]))
    most = max((lines[c].lines for c in keep), default=1) or 1
    fig.add_trace(go.Scatter(
        x=[pos[c][0] for c in keep], y=[pos[c][1] for c in keep], mode="markers+text",
        text=[names[c] for c in keep], textposition="top center", customdata=keep, hoverinfo="text",
        hovertext=[f"<b>{names[c]}</b><br>{plural(lines[c].lines, 'line')}, {plural(lines[c].words, 'word')}"
                   "<br>click to highlight"
                   for c in keep],
        marker={"size": [10 + 34 * math.sqrt(lines[c].lines / most) for c in keep],
                "color": [ink(hues[c]) for c in keep], "line": {"width": 1, "color": "white"}}))
    fig.update_layout(showlegend=False, height=min(600, 320 + 8 * len(keep)),
                      margin={"l": 10, "r": 10, "t": 36, "b": 10}, hovermode="closest", plot_bgcolor="white",
                      dragmode="pan", xaxis=_padded([x for x, _ in pos.values()]),
                      yaxis=_padded([y for _, y in pos.values()], top=0.12))
    return fig


def _layout(nodes: list[int], pairs: Counter[tuple[int, int]]) -> dict[int, tuple[float, float]]:
    """Spring layout, made readable for a novel's hairball of minor characters.

    Springs pull by the log of the talk (else the protagonist's pairs crush everyone into
    the centre), and a square-root radial squash brings far-flung minor characters in,
    leaving more room at the crowded centre. Seeded, so a report is reproducible.
    """
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_weighted_edges_from((a, b, math.log1p(n)) for (a, b), n in pairs.items())
    pos = nx.spring_layout(graph, weight="weight", seed=7, k=2 / math.sqrt(max(len(nodes), 1)), iterations=200)
    cx = sum(x for x, _ in pos.values()) / len(pos)
    cy = sum(y for _, y in pos.values()) / len(pos)
    out: dict[int, tuple[float, float]] = {}
    for node, (x, y) in pos.items():
        r = math.hypot(x - cx, y - cy)
        scale = 1 / math.sqrt(r) if r > 0 else 1
        out[node] = ((x - cx) * scale, (y - cy) * scale)
    return out


def _padded(values: list[float], top: float = 0.06) -> dict[str, object]:
    """A hidden axis whose range leaves room for the largest circle and its label."""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    return {**_NO_AXIS, "range": [low - 0.06 * span, high + top * span]}


def plural(n: int, noun: str) -> str:
    """``3 lines``, ``1 line``: counts in hover text read as words."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _width(n: int, heaviest: int) -> float:
    """One of four line widths, so the plot needs four edge traces, not one per edge."""
    share = n / heaviest
    return 7 if share > 0.5 else 4.5 if share > 0.2 else 2.5 if share > 0.05 else 1


def timeline_figure(story: Story, cast: list[CastEntry], hues: dict[int, float]) -> "go.Figure | None":
    """The scenes along the story, and which characters take part in each."""
    import plotly.graph_objects as go

    if not story.scenes or not story.text:
        return None
    size = len(story.text)
    presence = Counter(c for s in story.scenes for c in set(s.participants))
    rank = {e.character.id: i for i, e in enumerate(cast)}
    rows = sorted((c for c in presence if c in rank), key=lambda c: (-presence[c], rank[c]))[:MAX_TIMELINE_ROWS]
    names = {e.character.id: e.character.name for e in cast}

    def label(i: int) -> str:
        s = story.scenes[i]
        who = ", ".join(names[c] for c in s.participants if c in names) or "no speaking characters found"
        where = f"chapter {s.chapter}, " if s.chapter else ""
        cue = f"<br>starts at: {s.cue}" if s.cue else ""
        return f"<b>Scene {i + 1}</b> ({where}{100 * s.start / size:.0f}%)<br>{who}{cue}"

    def bars(scenes: list[int], row: str, colour: str | list[str]) -> "go.Bar":
        return go.Bar(
            y=[row] * len(scenes), base=[100 * story.scenes[i].start / size for i in scenes],
            x=[max(100 * (story.scenes[i].end - story.scenes[i].start) / size, 0.15) for i in scenes],
            orientation="h", marker={"color": colour, "line": {"width": 0}}, hoverinfo="text",
            hovertext=[label(i) for i in scenes], customdata=[story.scenes[i].first_paragraph for i in scenes])

    fig = go.Figure()
    all_scenes = list(range(len(story.scenes)))
    fig.add_trace(bars(all_scenes, "all scenes", ["#8a8fa3" if i % 2 else "#c5c8d4" for i in all_scenes]))
    for c in rows:
        fig.add_trace(bars([i for i, s in enumerate(story.scenes) if c in s.participants], names[c], ink(hues[c])))
    fig.update_layout(
        barmode="overlay", showlegend=False, bargap=0.25, height=116 + 26 * (len(rows) + 1),
        margin={"l": 10, "r": 10, "t": 36, "b": 40}, plot_bgcolor="white", hovermode="closest",
        xaxis=story_axis(story, "position in the story (% of the text); click a scene to read it"),
        yaxis={"autorange": "reversed", "automargin": True})
    return fig


def story_axis(story: Story, title: str) -> dict[str, object]:
    """An x axis of position in the story (0-100% of the text), ticked at chapter headings.

    Every plot along the story uses it, so a scene, a dip in the arc and a character's low
    point line up by eye from one plot to the next.
    """
    axis: dict[str, object] = {"range": [-1, 101], "title": {"text": title}, "gridcolor": "#eee", "automargin": True}
    chapters = [p for p in story.paragraphs if p.kind == "heading"]
    if len(chapters) < 2:  # one chapter tick says nothing: tick percentages instead
        return {**axis, "ticksuffix": "%"}
    size = max(len(story.text), 1)
    ticks = chapters[:1]
    for p in chapters[1:]:
        if p.start - ticks[-1].start >= size / MAX_CHAPTER_TICKS:
            ticks.append(p)
    return {**axis, "tickvals": [100 * p.start / size for p in ticks], "ticktext": [f"ch. {p.chapter}" for p in ticks]}
