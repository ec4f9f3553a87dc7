"""The production settings plus one URL for the benchmarks (bench/_urls.py)."""

from konzept.settings.prod import *  # noqa: F403

ROOT_URLCONF = "bench._urls"
