"""What a benchmark or load report says about the machine and the servers' memory (psutil)."""

from __future__ import annotations

import os
import platform
from pathlib import Path

import psutil


def rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MiB (0 when it has gone)."""
    try:
        root = psutil.Process(pid)
        family = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0
    for process in family:
        try:
            total += process.memory_info().rss
        except psutil.NoSuchProcess:  # ended while being counted
            continue
    return total / 2**20


def cpu_model() -> str:
    """The CPU's name. psutil does not report it; Linux has it in /proc/cpuinfo."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown CPU"


def load_average() -> str:
    """The 1, 5 and 15 minute load averages."""
    return " ".join(f"{x:.2f}" for x in psutil.getloadavg())


def machine() -> dict[str, str]:
    return {
        "cpus": str(psutil.cpu_count() or os.cpu_count()),
        "cpu": cpu_model(),
        "ram": f"{psutil.virtual_memory().total / 2**30:.1f} GB",
        "os": platform.platform(),
        "python": platform.python_version(),
    }


def describe_machine() -> str:
    """One line: CPU, cores, memory, system, Python and the load average right now."""
    info = machine()
    return (f"{info['cpu']}, {info['cpus']} cores, {info['ram']} RAM; {info['os']}; Python {info['python']}; "
            f"load average {load_average()}")
