"""The stress run's own services: a fresh PostgreSQL database, a private
redis-server, and the site's processes (gunicorn, RQ workers, the scheduler),
each in a process group of its own so that stopping it stops all its children."""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import redis
from psycopg import sql

REPO = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} after {timeout} s")
        time.sleep(0.1)


class Database:
    """A database of its own on the PostgreSQL server, dropped at the end
    (connections and all)."""

    def __init__(self, server_url, prefix):
        self.server_url = server_url
        self.name = f"{prefix}_{os.getpid()}_{secrets.token_hex(3)}"
        self.url = f"{server_url.rstrip('/')}/{self.name}"

    def _admin(self):
        return psycopg.connect(f"{self.server_url.rstrip('/')}/postgres", autocommit=True,
                               connect_timeout=5)

    def create(self):
        with self._admin() as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))

    def drop(self):
        with self._admin() as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                               .format(sql.Identifier(self.name)))


class Process:
    """A command in a process group of its own, its output in a log file."""

    def __init__(self, name, args, env, logs):
        self.name = name
        self.args = args
        self.log_path = Path(logs) / f"{name}.log"
        self.log = open(self.log_path, "ab")  # noqa: SIM115  (closed by stop())
        self.popen = subprocess.Popen(args, cwd=REPO, env=env, stdout=self.log,
                                      stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def pid(self):
        return self.popen.pid

    def alive(self):
        return self.popen.poll() is None

    def kill(self):
        """SIGKILL, the whole group: nothing gets to clean up."""
        self._signal(signal.SIGKILL)
        self.popen.wait(timeout=10)

    def stop(self, grace=10):
        if self.alive():
            self._signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL)
                self.popen.wait(timeout=10)
        else:
            self._signal(signal.SIGKILL)  # whatever it left behind in its group
        self.log.close()

    def _signal(self, signum):
        try:
            os.killpg(self.popen.pid, signum)
        except ProcessLookupError:
            pass

    def tail(self, lines=40):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


class PrivateRedis:
    """A redis-server of this run's own, on a free port, keeping nothing on disk:
    a restart loses every queue, as a crashed Redis without persistence does."""

    def __init__(self, logs):
        self.binary = shutil.which("redis-server")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.logs = logs
        self.process = None

    def answers(self):
        try:
            return redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping()
        except redis.exceptions.RedisError:
            return False

    def start(self):
        self.process = Process(
            "redis", [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                      "--appendonly", "no", "--daemonize", "no"], dict(os.environ), self.logs)
        wait_for(self.answers, 10, "the private redis-server does not answer")

    def kill(self):
        self.process.kill()
        self.process.stop()

    def stop(self):
        if self.process is not None:
            self.process.stop()


def site_env(database_url, redis_url, static_root, media_root):
    """The production profile, as behind a TLS proxy on this machine."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "CHECKS_", "RECONCILE_", "DATABASE_", "REDIS_"))
           and key not in ("CI", "IMAGES_QUEUE", "NOTIFY_QUEUE", "DEBUG", "SECRET_KEY",
                           "ALLOWED_HOSTS", "STATIC_ROOT", "MEDIA_ROOT", "EMAIL_BACKEND")}
    env.update(
        DJANGO_PROFILE="production",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        CHECKS_ASYNC="1",
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(media_root),
        # Notices' e-mails go to the workers' logs: no SMTP server here.
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    # The reconciler's timing stays production's unless the run is told otherwise.
    for name in ("RECONCILE_INTERVAL", "RECONCILE_GRACE"):
        if os.environ.get(f"STRESS_{name}"):
            env[name] = os.environ[f"STRESS_{name}"]
    return env


def manage(*args, env, timeout=300):
    """Run a manage.py command to its end; its output when it fails."""
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def python_module(module, *args, env, timeout=300):
    done = subprocess.run([sys.executable, "-m", module, *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"{module} {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


class Supervised:
    """A command started again whenever it exits, after 1 s, then 2, 4… up to
    60 s (back to 1 s once it has run for a minute): what bin/run-all's
    ``supervise`` and compose's ``restart: unless-stopped`` do for the RQ
    workers and the scheduler. RQ's worker quits on a Redis error outside its
    wait on the queues, so a Redis restart needs this, as production has it."""

    def __init__(self, name, args, env, logs):
        self.name, self.args, self.env, self.logs = name, args, env, logs
        self.process = Process(name, args, env, logs)
        self.restarts = []  # (time, exit status) of each exit it came back from
        self._stopping = threading.Event()
        self._watcher = threading.Thread(target=self._watch, name=f"supervise-{name}",
                                         daemon=True)
        self._watcher.start()

    @property
    def pid(self):
        return self.process.pid

    def _watch(self):
        delay = 1
        while not self._stopping.is_set():
            started = time.monotonic()
            status = self.process.popen.wait()
            if self._stopping.is_set():
                return
            if time.monotonic() - started >= 60:
                delay = 1
            self.restarts.append((time.time(), status))
            if self._stopping.wait(delay):
                return
            delay = min(delay * 2, 60)
            self.process.log.close()
            self.process = Process(self.name, self.args, self.env, self.logs)

    def kill(self):
        """SIGKILL the running command (its supervisor starts it again)."""
        self.process.kill()

    def stop(self):
        self._stopping.set()
        self.process.stop()
        self._watcher.join(timeout=15)
        self.process.stop()  # one started just before the stop

    def tail(self, lines=40):
        return self.process.tail(lines)
