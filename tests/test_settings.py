"""The one settings module: secure by default, production-ready from environment variables."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "STAFET_SECRET_KEY": "k" * 20 + "-production-secret-with-enough-entropy-1234567890",
    "STAFET_ALLOWED_HOSTS": "stafet.example.org",
    "DATABASE_URL": "postgres://stafet@db.example.org:5432/stafet",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    ours = ("STAFET_", "DATABASE_URL", "DJANGO_")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean | env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_passes_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_a_secret_key_production_refuses_to_start():
    result = manage("check", env={"STAFET_ALLOWED_HOSTS": "stafet.example.org"})
    assert result.returncode != 0
    assert "STAFET_SECRET_KEY" in result.stderr


def test_database_url_switches_to_postgresql():
    result = manage("shell", "-c", "from django.db import connection; print(connection.vendor)", env=PRODUCTION)
    assert result.stdout.strip().splitlines()[-1] == "postgresql", result.stderr
