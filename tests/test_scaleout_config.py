"""The scale-out configuration files are complete and load (deploy/scale-out, docs/scaling.md)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from rasa.core.lock_store import LockStore
from rasa.utils.endpoints import read_endpoint_config

from addons.atomic_lock_store import AtomicRedisLockStore
from tools.common.paths import PROJECT_DIR
from tools.servers import ENDPOINTS, find_binaries, render_nginx_conf

SCALE_ENV = {
    "ACTION_SERVER_URL": "http://127.0.0.1:5055/webhook",
    "TRACKER_DB_HOST": "127.0.0.1", "TRACKER_DB_PORT": "5432", "TRACKER_DB_NAME": "rasa",
    "TRACKER_DB_USER": "rasa", "TRACKER_DB_PASSWORD": "secret",
    "LOCK_REDIS_HOST": "127.0.0.1", "LOCK_REDIS_PORT": "6379", "LOCK_REDIS_DB": "1", "LOCK_REDIS_PASSWORD": "pw",
}


def test_the_scale_out_endpoints_use_postgresql_and_the_atomic_redis_lock_store(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in SCALE_ENV.items():
        monkeypatch.setenv(name, value)
    tracker = read_endpoint_config(str(ENDPOINTS), "tracker_store")
    lock = read_endpoint_config(str(ENDPOINTS), "lock_store")
    assert tracker is not None and lock is not None
    assert tracker.type == "addons.tracker_store.ReportingSQLTrackerStore"
    assert tracker.kwargs["dialect"] == "postgresql" and tracker.url == "127.0.0.1"
    store = LockStore.create(lock)  # connects lazily: no Redis needed to build it
    assert isinstance(store, AtomicRedisLockStore)
    assert store.key_prefix.startswith("allassistant:")


def test_the_single_server_endpoints_keep_conversations_in_sqlite() -> None:
    text = (PROJECT_DIR / "endpoints.yml").read_text()
    assert "type: addons.tracker_store.ReportingSQLTrackerStore" in text and "dialect: sqlite" in text


def test_the_nginx_configuration_lists_every_server_and_exposes_only_the_webhook(tmp_path: Path) -> None:
    conf = render_nginx_conf(tmp_path, "127.0.0.1:8000", ["10.0.0.1:5005", "10.0.0.2:5005"])
    assert "@@" not in conf
    assert re.findall(r"server (\S+) max_fails", conf) == ["10.0.0.1:5005", "10.0.0.2:5005"]
    assert re.findall(r"location (.+?) \{", conf) == ["= /webhooks/rest/webhook", "= /", "/"]
    assert "client_max_body_size 64k" in conf
    binaries, _ = find_binaries()
    if binaries:  # nginx itself accepts it
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (tmp_path / "tmp" / sub).mkdir(parents=True)
        (tmp_path / "nginx.conf").write_text(conf)
        check = subprocess.run([str(binaries.nginx), "-t", "-q", "-p", str(tmp_path), "-c",
                                str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "error.log")],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
