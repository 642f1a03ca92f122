"""``python -m bench [NAME ...]``: run the named benchmarks (default: all there are)."""

from __future__ import annotations

import sys
from importlib import import_module
from importlib.util import find_spec

BENCHMARKS = ("queue", "queue_floor", "queue_stages", "reports")


def main(argv: list[str]) -> int:
    names = argv or [n for n in BENCHMARKS if find_spec(f"bench.{n}") is not None]
    for name in names:
        if name not in BENCHMARKS:
            print(f"unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}")
            return 2
        import_module(f"bench.{name}").main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
