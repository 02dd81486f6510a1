"""The user guide builds (MkDocs, strict: broken links fail)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_user_guide_builds(tmp_path: Path) -> None:
    if shutil.which("mkdocs") is None and not (Path(sys.executable).parent / "mkdocs").exists():
        pytest.skip("mkdocs is not installed")
    mkdocs = (
        str(Path(sys.executable).parent / "mkdocs")
        if (Path(sys.executable).parent / "mkdocs").exists()
        else "mkdocs"
    )
    result = subprocess.run(
        [mkdocs, "build", "--strict", "-q", "-d", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "corrections" / "index.html").exists()
