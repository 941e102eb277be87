"""Issue #18: one request hung on the database does not block the health check. gunicorn
runs with the project's settings (diplohub/gunicorn.py: gthread workers) and one worker,
whose database accepts connections and never answers; a page request hangs on it while
/healthz still answers within a second. With a sync worker (the setting this replaced) the
same /healthz waits behind the hung request."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HANG_SECONDS = 8


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(*extra: str, database_port: int, pidfile: Path):
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "x" * 64,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        # A database that accepts and never answers: a request waits on it this long, longer
        # than the probes take (and the server's shutdown waits for it).
        "DATABASE_URL": f"postgres://diplohub@127.0.0.1:{database_port}/diplohub",
        "DATABASE_CONNECT_TIMEOUT": str(HANG_SECONDS),
    }
    env.pop("REDIS_URL", None)
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--config", "python:diplohub.gunicorn"]
    command += ["diplohub.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"]
    command += ["--pid", str(pidfile), "--log-level", "warning", *extra]
    # Its own process group, so that master and worker can be killed together.
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if get(port, "/healthz", timeout=1)[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        yield port
    finally:
        # SIGQUIT: a quick shutdown. A worker thread still stuck on the silent database
        # (each query waits out the connect timeout) can hold the worker's exit: on a
        # loaded machine, kill the group rather than wait for it.
        os.kill(process.pid, signal.SIGQUIT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def get(port: int, path: str, timeout: float) -> tuple[int, float]:
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status, time.monotonic() - started
    finally:
        conn.close()


@contextmanager
def hung_page_request(port: int):
    """A page request that waits on the silent database, its answer never read."""
    client = socket.create_connection(("127.0.0.1", port))
    client.sendall(b"GET /programmes/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    time.sleep(0.5)  # the worker has taken it and is waiting on the database
    try:
        yield client
    finally:
        client.close()


def still_waiting(client: socket.socket) -> bool:
    client.setblocking(False)
    try:
        return not client.recv(1)
    except BlockingIOError:
        return True  # nothing answered yet


@pytest.fixture
def silent_database():
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)
        yield silent.getsockname()[1]


def test_healthz_answers_within_a_second_while_a_request_hangs_on_the_database(
    silent_database, tmp_path
):
    server = gunicorn(database_port=silent_database, pidfile=tmp_path / "pid")
    with server as port, hung_page_request(port) as hung:
        timings = [get(port, "/healthz", timeout=5) for _ in range(5)]
        readyz = get(port, "/readyz", timeout=5)
        assert still_waiting(hung)
    assert [status for status, _ in timings] == [200] * 5
    assert max(seconds for _, seconds in timings) < 1
    assert readyz[0] == 503 and readyz[1] < 2  # not ready, and says so within its second


def test_with_a_sync_worker_the_health_check_would_wait(silent_database, tmp_path):
    """The control: what gthread fixes (one sync worker serves one request at a time)."""
    # One thread (gunicorn would otherwise run sync with threads as gthread).
    sync = ("--worker-class", "sync", "--threads", "1")
    server = gunicorn(*sync, database_port=silent_database, pidfile=tmp_path / "pid")
    with server as port, hung_page_request(port), pytest.raises(TimeoutError):
        get(port, "/healthz", timeout=1)
