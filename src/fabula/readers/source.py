"""The :class:`Source` record every reader returns."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Source:
    """Decoded story text plus what we learned reading it."""

    text: str
    title: str = ""
    format: str = "text"
    encoding: str | None = None
    path: str | None = None
    #: What the reader removed or set aside (licence header, author notes), for the user to see.
    notes: list[str] = field(default_factory=list)
