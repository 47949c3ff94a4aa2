"""The compiled query kernel (``bot/search/kernel/``, a C extension built at install by the machine's C
compiler); everything else is in pyproject.toml."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "bot.search._kernel",
            ["bot/search/kernel/module.c", "bot/search/kernel/score.c"],
            depends=["bot/search/kernel/score.h"],
            # No fused multiply-add: every product and sum rounds as rank-bm25's numpy ones do.
            extra_compile_args=["-ffp-contract=off"],
        )
    ]
)
