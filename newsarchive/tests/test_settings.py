"""Production safety: without a secret key and with DEBUG off, the app will not start."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
        capture_output=True, text=True, timeout=120,
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off(tmp_path):
    done = manage("check", DJANGO_DEBUG="0", NEWSARCHIVE_DATA_DIR=str(tmp_path))
    assert done.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in done.stderr


def test_starts_with_a_secret_key(tmp_path):
    done = manage(
        "check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50, NEWSARCHIVE_DATA_DIR=str(tmp_path)
    )
    assert done.returncode == 0, done.stderr
