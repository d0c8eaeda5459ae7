"""A comparison laid out as the table to print, the way its source table runs.

Writers print a Grid, not a Comparison: roles across (the seed), roles down (a level
table), or lists side by side with no label column. The Grid also says which role each
row or column belongs to, so the focus role is highlighted whichever way the table runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Comparison, Layout, RichText


@dataclass(frozen=True)
class Grid:
    """The table as printed: an optional label column, then value columns.

    `corner` and `labels` are None for lists (no label column). `column_roles[j]` is the
    role printed in value column j, `row_roles[i]` the role printed in row i (None where
    the columns, or rows, are not roles).
    """

    corner: RichText | None
    headers: tuple[RichText, ...]
    labels: tuple[RichText, ...] | None
    cells: tuple[tuple[RichText, ...], ...]
    column_roles: tuple[int | None, ...]
    row_roles: tuple[int | None, ...]
    row_lines: tuple[int, ...]
    columns_are: str  # "roles" or "dimensions": what the value columns hold

    @property
    def labelled(self) -> bool:
        """Whether the table has a column of row labels."""
        return self.labels is not None

    def role_of(self, row: int, column: int) -> int | None:
        """The role a value cell belongs to."""
        by_column = self.column_roles[column]
        return by_column if by_column is not None else self.row_roles[row]


def grid(comparison: Comparison) -> Grid:
    """The comparison as the table its source shows."""
    roles = comparison.roles
    dimensions = comparison.dimensions
    if comparison.layout is Layout.ROLES_IN_ROWS:
        return Grid(
            corner=comparison.corner,
            headers=tuple(d.name for d in dimensions),
            labels=tuple(role.title for role in roles),
            cells=tuple(tuple(d.cells[index] for d in dimensions) for index in range(len(roles))),
            column_roles=(None,) * len(dimensions),
            row_roles=tuple(range(len(roles))),
            row_lines=tuple(role.line for role in roles),
            columns_are="dimensions",
        )
    lists = comparison.layout is Layout.LISTS
    return Grid(
        corner=None if lists else comparison.corner,
        headers=tuple(role.title for role in roles),
        labels=None if lists else tuple(d.name for d in dimensions),
        cells=tuple(d.cells for d in dimensions),
        column_roles=tuple(range(len(roles))),
        row_roles=(None,) * len(dimensions),
        row_lines=tuple(d.line for d in dimensions),
        columns_are="roles",
    )
