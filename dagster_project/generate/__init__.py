"""Synthetic source files for the warehouse (`regwh generate`).

`generate(scale, out_dir, seed)` writes an inbox of files exactly as the bureau's source systems
deliver them (see ../shared/spec/sources.md): snapshots and monthly event batches from
2020 to 2024, with realistic trends and a small, counted share of injected defects.
"""
from .core import generate

__all__ = ["generate"]
