"""Owners: with glossary/_owners.yaml present, every term's and playbook's ``owner`` is a team's id.

Without the registry ``owner`` stays free text (a new project need not set one up). With it, an
owner that is not a team's id is an ``unknown-reference`` at its line: the hint names the id when
the value is a team's display name ("use the id 'marketing-ops'"), else the closest id or name,
and lists the teams when there are few. Two teams may not share a display name (compared as
names are: case, spaces and look-alike letters aside), or a display name would lead to two ids.
"""

from __future__ import annotations

from generator.checks.names import refuse_line_breaks
from generator.checks.records import Index, Item, describe_path
from generator.checks.references import with_valid_ids
from generator.core.problems import ProblemList
from generator.core.text import closest, name_key

#: Where the registry lives (content/load.py's OWNERS_FILE), as messages name it.
REGISTRY = "glossary/_owners.yaml"


def check_owners(index: Index, problems: ProblemList) -> None:
    """Team names are distinct, and every ``owner`` names a team, while the registry exists."""
    if index.owner_registry is None and "teams" not in index.unreadable_kinds:
        return  # no registry: owners are free text
    names = _team_names(index, problems)
    _check_maintainers(index, problems)
    for table in (index.terms, index.playbooks):
        for item in table.values():
            _check_owner(item, index, names, problems)


def _team_names(index: Index, problems: ProblemList) -> dict[str, str]:
    """name_key of each team's display name -> its id; a name two teams share is an error."""
    names: dict[str, str] = {}
    for team_id, item in index.teams.items():
        name = item.text("name")
        if name is None or not refuse_line_breaks(item, ("name",), "team name", name, problems):
            continue
        key = name_key(name)
        if key in names and names[key] != team_id:
            first = index.teams[names[key]]
            problems.add(
                item.doc.path,
                item.at("name"),
                "duplicate-name",
                f"team '{team_id}' has the name '{name}', which team '{names[key]}' has too "
                f"({first.doc.path}:{first.at('name')[0]})",
                "give each team its own display name",
            )
            continue
        names.setdefault(key, team_id)
    return names


def _check_owner(item: Item, index: Index, names: dict[str, str], problems: ProblemList) -> None:
    owner = item.get("owner")
    if not isinstance(owner, str) or owner in index.teams or owner in index.broken_ids.get("teams", set()):
        return
    if "teams" in index.unreadable_kinds:
        return  # the registry did not parse: the team may be defined there
    by_name = names.get(name_key(owner))
    by_handle = [t for t, team in index.teams.items() if owner in (team.get("handles", default=[]) or [])]
    if by_name is not None:
        hint = f"'{owner}' is the name of team '{by_name}': use the id '{by_name}'"
    elif by_handle:
        hint = f"'{owner}' is a code-host handle of team '{by_handle[0]}': use the id '{by_handle[0]}'"
    else:
        hint = index.suggester.hint(
            ("owner", owner), 2 * (len(index.teams) + len(names)), lambda: _suggest(owner, index)
        )
    problems.add(
        item.doc.path,
        item.at("owner"),
        "unknown-reference",
        f"{describe_path(('owner',))} refers to team '{owner}', which is not in {REGISTRY}",
        with_valid_ids(hint or f"add the team to {REGISTRY} or use a team's id", index.teams, "team"),
    )


def _check_maintainers(index: Index, problems: ProblemList) -> None:
    """Every id under ``maintainers:`` is a team of the registry."""
    registry = index.owner_registry
    if registry is None:
        return
    for number, team_id in registry.entries("maintainers"):
        if not isinstance(team_id, str) or team_id in index.teams or team_id in index.broken_ids.get("teams", set()):
            continue
        match = closest(team_id, index.teams)
        problems.add(
            registry.doc.path,
            registry.at("maintainers", number),
            "unknown-reference",
            f"{describe_path(('maintainers', number))} refers to team '{team_id}', which is not in {REGISTRY}",
            with_valid_ids(f"did you mean '{match}'?" if match else "use a team's id", index.teams, "team"),
        )


def _suggest(owner: str, index: Index) -> str:
    """The team an unknown owner most likely means: the closest id, else the closest display name."""
    match = closest(owner, index.teams)
    if match is None:
        by_name = {item.data["name"]: team_id for team_id, item in index.teams.items() if item.text("name")}
        name = closest(owner, by_name)
        match = by_name[name] if name is not None else None
    return f"did you mean '{match}'?" if match else ""
