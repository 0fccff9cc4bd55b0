"""The HTML report: one self-contained page a person opens to see what fabula found.

Everything is inlined (styles, the report's script, Plotly's JavaScript bundle), so the file
works offline and can be mailed or archived as is. The page shows the cast table, who talks
to whom, the scenes along the story, the story's emotional arc and the main characters'
feelings along it, and the full text with every speech coloured by its speaker; clicking a
character highlights their lines. Sections without data (a story with no dialogue has no
network, one analysed without the ``emotion`` stage no arcs) are left out. The page is laid
out by the Jinja2 template ``templates/report.html.j2``; the text and the plots are built by
:mod:`.report_text`, :mod:`.report_figures` and :mod:`.report_emotion`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..fileio import atomic_open
from ..model import Story
from .cast import CastEntry, cast_list, spoken_quotes
from .json import _PRONOUN_SETS
from .report_emotion import arc_figure, trajectories_figure
from .report_figures import hue, network_figure, timeline_figure
from .report_text import text_html


@dataclass(frozen=True, slots=True)
class Figure:
    """A plot section: its element id, heading, a sentence on how to read it, Plotly JSON."""

    id: str
    heading: str
    blurb: str
    json: str


#: The plot sections in page order: id, heading, how to read it, and the builder (which
#: returns None when the story has nothing to show there).
SECTIONS: tuple[tuple[str, str, str, Callable[[Story, list[CastEntry], dict[int, float]], Any]], ...] = (
    ("network", "Who talks to whom",
     "Circles grow with the lines a character speaks; lines thicken with the speech between two "
     "characters. Hover for counts, click a character to highlight their lines in the text, drag to "
     "pan, scroll to zoom.", network_figure),
    ("timeline", "Scenes",
     "Each bar is a scene, placed where it falls in the story; a character's row shows the scenes "
     "they take part in. Hover for details, click to read the scene.", timeline_figure),
    ("arc", "Emotional arc",
     "How the telling feels along the story, smoothed to its slow rise and fall: valence (negative "
     "below zero, positive above) and, beneath it, how often words of each emotion occur. Click an "
     "emotion in the legend to hide or show it, click the plot to read that part of the text.",
     lambda story, cast, hues: arc_figure(story)),
    ("trajectories", "Characters' feelings",
     "The valence of what each main character says and of the narration naming them, along the "
     "story (each point averages a stretch of the text with its neighbours); a gap is a stretch "
     "where they do not appear. Click a name in the legend to show or hide them, double-click to "
     "see them alone.", trajectories_figure),
)


def _figures(story: Story, cast: list[CastEntry], hues: dict[int, float]) -> list[Figure]:
    figures: list[Figure] = []
    for section, heading, blurb, build in SECTIONS:
        figure = build(story, cast, hues)
        if figure is not None:
            figures.append(Figure(section, heading, blurb, _script_json(figure.to_json())))
    return figures


def _script_json(data: str) -> str:
    """JSON safe inside a ``<script>`` element: text from the story cannot close the element."""
    return data.replace("</", "<\\/")


def _stats(story: Story) -> list[tuple[str, str]]:
    speeches = spoken_quotes(story)
    attributed = sum(1 for q in speeches if q.speaker is not None)
    stats = [("words", f"{story.word_count:,}"),
             ("chapters", f"{sum(1 for p in story.paragraphs if p.kind == 'heading'):,}"),
             ("scenes", f"{len(story.scenes):,}"),
             ("characters", f"{len(story.characters):,}"),
             ("speeches", f"{len(speeches):,}")]
    if speeches:
        stats.append(("with a speaker", f"{100 * attributed / len(speeches):.0f}%"))
    return stats


def render_html(story: Story) -> str:
    """The report as one HTML string."""
    import jinja2
    from markupsafe import Markup

    cast = cast_list(story)
    hues = {e.character.id: hue(rank) for rank, e in enumerate(cast)}
    figures = _figures(story, cast, hues)
    plotly_js = None
    if figures:
        from plotly.offline import get_plotlyjs

        plotly_js = Markup(get_plotlyjs().replace("</script", "<\\/script"))
    env = jinja2.Environment(loader=jinja2.PackageLoader("fabula", "export/templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True)
    return env.get_template("report.html.j2").render(
        title=story.title.strip() or "Untitled story",
        stats=_stats(story),
        warnings=story.warnings,
        cast=cast,
        hues=hues,
        pronouns={c.id: "/".join(_PRONOUN_SETS[c.gender][:2]) for c in story.characters},
        unknown_lines=sum(1 for q in spoken_quotes(story) if q.speaker is None),
        figures=figures,
        text=Markup(text_html(story)),
        plotly_js=plotly_js,
    )


def write_html(story: Story, out_dir: Path, stem: str) -> list[Path]:
    """Write ``stem.html`` atomically and return its path."""
    path = out_dir / f"{stem}.html"
    with atomic_open(path) as fh:
        fh.write(render_html(story))
    return [path]
