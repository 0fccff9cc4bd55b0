"""A plain-text summary for the terminal: the cast, then who said what to whom."""

from __future__ import annotations

import textwrap

from ..model import Story


def render_summary(story: Story, max_quotes: int = 40) -> str:
    """The cast (names, pronouns, lines spoken) and the first ``max_quotes`` speeches."""
    names = {c.id: c.name for c in story.characters}
    lines_spoken: dict[int, int] = {}
    for q in story.quotes:
        if q.spoken and q.speaker is not None:
            lines_spoken[q.speaker] = lines_spoken.get(q.speaker, 0) + 1
    spoken = [q for q in story.quotes if q.spoken]
    out = [
        f"{story.title or 'Story'}: {story.word_count:,} words, {len(story.paragraphs):,} paragraphs, "
        f"{len(story.characters)} characters, {len(spoken)} speeches",
    ]
    out.extend(f"warning: {w}" for w in story.warnings)
    if story.characters:
        out.append("\nCast")
        ranked = sorted(story.characters, key=lambda c: (-lines_spoken.get(c.id, 0), -c.mention_count, c.id))
        for c in ranked:
            aliases = ", ".join(a for a in c.aliases if a != c.name)
            out.append(
                f"  {c.name:<24} {c.gender:<8} {c.mention_count:>5} mentions {lines_spoken.get(c.id, 0):>4} lines"
                + (f"   aka {aliases}" if aliases else "")
            )
    if spoken:
        out.append("\nWho says what")
        for q in spoken[:max_quotes]:
            who = names.get(q.speaker, "?") if q.speaker is not None else "?"
            to = ", ".join(names[a] for a in q.addressees if a in names)
            head = f"  {who}" + (f" → {to}" if to else "") + f" ({q.confidence:.2f}): "
            body = textwrap.shorten(story.quote_text(q).replace("\n", " "), width=max(20, 100 - len(head)))
            out.append(head + body)
        if len(spoken) > max_quotes:
            out.append(f"  … and {len(spoken) - max_quotes} more")
    return "\n".join(out)
