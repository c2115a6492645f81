"""The project's configuration: ``mkdocs.yml``, read once, without MkDocs or its plugins.

``glossary build``, ``export``, ``link`` and ``new term`` need a few of its values (the site's
address, the calculators' number format, the base of "Edit this term" links) before MkDocs
runs, or without MkDocs at all; the Zensical engine needs the whole file, to write a copy of
it without our plugin. One reader serves them all, so they cannot disagree about what the
file says (a regular expression, a YAML load and a second loader used to read it three ways).

MkDocs' own tags are kept, not refused: ``!ENV [NAME, default]`` reads the environment as
MkDocs does; any other tag (``!!python/name:...``, ``!relative``) is kept as a
:class:`Tagged` value, which none of our readers takes for a string and which is written back
with its tag (:func:`dump_config`). The file stays a plain MkDocs configuration: nothing here
adds a key that MkDocs without our plugin would refuse.

The file's text, where the generator writes one: ``glossary init`` copies the skeleton's
(``generator/skeleton/mkdocs.yml``); ``glossary import`` writes :data:`IMPORTED_PROJECT_CONFIG`.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from generator.core.problems import GlossaryError

#: The configuration file, in the project's folder.
CONFIG_FILE = "mkdocs.yml"
#: The name of our plugin's entry under ``plugins:`` (its entry point in pyproject.toml).
PLUGIN_NAME = "glossary"


#: The configuration file of a project created by ``glossary import``: ``glossary build`` works on it
#: at once. Not the skeleton's (``glossary init``, ``generator/skeleton/``): that one names the theme
#: overrides init copies into the project (``custom_dir: site_config/overrides``), which an import
#: does not write, and MkDocs refuses a custom_dir that does not exist.
IMPORTED_PROJECT_CONFIG = """\
# Written by `glossary import`. See the gtm-glossary README for every option.
site_name: Glossary
docs_dir: build/docs
site_dir: site
theme:
  name: material
  font: false
  features: [navigation.instant, search.suggest, search.highlight, content.tooltips]
plugins:
  - search:
      separator: '[\\s\\-,:!=\\[\\]()"/]+'
  - glossary
extra_javascript: [assets/glossary/glossary.js, assets/glossary/classifier.js, assets/glossary/tactics.js]
extra_css: [assets/glossary/glossary.css]
markdown_extensions: [tables, admonition, {toc: {permalink: true}}]
nav:
  - Home: index.md
  - Glossary A-Z: glossary/index.md
  - Playbooks: playbooks/index.md
  - Categories: categories/index.md
  - Sources: sources.md
validation:
  nav: {omitted_files: ignore}
  links: {not_found: warn, anchors: warn, unrecognized_links: warn}
"""


class ProjectConfigError(GlossaryError, ValueError):
    """mkdocs.yml cannot be read: the message names the file and line."""


class Tagged:
    """A value written with a tag PyYAML's safe loader does not know (``!ENV``, ``!!python/name:``):
    kept with its tag so that a copy of the file can be written back as it was."""

    __slots__ = ("tag", "value")

    def __init__(self, tag: str, value: Any) -> None:
        self.tag = tag
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Tagged) and (self.tag, self.value) == (other.tag, other.value)

    def __repr__(self) -> str:
        return f"Tagged({self.tag!r}, {self.value!r})"


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.MappingNode):
        value: Any = loader.construct_mapping(node, deep=True)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_scalar(node)
    return Tagged(node.tag, value)


class _KeepTagsLoader(yaml.SafeLoader):
    """A safe loader that turns every unknown tag into a :class:`Tagged` value instead of an error."""


_KeepTagsLoader.add_multi_constructor("", _construct_tagged)


class _KeepTagsDumper(yaml.SafeDumper):
    """Writes :class:`Tagged` values back with their tags; never an anchor (``&id001``)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, "" if data.value is None else str(data.value))


_KeepTagsDumper.add_representer(Tagged, _represent_tagged)


def dump_config(data: Mapping[str, Any]) -> str:
    """YAML text of a configuration, its tags as they were read, its keys in their order."""
    return yaml.dump(dict(data), Dumper=_KeepTagsDumper, sort_keys=False, allow_unicode=True, width=10_000)


def parse_config(text: str) -> Any:
    """YAML text of a configuration, read safely, unknown tags kept as :class:`Tagged` values."""
    return yaml.load(text, Loader=_KeepTagsLoader)  # noqa: S506 (a SafeLoader)


def _environment(value: Tagged) -> Any:
    """``!ENV NAME`` or ``!ENV [NAME, ..., default]``, as MkDocs (pyyaml_env_tag) resolves it:
    the first variable that is set, else the last item as the default (None with one name)."""
    names = value.value if isinstance(value.value, list) else [value.value]
    default = names[-1] if len(names) > 1 else None
    for name in names[:-1] if len(names) > 1 else names:
        if isinstance(name, str) and name in os.environ:
            return _plain_scalar(os.environ[name])
    return default


def _plain_scalar(text: str) -> Any:
    """``text`` as an untagged YAML scalar: 'true' a bool, '8000' a number, anything else a string."""
    loader = yaml.SafeLoader("")
    try:
        tag = loader.resolve(yaml.ScalarNode, text, (True, False))
        return loader.construct_object(yaml.ScalarNode(tag, text))
    finally:
        loader.dispose()


def resolved(value: Any) -> Any:
    """``value`` as MkDocs would see it: ``!ENV`` read from the environment, other tags None."""
    if isinstance(value, Tagged):
        return _environment(value) if value.tag == "!ENV" else None
    if isinstance(value, dict):
        return {key: resolved(item) for key, item in value.items()}
    if isinstance(value, list):
        return [resolved(item) for item in value]
    return value


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def plugin_options(plugins: Any, name: str = PLUGIN_NAME) -> dict[str, Any] | None:
    """The options of plugin ``name`` in a ``plugins:`` value (a list or a mapping, as MkDocs
    takes both): {} when listed without options, None when not listed."""
    entries = plugins.items() if isinstance(plugins, dict) else ((e, None) for e in plugins or [])
    for entry, options in entries:
        if entry == name:
            return options if isinstance(options, dict) else {}
        if isinstance(entry, dict) and name in entry:
            return entry[name] if isinstance(entry[name], dict) else {}
    return None


@dataclass(frozen=True)
class ProjectConfig:
    """What ``mkdocs.yml`` says, read once; an absent file is an empty configuration.

    ``raw`` keeps the file's tags (for writing a copy); the properties read ``resolved`` values.
    """

    path: Path
    raw: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def read(cls, project: Path) -> ProjectConfig:
        """The configuration of the project in ``project``; ProjectConfigError (file:line) if it is not YAML."""
        path = Path(project) / CONFIG_FILE
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path)
        except (OSError, UnicodeDecodeError) as error:
            raise ProjectConfigError(f"{path}: cannot be read ({getattr(error, 'strerror', None) or error})") from error
        try:
            data = parse_config(text)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
            problem = getattr(error, "problem", None) or error
            raise ProjectConfigError(f"{where}: not valid YAML ({problem}); fix the file as MkDocs reads it") from None
        if data is not None and not isinstance(data, dict):
            raise ProjectConfigError(f"{path}:1: expected settings (name: value lines), found {type(data).__name__}")
        return cls(path, MappingProxyType(data or {}))

    @property
    def folder(self) -> Path:
        return self.path.parent

    def get(self, key: str, default: Any = None) -> Any:
        """A top-level setting as MkDocs would see it (``!ENV`` resolved)."""
        return resolved(self.raw[key]) if key in self.raw else default

    def copy_of_raw(self) -> dict[str, Any]:
        """A deep copy of the file's settings, tags kept, to edit and write elsewhere."""
        return copy.deepcopy(dict(self.raw))

    @property
    def site_url(self) -> str | None:
        return _text(self.get("site_url"))

    @property
    def repo_url(self) -> str | None:
        return _text(self.get("repo_url"))

    @property
    def plugin_options(self) -> dict[str, Any]:
        """Our plugin's options ({} when it is not listed, or listed without options)."""
        return plugin_options(self.get("plugins")) or {}

    @property
    def lists_plugin(self) -> bool:
        return plugin_options(self.get("plugins")) is not None

    @property
    def theme(self) -> dict[str, Any]:
        theme = self.get("theme")
        return theme if isinstance(theme, dict) else {}

    @property
    def history_authors(self) -> bool:
        """Whether term pages, "What changed" and its feed name who made each change: our plugin's
        ``history_authors`` option (default off: a glossary speaks for the team, not for one person)."""
        return self.plugin_options.get("history_authors") is True

    @property
    def edit_base(self) -> str | None:
        """The base of "Edit this term" links (:func:`edit_base_of`) from this file: without the
        plugin (Zensical), the generator writes them."""
        return edit_base_of(_text(self.plugin_options.get("edit_url")), self.repo_url)


def edit_base_of(edit_url: str | None, repo_url: str | None) -> str | None:
    """The base of "Edit this term" links (a term's file path follows it): our plugin's ``edit_url``
    option, else ``repo_url`` + /edit/main/, else None (no links). The plugin passes the values MkDocs
    read; :attr:`ProjectConfig.edit_base` those of the file."""
    if edit_url:
        return edit_url.rstrip("/") + "/"
    return repo_url.rstrip("/") + "/edit/main/" if repo_url else None
