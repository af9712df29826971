"""A real PostgreSQL behind a TCP forwarder that a test can cut, and a real server process in front of it.

The forwarder is a thread with sockets on loopback between the server and 127.0.0.1:5432. ``cut()`` is the
database gone (connections dropped, new ones refused), ``blackhole()`` its host vanished (connections
dropped, new ones accepted and never answered, so connecting hangs), ``restore()`` brings it back on the same
port. The server is gunicorn, started once per test process with ``DATABASE_URL`` pointing at the forwarder, on a
database of its own (created and dropped here), so the same tests run in the SQLite and the PostgreSQL run.

PostgreSQL on the machine is required in CI (``KYKY_REQUIRE_BROWSER=1``): there a missing server fails
the tests instead of skipping them.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pytest

PG_HOST = os.environ.get("KYKY_FAULTS_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("KYKY_FAULTS_PG_PORT", "5432"))
PG_USER = os.environ.get("KYKY_FAULTS_PG_USER", "postgres")
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "faults-test-password-2026"


def postgres_or_skip() -> None:
    try:
        socket.create_connection((PG_HOST, PG_PORT), timeout=2).close()
    except OSError as exc:
        message = f"PostgreSQL is not reachable at {PG_HOST}:{PG_PORT} ({exc})"
        if os.environ.get("KYKY_REQUIRE_BROWSER") == "1":  # CI: the service runs on the machine
            pytest.fail(message)
        pytest.skip(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Forwarder:
    """A loopback TCP forwarder to (host, port) that can be cut, blackholed and restored."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.port = free_port()
        self.mode = "up"
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._stop = threading.Event()

    # The switch

    def start(self) -> Forwarder:
        self._listen()
        return self

    def cut(self) -> None:
        """The database is gone: the listening socket closes (connects are refused), open connections drop."""
        self.mode = "down"
        self._stop.set()
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        self._drop_all()

    def blackhole(self) -> None:
        """The database's host vanished: open connections drop, new ones are accepted and never answered."""
        self.mode = "blackhole"
        self._drop_all()

    def restore(self) -> None:
        self._drop_all()  # the blackholed connections too
        self.mode = "up"
        if self._listener is None:
            self._listen()

    def close(self) -> None:
        self.cut()

    # The plumbing

    def _listen(self) -> None:
        self._stop = threading.Event()
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.1)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener, self._stop), daemon=True).start()

    def _track(self, *sockets: socket.socket) -> None:
        with self._lock:
            self._sockets.update(sockets)

    def _drop_all(self) -> None:
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            _close(sock)

    def _accept(self, listener: socket.socket, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            if self.mode == "blackhole":
                self._track(client)  # held open, never forwarded: the client waits for an answer
                continue
            try:
                upstream = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                _close(client)
                continue
            upstream.settimeout(None)
            self._track(client, upstream)
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            _close(source)
            _close(target)


def _close(sock: socket.socket) -> None:
    with suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


# The server


def _manage(*args: str, env: dict, timeout: int = 300) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


SESSION_SCRIPT = """
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from kyky.accounts.models import User
user = User.objects.get(email="faults@kyky.example")
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float


@dataclass
class LiveServer:
    port: int
    session: str
    process: subprocess.Popen
    forwarder: Forwarder | None
    log: Path
    database: Path | None = None
    env: dict[str, str] | None = None  # the server's environment
    direct_env: dict[str, str] | None = None  # the same, with the database reached directly (not forwarded)
    database_name: str = ""

    def get(self, path: str, *, timeout: float = 30, language: str = "en") -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        started = time.monotonic()
        try:
            connection.request(
                "GET",
                path,
                headers={"Cookie": f"sessionid={self.session}", "Accept-Language": language, "Host": "127.0.0.1"},
            )
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        return Answer(
            response.status, {k.lower(): v for k, v in response.getheaders()}, body, time.monotonic() - started
        )

    def wait_until(self, path: str, status: int, *, within: float) -> Answer:
        """Ask again until the answer is `status`; the last answer (its `seconds` are since the first ask)."""
        started = time.monotonic()
        while True:
            answer = self.get(path)
            if answer.status == status or time.monotonic() - started > within:
                answer.seconds = time.monotonic() - started
                return answer
            time.sleep(0.2)


def base_env(data: Path, database_url: str) -> dict[str, str]:
    """A development-mode environment of its own: data directory, database; nothing from the test run's."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KYKY_", "DATABASE_URL"))},
        "DJANGO_DEBUG": "1",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "KYKY_DATA_DIR": str(data),
        **({"DATABASE_URL": database_url} if database_url else {}),
    }


def prepare(env: dict[str, str]) -> str:
    """Migrate (twice: the second run must find nothing to do), onboard a teacher, and open a session for them;
    the session key."""
    _manage("migrate", "--noinput", env=env)
    assert "No migrations to apply" in _manage("migrate", "--noinput", env=env)
    _manage(
        "onboard",
        *("--org", "Faults koulu", "--kind", "school", "--municipality", "espoo"),
        *("--email", "faults@kyky.example", "--role", "teacher", "--password", PASSWORD),
        env=env,
    )
    return _manage("shell", "-c", SESSION_SCRIPT, env=env).strip().splitlines()[-1]


@contextmanager
def gunicorn(env: dict[str, str], data: Path, *, session: str, forwarder: Forwarder | None = None, workers: int = 1):
    """gunicorn (1 worker unless told, 4 threads each) on a free port, until the block ends; waits until it serves."""
    port = free_port()
    log_path = data / "gunicorn.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "kyky.wsgi", "--bind", f"127.0.0.1:{port}"]
            + ["--workers", str(workers), "--threads", "4", "--timeout", "60", "--graceful-timeout", "2"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        server = LiveServer(port=port, session=session, process=process, forwarder=forwarder, log=log_path)
        deadline = time.monotonic() + 60
        while True:
            try:
                if server.get("/api/v1/subjects/", timeout=5).status == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, "the server did not start:\n" + log_path.read_text()
            time.sleep(0.3)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def live(tmp_path_factory):
    """gunicorn on its own PostgreSQL database, reached through a Forwarder."""
    postgres_or_skip()
    import psycopg

    name = f"kyky_faults_{os.getpid()}"
    admin_url = f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}"
    with psycopg.connect(f"{admin_url}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    forwarder = Forwarder((PG_HOST, PG_PORT)).start()
    data = tmp_path_factory.mktemp("data")
    try:
        session = prepare(base_env(data, f"{admin_url}/{name}"))
        served = base_env(data, f"postgres://{PG_USER}@127.0.0.1:{forwarder.port}/{name}")
        with gunicorn(served, data, session=session, forwarder=forwarder) as server:
            server.env, server.direct_env, server.database_name = served, base_env(data, f"{admin_url}/{name}"), name
            yield server
    finally:
        forwarder.close()
        with psycopg.connect(f"{admin_url}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def live_sqlite(tmp_path_factory):
    """gunicorn on its own SQLite file, which a test can lock; requests give up waiting after 2 s."""
    data = tmp_path_factory.mktemp("sqlite")
    env = {**base_env(data, ""), "KYKY_SQLITE_TIMEOUT": "2"}
    session = prepare(env)
    with gunicorn(env, data, session=session) as server:
        server.database = data / "kyky.sqlite3"
        yield server


@pytest.fixture
def forwarder(live):
    """The live server's forwarder, restored after each test whatever the test did to it."""
    yield live.forwarder
    live.forwarder.restore()
