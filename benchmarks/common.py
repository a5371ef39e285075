"""What every benchmark needs: the machine's name and a best-of-N timer."""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path

import numpy as np


def machine(with_load: bool = True) -> str:
    """CPU model, cores, the Python and numpy versions (and the load), for a report's header."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    name = (f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()} "
            f"({platform.system()}), numpy {np.__version__}")
    return f"{name}; load average {os.getloadavg()[0]:.1f} at start" if with_load else name


def best_seconds(run, repeat: int, *args) -> float:
    """The fastest of ``repeat`` calls of ``run(*args)``: the least disturbed by other work."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run(*args)
        best = min(best, time.perf_counter() - start)
    return best
