"""The files the package carries besides its code, wherever it is installed.

A build needs the site's templates, Material overrides and assets (the repository's
``site_config/``); ``glossary init --starter`` needs the GTM starter content (the repository's
``glossary/`` and ``playbooks/``). The repository keeps them at its root, beside the package.
A wheel carries them inside it: pyproject.toml maps each folder into the package
(``package-dir``), so an installed copy needs no checkout. An editable install (``make``)
runs the package from the checkout, where the folders are still beside it: setuptools'
editable finder cannot import a data-only subpackage of a regular package, so the folder
is looked for inside the package first, then beside it.
"""

from __future__ import annotations

from pathlib import Path

from generator.core.problems import GlossaryError

#: The ``generator`` package folder (this module lives in ``generator/core/``).
PACKAGE = Path(__file__).resolve().parent.parent

#: Folder inside the installed package -> the same folder in a checkout (relative to its root).
#: pyproject.toml's [tool.setuptools.package-dir] says the same for the wheel.
LAYOUT = {
    "site_config": "site_config",
    "starter/glossary": "glossary",
    "starter/playbooks": "playbooks",
}


def packaged_folder(name: str) -> Path:
    """The folder ``name`` (a key of :data:`LAYOUT`) of an installed package or of the checkout."""
    installed = PACKAGE / name
    if installed.is_dir():
        return installed
    checkout = PACKAGE.parent / LAYOUT[name]
    if checkout.is_dir():
        return checkout
    raise GlossaryError(f"the installed package lacks its {name}/ folder ({installed}); reinstall gtm-glossary")


def site_config() -> Path:
    """The packaged ``site_config/``: templates/, overrides/ and assets/."""
    return packaged_folder("site_config")
