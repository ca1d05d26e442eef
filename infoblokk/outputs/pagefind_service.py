"""Pagefind's indexer, driven as `pagefind --service`: pages in on its standard input, the
finished index out on its standard output; nothing is written to disk.

The messages (base64-encoded JSON, each ended by a comma) have the types of the `pagefind`
package, Pagefind's Python API, whose own client is not used: it waits 0.1 s before reading
each answer (100 s for 1,000 pages), cannot read back an index larger than 2 MiB (it then waits
forever) and needs an event loop of its own. Here a thread writes every request at once while
the answers are read as they come, so a call takes what Pagefind's own work takes. What to
index, and what to do with the files, is `search`'s business.
"""

from __future__ import annotations

import base64
import contextlib
import importlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING, cast

from infoblokk.errors import BuildCancelled, BuildFailed, Problem
from infoblokk.messages import Text

if TYPE_CHECKING:
    from pagefind.service.types import (
        InternalGetFilesResponse,
        InternalResponseError,
        InternalServiceRequest,
        InternalServiceResponse,
    )

BINARY_VARIABLE = "PAGEFIND_BINARY_PATH"  # the variable Pagefind's own wrappers read too
TIMEOUT_SECONDS = 600
GUARD_SECONDS = 0.1  # how often the guard of a Pagefind run looks whether to stop it
INDEX_ID = 0  # the number a new `pagefind --service` gives the first index it is asked to make
READ_SIZE = 1 << 20  # bytes read from the service at a time


def pagefind_binary() -> Path | None:
    """The Pagefind binary: PAGEFIND_BINARY_PATH if set, else the pagefind-bin wheel's, else PATH's."""
    chosen = os.environ.get(BINARY_VARIABLE)
    if chosen:
        return Path(chosen) if Path(chosen).is_file() else None
    for module in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            found = importlib.import_module(module).get_executable()
        except (ImportError, OSError):
            continue
        return Path(found)
    on_path = shutil.which("pagefind_extended") or shutil.which("pagefind")
    return Path(on_path) if on_path else None


def pagefind_version(binary: Path | None = None) -> str | None:
    """`1.5.2`, or None without a working binary."""
    binary = binary or pagefind_binary()
    if binary is None:
        return None
    try:
        done = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=60)
    except OSError:
        return None
    words = done.stdout.split()
    return words[-1] if done.returncode == 0 and words else None


class _NoAnswer(Exception):
    """The service answered with an error (the message), or stopped without answering (empty)."""


def indexed(
    binary: Path, pages: Iterable[tuple[str, str]], stops: Sequence[threading.Event] = ()
) -> list[tuple[PurePosixPath, bytes]]:
    """The files of the index a new service makes of these pages, in path order.

    `pages` are (URL, HTML) as the service should read them, added in that order (the index
    numbers them so). Raises BuildCancelled as soon as one of `stops` is set, BuildFailed,
    quoting Pagefind, when it answers with an error, stops or is late."""
    answer = _ask(binary, _requests(pages), stops)
    return sorted(
        (PurePosixPath(Path(file["path"]).as_posix()), base64.b64decode(file["content"]))
        for file in answer["files"]
    )


def _requests(pages: Iterable[tuple[str, str]]) -> Iterator[InternalServiceRequest]:
    """What the service is asked, in order: a new index, each page, then the index's files.

    Sent without waiting for answers, so the new index's number is the one a new service
    always gives first."""
    yield {"message_id": 1, "payload": {"type": "NewIndex", "config": None}}
    number = 1
    for number, (url, html) in enumerate(pages, start=2):
        yield {
            "message_id": number,
            "payload": {
                "type": "AddFile",
                "index_id": INDEX_ID,
                "file_path": None,
                "url": url,
                "file_contents": html,
            },
        }
    yield {"message_id": number + 1, "payload": {"type": "GetFiles", "index_id": INDEX_ID}}


def _ask(
    binary: Path, requests: Iterator[InternalServiceRequest], stops: Sequence[threading.Event] = ()
) -> InternalGetFilesResponse:
    """Send the requests to a new `pagefind --service` and return its answer with the files.

    A thread writes while this one reads, so that neither side waits for the other to read a
    full pipe; a third stops the service when one of `stops` is set or it takes longer than
    TIMEOUT_SECONDS."""
    with tempfile.TemporaryFile() as said:  # what it says on its error output, for a failure
        process = _launched(binary, said)
        started = time.monotonic()
        answered = threading.Event()
        unsent: list[Exception] = []  # why a request could not be made, if one could not
        guard = threading.Thread(target=_guard, args=(process, answered, stops), daemon=True)
        writer = threading.Thread(target=_send, args=(process, requests, unsent), daemon=True)
        guard.start()
        writer.start()
        try:
            return _files_answer(_answers(process))
        except _NoAnswer as error:
            late = time.monotonic() - started >= TIMEOUT_SECONDS
            failure = f"no answer within {TIMEOUT_SECONDS} s" if late else str(error)
        finally:
            answered.set()
            guard.join()  # no thread outlives the call: a later build may fork its workers
            _end(process, writer)
        if any(stop.is_set() for stop in stops):
            raise BuildCancelled()
        if unsent:
            raise _unsent_failure(unsent[0])
        raise BuildFailed((_failed(failure or _said(process, said)),))


def _guard(
    process: subprocess.Popen[bytes], answered: threading.Event, stops: Sequence[threading.Event]
) -> None:
    """Stop the service when one of `stops` is set or the answer is late; return once answered."""
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while not answered.wait(GUARD_SECONDS):
        if any(stop.is_set() for stop in stops) or time.monotonic() >= deadline:
            process.kill()
            return


def _launched(binary: Path, said: IO[bytes]) -> subprocess.Popen[bytes]:
    command = [str(binary), "--service"]
    try:
        return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=said)
    except OSError as error:
        raise BuildFailed((_failed(str(error)),)) from None


def _send(
    process: subprocess.Popen[bytes],
    requests: Iterable[InternalServiceRequest],
    unsent: list[Exception],
) -> None:
    """Write every request, each as base64-encoded JSON ended by a comma (on a thread of its own).

    A request that cannot be made (a page that cannot be read) stops the service, so that the
    reader does not wait for what will never come, and is put in `unsent` for it to report."""
    stream = cast(IO[bytes], process.stdin)
    with contextlib.suppress(OSError, ValueError):  # the service stopped reading: the reader finds out why
        for request in _made(requests, unsent):
            stream.write(base64.b64encode(json.dumps(request, ensure_ascii=False).encode("utf-8")) + b",")
        stream.flush()
    if unsent:
        process.kill()


def _made(
    requests: Iterable[InternalServiceRequest], unsent: list[Exception]
) -> Iterator[InternalServiceRequest]:
    """The requests, until one cannot be made: why is put in `unsent`."""
    try:
        yield from requests
    except Exception as error:  # not GeneratorExit: the writer stopping early closes it
        unsent.append(error)


def _unsent_failure(error: Exception) -> BuildFailed:
    """The failure to report for a request that could not be made; a bug of infoblokk's is raised."""
    if not isinstance(error, OSError):
        raise error
    return BuildFailed(
        (
            Problem(
                Text("a page could not be read for the site search: {error}", error=error.strerror or error),
                Path(error.filename) if isinstance(error.filename, str) else None,
                hint=Text(
                    "the output or the cache folder may have been changed during the build: build again"
                ),
            ),
        )
    )


def _answers(process: subprocess.Popen[bytes]) -> Iterator[InternalServiceResponse]:
    """The service's answers as they arrive (base64-encoded JSON, each ended by a comma)."""
    output = cast(IO[bytes], process.stdout).fileno()
    pending = bytearray()
    while chunk := os.read(output, READ_SIZE):
        *ended, rest = chunk.split(b",")
        for part in ended:
            pending += part
            yield _decoded(pending)
            pending.clear()
        pending += rest


def _decoded(message: bytearray) -> InternalServiceResponse:
    try:
        return cast("InternalServiceResponse", json.loads(base64.b64decode(message, validate=True)))
    except ValueError:  # not base64, UTF-8 nor JSON: not an answer
        raise _NoAnswer(f"an answer that is not one: {bytes(message[:200])!r}") from None


def _files_answer(answers: Iterable[InternalServiceResponse]) -> InternalGetFilesResponse:
    """The answer that carries the index's files; an error answer ends the wait."""
    for answer in answers:
        payload = answer["payload"]
        if payload["type"] == "Error":
            raise _NoAnswer(cast("InternalResponseError", payload)["message"])
        if payload["type"] == "GetFiles":
            return cast("InternalGetFilesResponse", payload)
    raise _NoAnswer("")


def _end(process: subprocess.Popen[bytes], writer: threading.Thread) -> None:
    """Stop the service (once it answered, it has nothing left to do) and the writer with it."""
    process.kill()
    writer.join()  # writing to a stopped service fails at once
    for stream in (process.stdin, process.stdout):
        with contextlib.suppress(OSError):  # what is left in the input's buffer cannot be sent
            cast(IO[bytes], stream).close()
    process.wait()


def _said(process: subprocess.Popen[bytes], said: IO[bytes]) -> str:
    """What a service that stopped without answering said on its error output, or its exit code."""
    said.seek(0)
    return said.read().decode("utf-8", errors="replace").strip() or f"exit code {process.returncode}"


def _failed(detail: str) -> Problem:
    return Problem(
        Text("the site search could not be built: Pagefind said: {detail}", detail=detail),
        hint=Text("this is a problem of infoblokk or of Pagefind, not of the site: please report it"),
    )
