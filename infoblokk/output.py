"""What every stage hands to the writer: files of the built site.

`OutputFile` is a file made by the build (a page, a feed, an image), `StaticCopy` a file
copied as it is from the site or its theme. Both name their place inside the output folder
as a relative POSIX path; the writer alone turns it into a path on disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath


@dataclass(frozen=True)
class OutputFile:
    """A file of the built site: where it goes (inside the output folder) and its bytes."""

    path: PurePosixPath
    content: bytes


@dataclass(frozen=True)
class StaticCopy:
    """A file copied as it is: from the site or theme, to a path inside the output."""

    source_path: Path
    path: PurePosixPath

    def signature(self) -> str:
        """Changes when the source file does; cheaper than reading photos on every build."""
        status = self.source_path.stat()
        return f"copy:{status.st_size}:{status.st_mtime_ns}"
