"""Real documents (tests/fixtures/corpus): read the way a person reading them would.

Each built file's tables must come out with the reading, roles and dimensions a reader
names; the writer tests check that every text of every built file reaches all three
formats. Files jobarch refuses must be refused with a located error.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from exporter.cli import cli
from exporter.errors import SourceError
from exporter.model import Layout
from exporter.parse import parse_file, parse_source, parse_text

from .conftest import CORPUS, CORPUS_BUILT, CORPUS_FILES, CORPUS_REFUSED

COLUMNS, ROWS, LISTS = Layout.ROLES_IN_COLUMNS, Layout.ROLES_IN_ROWS, Layout.LISTS
LEVELS = ["Junior Engineer", "Middle I Engineer", "Middle II Engineer", "Senior I Engineer"]
LEVELS += ["Senior II Engineer", "Senior III Engineer", "Staff I Engineer", "Staff II Engineer"]
LEVELS += ["Engineering Manager", "Senior Engineering Manager", "Head of Engineering"]
LEVELS += ["Principal I Engineer", "Principal II Engineer", "Director of Engineering"]
SRE_SKILLS = ["Scope", "Collaboration", "Skills Development", "Mentorship", "Communications"]
SRE_SKILLS += ["On-call", "Security", "Operations", "Development and Automation"]
SRE_SKILLS += ["Reliability", "Systems Engineering"]
TEAM = ["Event Lead", "Registration", "Communications", "CNCF Events Manager"]
TEAM += ["Current Content", "Unconference", "New Contributor Workshop 101"]
TEAM += ["New Contributor Workshop 201", "SIG Meet & Greet"]
TEAM += ["Accessibility, Inclusiveness, and Diversity"]
MEMBERSHIP = ["Responsibilities", "Requirements", "Defined by"]
KUBEFLOW = ["Member", "Reviewer", "Approver", "WG Lead", "WG Chair"]
KUBEFLOW += ["Kubeflow Steering Commitee Member"]  # sic
ISTIO = ["Collaborator", "Member", "Documentation Reviewer", "Maintainer", "Triager"]
ISTIO += ["Lead", "Administrator", "Release manager", "Sponsor"]
TELEPORT = ["Data Structures & Algorithms", "Product Output", "Security"]
TELEPORT += ["Communication & Writing", "Networking", "Systems Engineering", "OS & Tooling"]

# file -> per table: (reading, roles, dimensions); dimensions are None for lists.
EXPECTED: dict[str, list[tuple[Layout, list[str], list[str] | None]]] = {
    "06-opensource-guide-pr-roles-zh.md": [
        (COLUMNS, ["访客", "报告者", "观察者", "开发者", "管理员", "项目组管理员"], None),
        (COLUMNS, ["User", "Contributor", "Committer", "Maintainer"], None),
    ],
    "09-engineeringladders-techlead-vs-em.md": [
        (LISTS, ["Tech Lead (System)", "Engineering Manager (People)"], None)
    ],
    "10-indrive-crafters-model-principles.md": [
        (ROWS, [f"C{n}" for n in range(1, 6)], ["Description", "Employee level"]),
        (ROWS, [f"I{n}" for n in range(1, 7)], ["Description", "Employee level"]),
        (ROWS, [f"B{n}" for n in range(7)], ["Description", "Employee level"]),
        (ROWS, LEVELS, ["Craftsmanship", "Impact", "Behavior"]),
    ],
    "11-k8s-contributor-summit-eu-2020-team.md": [(ROWS, TEAM, ["Lead", "Shadow", "Notes"])],
    "12-kubeflow-community-membership.md": [
        (
            ROWS,
            [
                "Member",
                "Reviewer",
                "Approver",
                "WG Lead",
                "WG Chair",
                "Kubeflow Steering Commitee Member",
            ],
            MEMBERSHIP,
        )
    ],
    "13-istio-community-roles.md": [
        (
            ROWS,
            ISTIO,
            ["Responsibilities", "Requirements", "Privileges"],
        )
    ],
    "14-teleport-systems-engineer-levels.md": [
        (
            COLUMNS,
            [f"L{n}" for n in range(1, 7)],
            TELEPORT,
        )
    ],
    "15-teleport-sre-levels.md": [(ROWS, [str(n) for n in range(1, 7)], SRE_SKILLS)],
    "17-cms-ospo-community-roles.md": [
        (ROWS, ["Open Source Lead"] + ["Software Engineer"] * 4, ["Name", "Affiliation"]),
        (ROWS, ["member", "reviewer", "approver", "maintainer"], MEMBERSHIP),
        (COLUMNS, [], None),  # a grid of contributors' pictures, not a comparison
    ],
    "19-knative-community-roles.md": [
        (ROWS, ["Contributor", "Member", "Approver", "Working Group Lead"], ["Responsibilities"])
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_tables_read_as_a_reader_names_them(name: str) -> None:
    document = parse_file(CORPUS / name)
    assert len(document.comparisons) == len(EXPECTED[name])
    for comparison, (layout, roles, dimensions) in zip(
        document.comparisons, EXPECTED[name], strict=True
    ):
        assert comparison.layout is layout
        if roles:
            assert [role.title.text for role in comparison.roles] == roles
        if dimensions is not None:
            assert [d.name.text for d in comparison.dimensions] == dimensions
        if layout is LISTS:
            assert not comparison.corner
            assert all(not d.name for d in comparison.dimensions)


def test_every_corpus_file_is_built_or_refused_with_a_location() -> None:
    for path in CORPUS_FILES:
        if path.name in CORPUS_REFUSED:
            with pytest.raises(SourceError) as caught:
                parse_file(path)
            assert str(caught.value).startswith(f"{path}:")
        else:
            assert parse_file(path).comparisons


def test_a_rowspan_is_refused_where_it_stands() -> None:
    path = CORPUS / "16-infracloud-associate-engineer.md"
    with pytest.raises(SourceError, match="rowspan=6") as caught:
        parse_file(path)
    assert (caught.value.line, caught.value.col) == (51, 5)
    assert "<td rowspan" in path.read_text(encoding="utf-8").split("\n")[50][4:]


def test_a_comment_before_a_table_sets_its_reading() -> None:
    """The maturity ladder's tiers run down the rows; the header does not say so itself."""
    path = CORPUS / "18-cms-ospo-maturity-ladder.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    automatic = parse_file(path).comparisons[1]
    assert automatic.layout is COLUMNS
    assert lines[33].startswith("| Growing to Tier X")
    lines.insert(33, "<!-- jobarch: roles-in-rows -->")
    told = parse_text("\n".join(lines), str(path)).document.comparisons[1]
    assert told.layout is ROWS
    assert told.reading.explicit
    assert [role.title.text for role in told.roles] == [f"Tier {n}" for n in range(1, 5)]
    assert [d.name.text for d in told.dimensions] == [
        "Must Have / Mandatory",
        "Nice to have / Recommended",
    ]
    assert told.line == automatic.line + 1


def test_site_generator_front_matter_is_a_warning_and_never_reaches_the_model() -> None:
    parsed = parse_source(CORPUS / "18-cms-ospo-maturity-ladder.md")
    keys = [d.message.split("'")[1] for d in parsed.warnings if "front matter key" in d.message]
    assert keys == [
        "description",
        "permalink",
        "layout",
        "section",
        "tags",
        "eleventyNavigation",
        "sidenav",
        "sticky_sidenav",
    ]
    assert parsed.document.title == "Maturity Model Ladder Guide"
    model = json.dumps(parsed.document.meta.__dict__)
    assert "permalink" not in model
    assert "eleventy" not in model


def test_hugo_toml_front_matter_is_read() -> None:
    parsed = parse_source(CORPUS / "12-kubeflow-community-membership.md")
    assert parsed.document.title == "Community Membership"
    assert parsed.document.comparisons[0].line == 15
    warned = {d.line: d.message for d in parsed.warnings}
    assert "'weight'" in warned[4]
    assert "'aliases'" in warned[5]


def test_comments_and_zero_width_spaces_are_left_out() -> None:
    parsed = parse_source(CORPUS / "17-cms-ospo-community-roles.md")
    document = parsed.document
    texts = [block for block in document.blocks if hasattr(block, "content")]
    assert not any("<!--" in block.content.text for block in texts)
    assert [note.line for note in parsed.notes if "comment" in note.message][:3] == [3, 54, 61]
    lists = parse_file(CORPUS / "09-engineeringladders-techlead-vs-em.md").comparisons[0]
    source = (CORPUS / "09-engineeringladders-techlead-vs-em.md").read_text(encoding="utf-8")
    assert source.count("\u200b") == 16
    # Zero-width spaces in cells are text the author typed; in names they are removed.
    assert all("\u200b" not in role.title.text for role in lists.roles)


@pytest.mark.parametrize("path", CORPUS_BUILT, ids=[path.name for path in CORPUS_BUILT])
def test_check_and_model_say_how_each_table_was_read(path: Path) -> None:
    runner = CliRunner()
    checked = runner.invoke(cli, ["check", str(path)])
    assert checked.exit_code == 0, checked.output
    model = json.loads(runner.invoke(cli, ["model", str(path)]).stdout)
    notes = [line for line in checked.stdout.splitlines() if ": note: table read as " in line]
    assert len(notes) == len(model["comparisons"])
    for note, comparison in zip(notes, model["comparisons"], strict=True):
        assert note.startswith(f"{path}:{comparison['line']}:1: note: ")
        assert comparison["reading"]["reason"] in note
        assert comparison["reading"]["layout"] in ("roles-in-columns", "roles-in-rows", "lists")
