"""Fixtures for the hardening tests: synthetic articles and running the CLI."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from synthetic import ROOT, cli_command, synthetic_records


@pytest.fixture
def synthetic_jsonl(tmp_path: Path) -> Callable[[int], Path]:
    def write(n: int) -> Path:
        path = tmp_path / f"synthetic-{n}.jsonl"
        path.write_text(
            "\n".join(json.dumps(r, ensure_ascii=False) for r in synthetic_records(n)) + "\n",
            encoding="utf-8",
        )
        return path

    return write


@pytest.fixture
def run_cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    def run(*args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            cli_command(*args), capture_output=True, text=True, timeout=timeout, cwd=ROOT
        )

    return run
