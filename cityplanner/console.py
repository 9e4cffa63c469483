"""Terminal output of commands: results on stdout, refusals as one line on stderr.

Names and notes come from files and other people, and a terminal obeys the control
characters it is sent: ESC starts escape codes that can retitle the window, hide text
or rewrite what was printed, CR returns to the start of the line, and bidirectional
overrides show text backwards. So everything printed here shows those characters as
visible escapes (ESC as `\\u001b`, U+202E as `\\u202e`); only newline and tab stay.
`SafeTerminal` does the same for a whole stream, for output printed elsewhere. The
escapes are JSON's own, so JSON printed through it still reads back the same.
"""

from __future__ import annotations

import io
import re
import sys
from typing import TextIO

#: C0 controls but tab and newline, DEL, C1 controls (NEL and CSI among them), the line
#: and paragraph separators, bidirectional embeddings, overrides and isolates, and
#: lone surrogates (which no terminal encoding can write).
_UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def terminal_text(text: str) -> str:
    """`text` with every character that could command a terminal written as an escape."""
    if text.isprintable():  # the usual case, and it holds none of them
        return text
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def say(message: str) -> None:
    print(terminal_text(message))


def complain(message: str) -> None:
    print(f"cityplanner: {terminal_text(message)}", file=sys.stderr)


class SafeTerminal(io.TextIOBase):
    """A text stream that writes to `stream` through `terminal_text`."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self._stream = stream

    @property
    def wrapped(self) -> TextIO:
        return self._stream

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._stream.encoding

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return self._stream.errors

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._stream.write(terminal_text(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()


def guard_terminal() -> None:
    """Send everything printed to stdout and stderr from now on through `terminal_text`.

    The command line calls it once before it runs a command, so that what the commands
    print with `print()` is as safe as what `say` and `complain` print.
    """
    if not isinstance(sys.stdout, SafeTerminal):
        sys.stdout = SafeTerminal(sys.stdout)
    if not isinstance(sys.stderr, SafeTerminal):
        sys.stderr = SafeTerminal(sys.stderr)
