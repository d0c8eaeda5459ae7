"""Running jobarch as a user for whom file modes count, even when the tests run as root."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys

_PR_CAPBSET_DROP = 24  # from <linux/prctl.h>
# CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH: what lets root read and write any file.
_CAPABILITIES_THAT_IGNORE_MODES = (1, 2)


def _without_root_powers() -> None:
    """In the child: give up root's power over file modes, which a user never has."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in _CAPABILITIES_THAT_IGNORE_MODES:
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def run_unprivileged(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m exporter ARGS` in a process for which mode 000 means unreadable and 555
    unwritable (as root, the process first drops the capabilities that ignore modes)."""
    return subprocess.run(
        [sys.executable, "-m", "exporter", *args],
        capture_output=True,
        text=True,
        preexec_fn=_without_root_powers if os.geteuid() == 0 else None,
        check=False,
    )
