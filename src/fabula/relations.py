"""Who interacts with whom, how much, and how warmly: the story's interaction network.

A directed graph, one node per character, because talk is directed: what Darcy says to
Elizabeth can be cold while her replies are warm. An edge ``u -> v`` counts three kinds of
contact, each a separate attribute so a user can weigh them as they like:

* ``speech``: quotes ``u`` speaks with ``v`` among their addressees;
* ``mentions``: quotes of ``u`` that name or refer to ``v`` (gossip counts: it is a relation);
* ``scenes``: scenes both take part in (symmetric: the same count on ``u -> v`` and ``v -> u``).

``weight`` is their sum. The warmth of ``u -> v`` is the mean valence (from the ``emotion``
stage) of the quotes ``u`` addresses to ``v``: ``valence`` over the whole story, and
``valence_first`` / ``valence_second`` over the quotes in the first and second half of the
text, with ``valence_change`` their difference -- how the relation moved. They are ``None``
where there is no quote to judge by.

Cost is linear in quotes, mentions and scenes (plus each scene's cast squared, which is small).
"""

from __future__ import annotations

from itertools import permutations
from typing import Any

import networkx as nx
import numpy as np

from .model import Story

_COUNTS = ("speech", "mentions", "scenes")


def interaction_graph(story: Story) -> nx.DiGraph:
    """Build the character interaction network of ``story`` (see the module docstring)."""
    graph = nx.DiGraph()
    for c in story.characters:
        graph.add_node(c.id, name=c.name, mentions=c.mention_count)
    n_chars = len(story.characters)

    def known(cid: int | None) -> bool:
        return cid is not None and 0 <= cid < n_chars

    valence = _quote_valences(story)
    half = len(story.text) / 2
    said: dict[tuple[int, int], list[list[float]]] = {}
    for i, q in enumerate(story.quotes):
        if not (q.spoken and known(q.speaker)):
            continue
        for a in dict.fromkeys(q.addressees):
            if known(a) and a != q.speaker:
                _bump(graph, q.speaker, a, "speech")
                halves = said.setdefault((q.speaker, a), [[], []])
                if not np.isnan(valence[i]):
                    halves[q.start >= half].append(float(valence[i]))
    for speaker, target in _quote_mentions(story):
        if known(speaker) and known(target) and speaker != target:
            _bump(graph, speaker, target, "mentions")
    for scene in story.scenes:
        cast = [c for c in dict.fromkeys(scene.participants) if known(c)]
        for u, v in permutations(cast, 2):
            _bump(graph, u, v, "scenes")
    for u, v, data in graph.edges(data=True):
        for key in _COUNTS:
            data.setdefault(key, 0)
        data["weight"] = sum(data[k] for k in _COUNTS)
        first, second = said.get((u, v), [[], []])
        data["valence"] = _mean(first + second)
        data["valence_first"] = _mean(first)
        data["valence_second"] = _mean(second)
        both = data["valence_first"] is not None and data["valence_second"] is not None
        data["valence_change"] = round(data["valence_second"] - data["valence_first"], 3) if both else None
    return graph


def graph_to_dict(graph: nx.DiGraph, min_weight: int = 1) -> dict[str, Any]:
    """The network as plain JSON-able lists: edges of at least ``min_weight``, heaviest first,
    and the nodes they link. ``min_weight=2`` drops pairs who only once shared a scene (mostly
    crowd scenes), which in a novel are half the edges and little of the story."""
    edges = [e for e in graph.edges(data=True) if e[2]["weight"] >= min_weight]
    edges.sort(key=lambda e: (-e[2]["weight"], e[0], e[1]))
    linked = {n for u, v, _ in edges for n in (u, v)}
    return {
        "nodes": [{"id": n, **graph.nodes[n]} for n in graph.nodes if n in linked],
        "edges": [{"source": u, "target": v, **data} for u, v, data in edges],
    }


def _bump(graph: nx.DiGraph, u: int, v: int, key: str) -> None:
    if graph.has_edge(u, v):
        data = graph.edges[u, v]
        data[key] = data.get(key, 0) + 1
    else:
        graph.add_edge(u, v, **{key: 1})


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None


def _quote_valences(story: Story) -> np.ndarray:
    """Valence of each quote in ``story.quotes`` order (NaN if unknown).

    Taken from the ``emotion`` stage's results when present, else computed here, so the graph
    also works on a story analysed without that stage.
    """
    stored = story.extras.get("emotion", {}).get("quotes")
    if stored is not None:
        by_id = dict(zip(stored["id"], stored["valence"]))
        return np.array([np.nan if by_id.get(q.id) is None else by_id[q.id] for q in story.quotes])
    from .stages.emotion import quote_scores, score_tokens

    return quote_scores(story, score_tokens(story))[:, 0] if story.quotes else np.zeros(0)


def _quote_mentions(story: Story) -> list[tuple[int | None, int]]:
    """(speaker, mentioned character) for every character mention inside a quote."""
    spans = sorted((s, e, q.speaker) for q in story.quotes if q.spoken for s, e in q.spans)
    if not spans:
        return []
    quoted = [m for m in story.mentions if m.in_quote and m.character is not None]
    starts = np.array([s for s, _, _ in spans])
    ends = np.array([e for _, e, _ in spans])
    at = np.array([m.start for m in quoted], dtype=np.int64)
    k = np.searchsorted(starts, at, side="right") - 1
    inside = (k >= 0) & (at < ends[np.maximum(k, 0)])
    return [(spans[j][2], m.character) for m, j, ok in zip(quoted, k.tolist(), inside.tolist()) if ok]
