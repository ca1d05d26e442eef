"""The line of every key of a file's front matter, kept small for the whole build.

A message about a value names its line (`content/projects/zala.md:5`), so every file read keeps
the line of each of its keys (`SourceFile.key_lines`) from the start of the build to its end.
As a dict of its own for each file (a tuple for every key's path, an entry for its line) they
took about 20 MB at 10,000 projects. Files written from the same template name the same keys
in the same order, so the keys' paths are kept once in a `KeyShape` the files share (found
through `KeyShapes`, one for a build's reading), and each file keeps only its lines, as an
array of numbers.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True, eq=False)
class KeyShape:
    """The paths of a front matter's keys, in the order of the file, with where each is."""

    paths: tuple[KeyPath, ...]
    positions: Mapping[KeyPath, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "positions", {path: n for n, path in enumerate(self.paths)})


class KeyShapes:
    """Each shape once: the files of a build whose keys are the same share one `KeyShape`."""

    def __init__(self) -> None:
        self._shapes: dict[tuple[KeyPath, ...], KeyShape] = {}

    def known(self, paths: tuple[KeyPath, ...]) -> KeyShape | None:
        """The shape of these paths if one was made already (only looked up: given anything
        else, equal to none of them, it finds none)."""
        return self._shapes.get(paths)

    def shape(self, paths: tuple[KeyPath, ...]) -> KeyShape:
        found = self._shapes.get(paths)
        if found is None:
            found = self._shapes[paths] = KeyShape(paths)
        return found


class KeyLines(Mapping[KeyPath, int]):
    """A file's keys' lines: a read-only mapping of each key's path to its line.

    Pickled as its shape and its lines (`content.kept` keeps the shape by reference, so that
    the files the state gives back share their shapes again)."""

    __slots__ = ("_lines", "shape")

    def __init__(self, shape: KeyShape, lines: Iterable[int]) -> None:
        self.shape = shape
        self._lines = array("I", lines)  # lines of a front matter of at most 256 KB
        if len(self._lines) != len(shape.paths):
            raise ValueError(f"{len(self._lines)} lines for {len(shape.paths)} keys")

    @classmethod
    def of(cls, lines: Mapping[KeyPath, int], shapes: KeyShapes) -> KeyLines:
        """The compact form of `lines`, its shape shared through `shapes`."""
        return cls(shapes.shape(tuple(lines)), lines.values())

    def __getitem__(self, path: KeyPath) -> int:
        return self._lines[self.shape.positions[path]]

    def get(self, path: KeyPath, default: int | None = None) -> int | None:  # type: ignore[override]
        position = self.shape.positions.get(path)
        return default if position is None else self._lines[position]

    def __iter__(self) -> Iterator[KeyPath]:
        return iter(self.shape.paths)

    def __len__(self) -> int:
        return len(self._lines)

    def __repr__(self) -> str:
        return f"KeyLines({dict(self)!r})"

    def __reduce__(self) -> tuple[type[KeyLines], tuple[KeyShape, tuple[int, ...]]]:
        return KeyLines, (self.shape, tuple(self._lines))
