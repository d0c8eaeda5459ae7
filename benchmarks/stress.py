"""`make bench`: the hardening issue's slow sources, each format in its own process.

For every case and format: the outcome (built or refused up front), the seconds and the
peak memory of one `jobarch build -f FORMAT --jobs 1`. A built case over 30 s, or a crash,
fails the run: every source `check` accepts must build in seconds.
"""

from __future__ import annotations

import sys

from pathological import STRESS, run_case

FORMATS = ("docx", "xlsx", "pdf")
BUDGET_SECONDS = 30.0


def main() -> int:
    """Print the stress table; exit 1 if a case crashed or took longer than the budget."""
    print(f"{'stress case':42}" + "".join(f" {fmt + ' s':>9} {'MB':>5}" for fmt in FORMATS))
    failed = False
    for name in STRESS:
        cells = []
        for fmt in FORMATS:
            result = run_case(f"stress: {name}", [fmt])
            seconds = float(str(result["seconds"]))
            failed |= result["outcome"] == "CRASHED" or (
                result["outcome"] == "built" and seconds > BUDGET_SECONDS
            )
            shown = f"{seconds:.1f}" if result["outcome"] == "built" else result["outcome"]
            cells.append(f" {shown:>9} {result['peak_mb']!s:>5}")
        print(f"{name[:42]:42}" + "".join(cells), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
