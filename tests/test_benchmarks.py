"""The benchmarks' quick profiles run in CI, so a broken benchmark is caught with the code.

They only check that each script runs against its peer and reports a ratio; the figures
themselves are for docs/benchmarks.md, measured on a quiet machine.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import REPO


@pytest.mark.parametrize("script, ratio", [
    ("bench_features.py", r"\| features \(transform\) \| \d+\.\dx \|"),
    ("bench_parties.py", r"\[id\] ratio \d+x faster"),
    ("bench_score.py", r"stance score / sklearn hashing\+LR:\s+\d+\.\d+x"),
])
def test_quick_benchmark_reports_a_ratio_against_its_peer(data_dir, script, ratio):
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / script), "--quick", "--data-dir", str(data_dir)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert re.search(ratio, done.stdout), done.stdout[-2000:]
