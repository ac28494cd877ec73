"""Test helpers: storyline's wheel, a virtualenv of only what it requires, a Beam worker pool.

The virtualenv of the wheel's dependencies takes ~35 s to install, so it is cached under
~/.cache/storyline/, keyed by the wheel's Requires-Dist and the Python version, and never
changed after it is complete (tests of several checkouts may share it). The wheel's own
packages go to a fresh folder per test, on the workers' PYTHONPATH: the workers see the
wheel's files and the dependencies it declares, nothing from the checkout.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from email.parser import Parser
from pathlib import Path

from conftest import REPO

CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "storyline"


def build_wheel(dest: Path) -> Path:
    """`pip wheel --no-deps` of the checkout, as the container and a release install it."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dest), str(REPO)],
        check=True,
    )
    (wheel,) = dest.glob("storyline-*.whl")
    return wheel


def requirements(wheel: Path) -> list[str]:
    """The wheel's Requires-Dist without extras: what `pip install <wheel>` installs."""
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(name).decode())
    return sorted(r for r in metadata.get_all("Requires-Dist") or [] if "extra ==" not in r)


def dependencies_venv(wheel: Path) -> Path:
    """A virtualenv (no system site-packages) holding the wheel's dependencies, cached."""
    reqs = requirements(wheel)
    key = hashlib.sha256("\n".join([sys.version, *reqs]).encode()).hexdigest()[:16]
    venv = CACHE / f"wheel-deps-py{sys.version_info[0]}{sys.version_info[1]}-{key}"
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(f"{venv}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (venv / ".complete").exists():
            shutil.rmtree(venv, ignore_errors=True)
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
            subprocess.run([*pip, *reqs], check=True)
            (venv / ".complete").write_text("\n".join(reqs) + "\n")
    return venv


def install_wheel(venv: Path, wheel: Path, target: Path) -> Path:
    """The wheel's files alone into `target`, uncompiled (a module gets its .pyc only once
    a worker imports it)."""
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps"]
    subprocess.run([*pip, "--no-compile", "--target", str(target), str(wheel)], check=True)
    return target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("localhost", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def worker_pool(venv: Path, wheel_site: Path, workdir: Path) -> Iterator[tuple[int, Path]]:
    """`worker_pool_main` of the venv's Beam, serving on a free port; yields (port, log).

    The pool starts each worker as `python -c ...` found on PATH: the venv's python, run in
    `workdir` (not the checkout) with the wheel's folder as its only addition to sys.path.
    Stopped, with its workers (its own process group), on exit.
    """
    port, log = free_port(), workdir / "worker_pool.log"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # the .pyc files are the import marker
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = str(wheel_site)
    command = [str(venv / "bin" / "python"), "-m", "apache_beam.runners.worker.worker_pool_main",
               f"--service_port={port}"]  # fmt: skip
    with open(log, "wb") as out:
        pool = subprocess.Popen(command, cwd=workdir, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)  # fmt: skip
    try:
        _wait_for_port(port, pool)
        yield port, log
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pool.pid, signal.SIGTERM)
        try:
            pool.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(pool.pid, signal.SIGKILL)
            pool.wait()


def _wait_for_port(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"worker pool exited with {process.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("localhost", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"worker pool not listening on {port} after {timeout} s")
