"""Run every benchmark module in this folder (bench_*.py) and print each one's ratios.

Each module has a main() that prints lines of the form `name: ratio Nx (target <= Mx)`; every ratio
is measured against a baseline timed in the same run, never against a fixed number of seconds.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def main() -> int:
    """Run each bench_*.py in name order (only those named, if any: a name also runs its
    bench_NAME_*.py parts, so `bench_browser` runs every browser figure); returns 0."""
    only = set(sys.argv[1:])
    for path in sorted(HERE.glob("bench_*.py")):
        if only and not any(path.stem == name or path.stem.startswith(f"{name}_") for name in only):
            continue
        print(f"== {path.stem}", flush=True)
        importlib.import_module(path.stem).main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
