"""Building the package also compiles its message catalogues (see README.md, "Messages in your language").

Everything else about the package is in pyproject.toml; this file only adds that step: each
`locale/<lang>/LC_MESSAGES/infoblokk.po` copied into the build becomes the `infoblokk.mo`
beside it, which is what gettext reads at run time.
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogues(build_py):
    """`build_py`, then `pybabel compile` for every catalogue copied into the build."""

    def run(self) -> None:
        super().run()
        for source in Path(self.build_lib, "infoblokk", "locale").glob("*/LC_MESSAGES/*.po"):
            with source.open("rb") as file:
                catalogue = read_po(file)
            with source.with_suffix(".mo").open("wb") as file:
                write_mo(file, catalogue)


setup(cmdclass={"build_py": BuildWithCatalogues})
