"""Memory figures the benchmark scripts print (Linux: /proc)."""

from __future__ import annotations


def rss_mb() -> float:
    """The process's resident set size now, in MB (NaN where /proc is absent)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")
