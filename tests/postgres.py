"""A throwaway PostgreSQL cluster for the tests: Debian's server, initdb'd in a temporary
directory and started on a free port by ``pg_ctl``, as an unprivileged user (the server
refuses to run as root: when the tests do, the cluster runs as the ``postgres`` user)."""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

from tests.servers import free_port

__all__ = ["Cluster", "NoPostgres", "throwaway_cluster"]


class NoPostgres(Exception):
    """PostgreSQL cannot be started here; the message says why."""


@dataclass
class Cluster:
    """A running cluster: its data directory, port and the commands that control it."""

    directory: Path
    port: int
    bin: Path
    run_as: list[str]

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self, name: str) -> str:
        """A new, empty database; its URL."""
        with psycopg.connect(self.url(), autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}"')
            db.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def pg_ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        log = self.directory / "server.log"
        command = [*self.run_as, str(self.bin / "pg_ctl"), "-D", str(self.directory / "data")]
        return subprocess.run(
            [*command, "-l", str(log), *args], capture_output=True, text=True, check=check
        )

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory}"
        done = self.pg_ctl("-w", "-t", "60", "-o", options, "start", check=False)
        if done.returncode != 0:
            log = (self.directory / "server.log").read_text(errors="replace")[-2000:]
            raise NoPostgres(f"pg_ctl start failed: {done.stderr.strip()} {log}")

    def kill(self) -> None:
        """SIGKILL the server and its processes, as a crash of the machine's server would.

        The postmaster's pid file is left behind, as after a crash; a dead postmaster that
        nobody reaped (PID 1 of a container may not) is a zombie whose pid still looks alive
        to the next start, so the file is removed once every process of the server is gone.
        """
        pid_file = self.directory / "data" / "postmaster.pid"
        pid = int(pid_file.read_text().split()[0])
        doomed = [pid, *_children(pid)]
        for each in doomed:
            with contextlib.suppress(ProcessLookupError):
                os.kill(each, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while any(_alive(each) for each in doomed) and time.monotonic() < deadline:
            time.sleep(0.05)
        pid_file.unlink(missing_ok=True)
        for leftover in self.directory.glob(f".s.PGSQL.{self.port}*"):  # the socket's lock too
            leftover.unlink(missing_ok=True)

    def stop(self) -> None:
        self.pg_ctl("-w", "-m", "immediate", "stop", check=False)


def _children(pid: int) -> list[int]:
    found = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(Path(stat).parent.name))
    return found


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    raise NoPostgres("no initdb: install Debian's postgresql package (make test does, as root)")


@contextmanager
def throwaway_cluster() -> Iterator[Cluster]:
    """A cluster for the duration of the block, removed afterwards."""
    bin = _binaries()
    directory = Path(tempfile.mkdtemp(prefix="alliance-graph-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            raise NoPostgres("running as root and there is no postgres user") from None
        os.chown(directory, user.pw_uid, user.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    cluster = Cluster(directory, free_port(), bin, run_as)
    try:
        initdb = [str(bin / "initdb"), "-D", str(directory / "data"), "-U", "postgres"]
        options = ["-A", "trust", "--no-sync", "-E", "UTF8", "--locale", "C.UTF-8"]
        made = subprocess.run(
            [*run_as, *initdb, *options],
            capture_output=True,
            text=True,
        )
        if made.returncode != 0:
            raise NoPostgres(f"initdb failed: {made.stderr.strip()[-1000:]}")
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(directory, ignore_errors=True)
