"""Names made distinct by numbering repeats: sheets, tables, columns, labels, attachments."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence


def distinct(
    bases: Sequence[str],
    suffixed: Callable[[str, int], str],
    taken: Iterable[str] = (),
    key: Callable[[str], str] = str.casefold,
) -> list[str]:
    """Each base, or where it would repeat an earlier name or one `taken` (as `key` compares
    them: ignoring case by default), `suffixed(base, n)` for the first n from 2 that does
    not. Linear: each base's count resumes where it stopped, so a thousand equal titles are
    not retried a million times."""
    seen = {key(name) for name in taken}
    counters: dict[str, int] = {}
    names: list[str] = []
    for base in bases:
        name = base
        if key(name) in seen:
            counter = counters.get(key(base), 1)
            while key(name) in seen:
                counter += 1
                name = suffixed(base, counter)
            counters[key(base)] = counter
        seen.add(key(name))
        names.append(name)
    return names
