"""Private PostgreSQL and Redis servers and Gunicorn instances for the fault, scale-out and
backup tests. They run on their own ports so breaking them never touches the shared servers."""

import functools
import gzip
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
POSTGRESQL_BIN = Path("/usr/lib/postgresql/15/bin")
PRIVATE_PORTS = range(15400, 15500)
SECRET_KEY = "private-test-server-secret-key-" + "k" * 40


@functools.cache
def media_root():
    """Uploads and demo images of the private sites, outside the project folder."""
    return tempfile.mkdtemp(prefix="uclg-private-media-")


# Ports already given to a server of this process: a cluster gets its port seconds before it
# binds it, and nothing else may take it meanwhile.
_given_ports = set()


def free_port():
    # Each xdist worker probes its own share of the range, so two workers never race for a port.
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    share = int(worker) % workers if worker.isdigit() else 0
    for port in PRIVATE_PORTS[share::workers]:
        if port in _given_ports:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        _given_ports.add(port)
        return port
    raise RuntimeError("No free port for a private test server")


def _as_postgres(*command, check=True):
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *map(str, command)], check=check, capture_output=True, text=True, timeout=90
    )


def can_run_private_postgresql():
    return (POSTGRESQL_BIN / "initdb").exists() and os.geteuid() == 0 and shutil.which("runuser") is not None


class PrivatePostgreSQL:
    """A throwaway cluster in a temporary folder owned by the postgres user."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="uclg-private-pg-"))
        self.folder.chmod(0o755)
        self.data = self.folder / "data"
        self.port = free_port()
        shutil.chown(self.folder, "postgres", "postgres")
        _as_postgres(POSTGRESQL_BIN / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "--no-sync")

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _pg_ctl(self, action, *extra):
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off"
        return _as_postgres(
            POSTGRESQL_BIN / "pg_ctl", "-D", self.data, "-l", self.folder / "server.log", "-o", options, "-w",
            "-t", "30", *extra, action,
        )  # fmt: skip

    def start(self):
        self._pg_ctl("start")

    def stop(self):
        self._pg_ctl("stop", "-m", "fast")

    def restart(self):
        self._pg_ctl("restart", "-m", "fast")

    def _processes(self):
        """The postmaster and every backend and helper it forked."""
        postmaster = (self.data / "postmaster.pid").read_text().split()[0]
        children = subprocess.run(["pgrep", "-P", postmaster], capture_output=True, text=True).stdout.split()
        return [int(pid) for pid in [postmaster, *children]]

    def pause(self):
        """Hang the server as a frozen machine would: connections stay open, nothing answers."""
        self._paused = self._processes()
        for pid in self._paused:
            os.kill(pid, signal.SIGSTOP)

    def resume(self):
        for pid in getattr(self, "_paused", []):
            os.kill(pid, signal.SIGCONT)
        self._paused = []

    def is_running(self):
        return (
            _as_postgres(
                POSTGRESQL_BIN / "pg_isready", "-q", "-h", "127.0.0.1", "-p", self.port, check=False
            ).returncode
            == 0
        )

    def run_tool(self, tool, *arguments):
        return _as_postgres(POSTGRESQL_BIN / tool, "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", *arguments)

    def restore_dump(self, dump, prefix):
        """A new database holding a gzipped plain SQL dump (psql stops at the first error);
        returns its name. The script is made readable by the postgres user that runs psql."""
        name = f"{prefix}_{uuid.uuid4().hex[:8]}"
        with tempfile.TemporaryDirectory() as folder:
            Path(folder).chmod(0o777)
            script = Path(folder) / "dump.sql"
            script.write_bytes(gzip.decompress(Path(dump).read_bytes()))
            script.chmod(0o644)
            self.run_tool("createdb", name)
            self.run_tool("psql", "--quiet", "--set", "ON_ERROR_STOP=1", "--dbname", name, "--file", script)
        return name

    def remove(self):
        self.resume()
        if self.is_running():
            self._pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


class PrivateRedis:
    def __init__(self):
        self.port = free_port()
        self.process = None
        self.start()

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)

    def pause(self):
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)

    def remove(self):
        if self.process.poll() is None:
            self.resume()
            self.process.kill()
            self.process.wait(timeout=10)


def wait_for_port(port, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"Nothing answered on port {port}")


def server_environment(database_url, redis_url="", **extra):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.server_settings",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "LOG_LEVEL": "WARNING",
        "MEDIA_ROOT": media_root(),
        **extra,
    }


def manage(environment, *arguments, timeout=600):
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"manage.py {' '.join(arguments)} failed:\n{result.stderr[-4000:]}"
    return result


def build_site(environment):
    """Migrate and load the demo site into the database that `environment` points at."""
    manage(environment, "migrate", "--noinput", "-v", "0")
    manage(environment, "createcachetable")
    manage(environment, "setup_site", "-v", "0")
    manage(environment, "load_demo_content", "-v", "0")
    # What the background worker does after loading, as under `make run`: search and
    # reference index, PDF text, thumbnails.
    manage(environment, "run_worker", "--once", "-v", "0")


@dataclass
class Response:
    status: int
    headers: dict
    body: str
    seconds: float


def fetch(url, timeout=30, data=None, headers=None):
    started = time.monotonic()
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            status, headers, body = answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, dict(error.headers), error.read()
    return Response(status, headers, body.decode("utf-8", "replace"), time.monotonic() - started)


class LoopbackServer:
    """A test server on a loopback port: addresses and GET requests by path."""

    port: int

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path, timeout=30):
        return fetch(self.url(path), timeout=timeout)


class Gunicorn(LoopbackServer):
    def __init__(self, environment, workers=2):
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(prefix="uclg-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"), "uclg_site.wsgi", "--bind", f"127.0.0.1:{self.port}",
                "--workers", str(workers), "--timeout", "30", "--graceful-timeout", "2",
            ],
            cwd=PROJECT_DIR,
            env=environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        self._wait_until_serving()

    def _wait_until_serving(self, seconds=120):
        # The port opens before the workers have loaded the site; wait for a real answer.
        wait_for_port(self.port, seconds=60)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if self.get("/health/", timeout=30).status in (200, 503):
                    return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"Gunicorn did not answer:\n{self.output()[-3000:]}")

    def post(self, path, body, headers, timeout=30):
        return fetch(self.url(path), timeout=timeout, data=body, headers=headers)

    def output(self):
        return Path(self.log.name).read_text(errors="replace")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        Path(self.log.name).unlink(missing_ok=True)


def uncached(path):
    """The same page under a query string nobody asked for before, so it is rendered afresh."""
    return f"{path}?fresh={uuid.uuid4().hex}"


@pytest.fixture(scope="session")
def private_postgresql():
    # Its tests are `postgres_only`; CI's PostgreSQL pass checks the server binaries and root first.
    if not can_run_private_postgresql():
        pytest.skip("Needs PostgreSQL 15 server binaries and root to run a private cluster")
    cluster = PrivatePostgreSQL()
    cluster.start()
    yield cluster
    cluster.remove()
    shutil.rmtree(media_root(), ignore_errors=True)


@pytest.fixture(scope="session")
def private_site_database(private_postgresql):
    """A migrated database with the demo site, on the private cluster."""
    private_postgresql.run_tool("createdb", "uclg_site")
    build_site(server_environment(private_postgresql.url("uclg_site")))
    return private_postgresql.url("uclg_site")


VARNISHD = Path("/usr/sbin/varnishd")
SITE_VCL = PROJECT_DIR / "uclg_site" / "deploy" / "varnish.vcl"


class Varnish(LoopbackServer):
    """Debian's varnishd with the site's VCL in front of one Gunicorn, on loopback, in a working
    folder of its own. Only the VCL's backend port is changed."""

    def __init__(self, backend_port, port=None):
        self.folder = Path(tempfile.mkdtemp(prefix="uclg-varnish-"))
        self.port = port or free_port()
        vcl = SITE_VCL.read_text()
        assert '.port = "8000";' in vcl, "the shipped VCL names its backend port on one line"
        (self.folder / "site.vcl").write_text(vcl.replace('.port = "8000";', f'.port = "{backend_port}";'))
        self.log = open(self.folder / "varnishd.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(VARNISHD), "-F", "-j", "none", "-n", str(self.folder / "work"), "-T", "none",
                "-a", f"127.0.0.1:{self.port}", "-f", str(self.folder / "site.vcl"), "-s", "malloc,32m",
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            self._wait_until_answering()
        except RuntimeError:
            self.stop()
            raise

    def _wait_until_answering(self, seconds=60):
        # The manager opens the port before its child process has loaded the VCL.
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if fetch(self.url("/health/"), timeout=5).status:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"Varnish did not answer:\n{self.output()[-3000:]}")

    def output(self):
        return (self.folder / "varnishd.log").read_text(errors="replace")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)
