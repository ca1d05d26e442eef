"""Measuring one run of a command: wall time, CPU time and peak memory of its process tree.

Used by `bench_build.py` for every figure. Linux only: it reads /proc and uses os.wait4.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

SAMPLE_SECONDS = 0.25  # at least; see TreeMemorySampler


def progress(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Measuring one run: wall time, CPU time and peak memory of a process tree


@dataclass(frozen=True)
class Measurement:
    """One run of one command: how long it took, what it used, and why it failed if it did."""

    seconds: float
    cpu_seconds: float = 0.0
    peak_mb: float = 0.0
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def child_pids(pid: int) -> list[int]:
    """The direct children of a process, from every one of its threads' `children` files."""
    kids: list[int] = []
    try:
        threads = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return kids
    for thread in threads:
        try:
            kids += [int(kid) for kid in Path(f"/proc/{pid}/task/{thread}/children").read_text().split()]
        except OSError:
            continue
    return kids


def process_tree(root: int) -> list[int]:
    found, waiting = [], [root]
    while waiting:
        pid = waiting.pop()
        found.append(pid)
        waiting += child_pids(pid)
    return found


def proc_field_kb(path: str, name: str) -> int:
    """A `Name:  123 kB` line of a /proc file, in KB; 0 if the process has gone."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(name):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


class TreeMemorySampler(threading.Thread):
    """Samples the memory of a process and its descendants until stopped.

    `peak_kb` is the higher of: the largest sum of the tree's proportional set sizes (pages that
    forked workers share counted once), and the largest peak resident size (VmHWM) any one of its
    processes reached, which the kernel keeps exactly. The kernel's figure for a child
    (`ru_maxrss`) is not used: it starts from the bench's own size, which the child had for a
    moment before it ran the tool.

    Reading proportional set sizes makes the kernel walk the page tables: some 70 ms for a 2 GB
    process on a small virtual machine. So the sampler waits at least SAMPLE_SECONDS, and at least
    twenty times as long as its last sample took, between samples: it takes at most a twentieth
    of a core from the build it measures.
    """

    def __init__(self, root: int, limit_kb: float) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.limit_kb = limit_kb
        self.peak_kb = 0
        self.over_limit = False
        self.finished = threading.Event()

    def run(self) -> None:
        delay = SAMPLE_SECONDS
        while not self.finished.wait(delay):
            started = time.perf_counter()
            self.sample()
            delay = max(SAMPLE_SECONDS, 20 * (time.perf_counter() - started))

    def sample(self) -> None:
        tree = process_tree(self.root)
        total = sum(proc_field_kb(f"/proc/{pid}/smaps_rollup", "Pss:") for pid in tree)
        largest = max(proc_field_kb(f"/proc/{pid}/status", "VmHWM:") for pid in tree)
        self.peak_kb = max(self.peak_kb, total, largest)
        if total > self.limit_kb:  # stop it before the machine runs out and kills at random
            self.over_limit = True
            kill_group(self.root)


def log_tail(log: Path, lines: int = 6) -> str:
    try:
        text = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return "(no output)"
    return " | ".join(line.strip() for line in text[-lines:]) or "(no output)"


def kill_group(pid: int) -> None:
    """Stop a build that ran out of time, and every process it started."""
    with contextlib.suppress(OSError):  # it has just finished
        os.killpg(pid, signal.SIGKILL)


@dataclass(frozen=True)
class Limits:
    """How long a build may run and how much memory its process tree may hold."""

    seconds: float
    memory_mb: float


def default_memory_mb() -> float:
    """Most of the memory available when the bench starts, leaving the rest to everyone else."""
    available_kb = proc_field_kb("/proc/meminfo", "MemAvailable:")
    return 0.8 * available_kb / 1024 if available_kb else float("inf")


def measure(command: list[str], cwd: Path, log: Path, limits: Limits) -> Measurement:
    """Run `command` in `cwd` (output to `log`) and measure it; a failure is a Measurement too."""
    try:
        with log.open("w", encoding="utf-8") as output:
            started = time.perf_counter()
            process = subprocess.Popen(
                command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )
            sampler = TreeMemorySampler(process.pid, limits.memory_mb * 1024)
            sampler.start()
            killer = threading.Timer(limits.seconds, kill_group, (process.pid,))
            killer.start()
            try:
                _, status, usage = os.wait4(process.pid, 0)
            except BaseException:  # Ctrl+C or SIGTERM: the build is in a session of its own
                kill_group(process.pid)
                raise
            finally:
                killer.cancel()
                sampler.finished.set()
            seconds = time.perf_counter() - started
            process.returncode = os.waitstatus_to_exitcode(status)
    except OSError as error:
        return Measurement(0.0, error=f"cannot run {command[0]}: {error}")
    sampler.join()
    peak = sampler.peak_kb / 1024
    cpu = usage.ru_utime + usage.ru_stime
    if process.returncode != 0:
        why = f"exit code {process.returncode}"
        if sampler.over_limit:
            why = f"stopped at {peak:,.0f} MB, over the memory limit of {limits.memory_mb:,.0f} MB"
        elif seconds >= limits.seconds:
            why = f"stopped after {limits.seconds:,.0f} s (the time limit)"
        return Measurement(seconds, cpu, peak, error=f"{why}: {log_tail(log)}")
    return Measurement(seconds, cpu, peak)
