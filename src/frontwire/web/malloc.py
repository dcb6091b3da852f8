"""The server's C heap: fewer glibc malloc arenas for a server whose thread pool allocates."""

from __future__ import annotations

import ctypes
import ctypes.util
import os

# glibc gives each thread that allocates a malloc arena of its own (up to 8 per core), and the
# server's thread pool runs the API's queries: its resident memory crept up by 11% in a
# 10-minute soak at 30 req/s while Python's own allocations stayed flat (tracemalloc). Two
# arenas halved the creep (+6%) at the same latencies (benchmarks/soak.py).
MALLOC_ARENAS = 2
_M_ARENA_MAX = -8  # mallopt's parameter number (glibc malloc.h)


def limit_malloc_arenas() -> bool:
    """Limit glibc's malloc arenas in this process (mallopt) and in the worker processes it
    starts (MALLOC_ARENA_MAX, unless the user set it); False where the C library is not glibc."""
    os.environ.setdefault("MALLOC_ARENA_MAX", str(MALLOC_ARENAS))
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        return bool(libc is not None and libc.mallopt(_M_ARENA_MAX, int(os.environ["MALLOC_ARENA_MAX"])) == 1)
    except (OSError, AttributeError, ValueError):
        return False
