"""The soak at full size (issue 21): 200 termly reports and 200 emails on two real workers, while
workers are killed ten times, Redis is restarted twice, the workers' database connections are
terminated, and a second beat is started. It must end with exactly 200 reports, none duplicated,
none lost, and every email sent once. The faults and the counting are in tests/soak.py, which the
CI's short version (tests/test_soak.py) shares.

Needs DATABASE_URL (PostgreSQL; a fresh database `leep_soak` is made on that server) and Debian's
redis-server (the soak starts its own on port 6390 and restarts it). Bounded at 20 minutes.

Run: make soak   (or DATABASE_URL=postgres://... python bench/soak.py)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from setup_django import ROOT, fresh_database

sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--worker-kills", type=int, default=10)
    parser.add_argument("--redis-restarts", type=int, default=2)
    parser.add_argument("--connection-terminations", type=int, default=2)
    args = parser.parse_args()
    fresh_database("leep_soak")
    from tests.soak import SoakRedis, run_soak

    if not SoakRedis.available():
        sys.exit("The soak needs redis-server (Debian's redis-server package).")
    with tempfile.TemporaryDirectory() as folder:
        result = run_soak(
            tasks=args.tasks,
            worker_kills=args.worker_kills,
            redis_restarts=args.redis_restarts,
            connection_terminations=args.connection_terminations,
            second_beat=True,
            folder=Path(folder),
            database_url=os.environ["DATABASE_URL"],
            time_limit=20 * 60,
        )
    for line in result.lines():
        print(f"  {line}")
    ok = (result.duplicates, result.lost, result.emails_twice, result.emails_lost) == (0, 0, 0, 0)
    print("  PASSED: exactly once" if ok else "  FAILED: see the counts above")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
