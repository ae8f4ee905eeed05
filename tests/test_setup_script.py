"""bin/setup finds a Python ≥ 3.12 or says what to install; it never half-creates an environment."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def fake_python(folder: Path, name: str, version: tuple[int, int]) -> None:
    script = folder / name
    script.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = "-c" ]; then exit {0 if version >= (3, 12) else 1}; fi\n'
        f'echo "Python {version[0]}.{version[1]}.0"\n'
    )
    script.chmod(0o755)


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    (tmp_path / "bin").mkdir()
    shutil.copy(ROOT / "bin" / "setup", tmp_path / "bin" / "setup")
    return tmp_path


def run_setup(checkout: Path, path: Path, home: Path) -> subprocess.CompletedProcess:
    env = {"PATH": f"{path}:/bin", "HOME": str(home)}
    return subprocess.run(["/bin/bash", str(checkout / "bin" / "setup")], env=env, capture_output=True, text=True)


def test_without_python_3_12_setup_names_what_to_install(checkout, tmp_path):
    fakebin, home = tmp_path / "fakebin", tmp_path / "home"
    fakebin.mkdir()
    home.mkdir()
    fake_python(fakebin, "python3", (3, 11))
    for tool in ("sha256sum", "cut", "cat", "ls", "sort", "dirname", "rm"):
        if found := shutil.which(tool):
            os.symlink(found, fakebin / tool)
    result = run_setup(checkout, fakebin, home)
    assert result.returncode == 1
    assert "needs Python 3.12 or newer" in result.stderr
    assert "Python 3.11.0" in result.stderr
    assert "pyenv install 3.12" in result.stderr
    assert not (checkout / ".venv").exists()


def test_setup_finds_python_among_pyenvs_versions(checkout, tmp_path):
    fakebin, home = tmp_path / "fakebin", tmp_path / "home"
    fakebin.mkdir()
    fake_python(fakebin, "python3", (3, 11))
    pyenv_python = home / ".pyenv" / "versions" / "3.12.1" / "bin"
    pyenv_python.mkdir(parents=True)
    fake_python(pyenv_python, "python", (3, 12))
    for tool in ("sha256sum", "cut", "cat", "ls", "sort", "dirname", "rm"):
        if found := shutil.which(tool):
            os.symlink(found, fakebin / tool)
    result = run_setup(checkout, fakebin, home)
    # The fake interpreter cannot make a venv, but the message shows which one setup chose.
    assert f"Creating the virtual environment with Python 3.12.0 ({pyenv_python / 'python'})" in result.stdout
