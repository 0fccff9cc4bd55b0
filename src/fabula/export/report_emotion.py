"""The HTML report's emotion plots: the story's emotional arc and the main characters' feelings.

Both read what the ``emotion`` stage left in ``story.extras["emotion"]`` (see
:mod:`fabula.stages.emotion`) and return ``None`` when it is missing or empty, so the report
leaves the section out. Positions are percentages of the text, on the same chapter-ticked
axis as the scene timeline, and clicking a point jumps to that place in the text.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING, Any

from ..model import Story
from .cast import CastEntry
from .report_figures import ink, plural, story_axis

if TYPE_CHECKING:  # plotly loads only when a report is written
    import plotly.graph_objects as go

#: The most points an arc is drawn with: plenty for a smoothed shape, and a light page even
#: when the stage was asked for a finer arc.
MAX_ARC_POINTS = 300
#: Emotion densities are shown per this many words: "12 per 1,000" reads better than 0.012.
PER_WORDS = 1000
#: Conventional colours for the stage's emotions; one it adds later gets Plotly's next colour.
EMOTION_COLOURS = {"joy": "#e3a21a", "love": "#d6609a", "surprise": "#2a9d8f",
                   "fear": "#7b5ea7", "sadness": "#3d6fb4", "anger": "#c8402f"}
#: Characters with a trajectory in the legend, and how many of them are drawn at first:
#: more lines than that tangle; the rest are a click on their name away.
MAX_TRAJECTORIES = 10
SHOWN_TRAJECTORIES = 5
#: Segments on each side that a character's valence is averaged with (see :func:`character_valence`).
TRAJECTORY_NEIGHBOURS = 1
_MARGIN = {"l": 10, "r": 10, "t": 36, "b": 40}


def emotion_data(story: Story) -> dict[str, Any] | None:
    """The emotion stage's results, or None when the stage did not run or found no sentences."""
    data = story.extras.get("emotion")
    if not data or not data.get("arc", {}).get("valence") or not story.text:
        return None
    return data


def _thin(n: int, limit: int) -> list[int]:
    """At most ``limit`` indices into ``range(n)``, evenly spread, first and last kept."""
    if n <= limit:
        return list(range(n))
    return [round(i * (n - 1) / (limit - 1)) for i in range(limit)]


def _paragraphs_at(story: Story, offsets: list[float]) -> list[int]:
    """The paragraph holding each text offset, for the click that jumps to it."""
    starts = [p.start for p in story.paragraphs]
    return [story.paragraphs[max(bisect_right(starts, o) - 1, 0)].index for o in offsets]


def _arc_offsets(story: Story, data: dict[str, Any], points: list[int], n_points: int) -> list[float]:
    """The text offset of each arc point.

    The arc runs over sentence order (narrative time); placing each point at its fractional
    sentence, between that sentence's start and the next one's, puts it on the text's
    character axis, which the other plots share, without stairs where a short story has
    fewer sentences than the arc has points.
    """
    starts = [*data["sentences"]["start"], len(story.text)]
    n = len(starts) - 1
    out: list[float] = []
    for i in points:
        at = (i + 0.5) * n / n_points
        j = min(int(at), n - 1)
        out.append(starts[j] + (at - j) * (starts[j + 1] - starts[j]))
    return out


def arc_figure(story: Story) -> "go.Figure | None":
    """The story's smoothed emotional arc: valence above, the emotions stacked below."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    data = emotion_data(story)
    if data is None:
        return None
    arc = data["arc"]
    points = _thin(len(arc["valence"]), MAX_ARC_POINTS)
    offsets = _arc_offsets(story, data, points, len(arc["valence"]))
    x = [100 * o / len(story.text) for o in offsets]
    paragraphs = _paragraphs_at(story, offsets)
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.06, row_heights=[0.4, 0.6])
    fig.add_trace(go.Scatter(x=x, y=[arc["valence"][i] for i in points], name="valence", mode="lines",
                             line={"color": "#23232b", "width": 2.5}, customdata=paragraphs,
                             hovertemplate="valence %{y:.2f}<extra></extra>", showlegend=False), row=1, col=1)
    for emotion in data["emotions"]:
        # The smoothing can ring a little below zero; a density below zero means none.
        fig.add_trace(go.Scatter(
            x=x, y=[max(arc[emotion][i] or 0, 0) * PER_WORDS for i in points], name=emotion, mode="lines",
            stackgroup="emotions", line={"width": 0.5, "color": EMOTION_COLOURS.get(emotion)}, customdata=paragraphs,
            hovertemplate=f"{emotion} %{{y:.1f}}<extra></extra>"), row=2, col=1)
    axis = story_axis(story, "position in the story (% of the text); click to read that part")
    fig.update_xaxes(**axis, unifiedhovertitle={"text": "%{x:.0f}% of the text"})
    fig.update_xaxes(title=None, row=1, col=1)
    fig.update_yaxes(gridcolor="#eee", automargin=True)
    fig.update_yaxes(title={"text": "valence"}, rangemode="tozero", zerolinecolor="#9a9aa6", row=1, col=1)
    fig.update_yaxes(title={"text": f"emotion words<br>per {PER_WORDS:,}"}, row=2, col=1)
    fig.update_layout(height=480, margin=_MARGIN, plot_bgcolor="white", hovermode="x unified",
                      legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "traceorder": "normal"})
    return fig


def _evidence(part: dict[str, Any], k: int) -> tuple[float, int]:
    """A segment's summed valence and unit count in one of a character's profiles."""
    valence, n = part["valence"][k], part["n"][k]
    return (valence * n, n) if valence is not None and n else (0.0, 0)


def character_valence(character: dict[str, Any]) -> list[float | None]:
    """Per segment: the mean valence of a character's lines and of the sentences naming them.

    Averaged with :data:`TRAJECTORY_NEIGHBOURS` segments on each side, weighted by their
    lines and sentences, so a stretch where one sentence names them makes no spike; a
    stretch where they do not appear at all stays a gap.
    """
    speech, narration = character["speech"], character["narration"]
    sums = [tuple(map(sum, zip(_evidence(speech, k), _evidence(narration, k)))) for k in range(len(speech["n"]))]
    out: list[float | None] = []
    for k, (_, n) in enumerate(sums):
        near = sums[max(k - TRAJECTORY_NEIGHBOURS, 0) : k + TRAJECTORY_NEIGHBOURS + 1]
        out.append(sum(v for v, _ in near) / sum(m for _, m in near) if n else None)
    return out


def trajectories_figure(story: Story, cast: list[CastEntry], hues: dict[int, float]) -> "go.Figure | None":
    """The main characters' valence along the story, one line each in their report colour."""
    import plotly.graph_objects as go

    data = emotion_data(story)
    by_id = {c["id"]: c for c in data["characters"]} if data is not None else {}
    chosen = [e.character for e in cast if e.character.id in by_id][:MAX_TRAJECTORIES]
    if not chosen:
        return None
    segments = len(by_id[chosen[0].id]["speech"]["n"])
    x = [100 * (k + 0.5) / segments for k in range(segments)]
    paragraphs = _paragraphs_at(story, [len(story.text) * k // segments for k in range(segments)])
    fig = go.Figure()
    for rank, character in enumerate(chosen):
        profile = by_id[character.id]
        valence = character_valence(profile)
        hover = [f"<b>{character.name}</b>, {100 * k / segments:.0f}–{100 * (k + 1) / segments:.0f}% of the text"
                 f"<br>valence {v:.2f}<br>here: {plural(s, 'line')}, {plural(n, 'sentence')} naming them"
                 if v is not None else ""
                 for k, (v, s, n) in enumerate(zip(valence, profile["speech"]["n"], profile["narration"]["n"]))]
        fig.add_trace(go.Scatter(
            x=x, y=valence, name=character.name, mode="lines+markers", customdata=paragraphs,
            line={"color": ink(hues[character.id]), "width": 2}, marker={"size": 6},
            hoverinfo="text", hovertext=hover, visible=True if rank < SHOWN_TRAJECTORIES else "legendonly"))
    fig.update_layout(
        height=420, margin=_MARGIN, plot_bgcolor="white", hovermode="closest",
        xaxis=story_axis(story, "position in the story (% of the text); click a point to read that part"),
        yaxis={"title": {"text": "valence"}, "rangemode": "tozero", "gridcolor": "#eee", "zerolinecolor": "#9a9aa6",
               "automargin": True},
        legend={"title": {"text": "click to show or hide"}})
    return fig
