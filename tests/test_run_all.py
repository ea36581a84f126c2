"""bin/run-all, run with a stand-in for Python whose services behave as each test needs."""

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MARK = "61.4321"  # the stand-in services sleep this long: how to find them afterwards


def stand_in(tmp_path, worker, web="exec sleep " + MARK):
    """A fake PYTHON_BIN: ``manage.py <command>`` runs the given shell for web and worker."""
    script = tmp_path / "python"
    script.write_text(
        "#!/bin/sh\n"
        'case "$2" in\n'
        f"  runserver) {web} ;;\n"
        f"  rqworker) echo started >> {tmp_path}/worker.log; {worker} ;;\n"
        f"  run_scheduler) exec sleep {MARK} ;;\n"
        "esac\n"
    )
    script.chmod(0o755)
    return script


def launch(tmp_path, python):
    env = {**os.environ, "PYTHON_BIN": str(python), "REDIS_URL": "redis://127.0.0.1:1/0",
           "PORT": "8799"}
    return subprocess.Popen(
        [str(REPO / "bin" / "run-all")], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )


def leftovers():
    found = subprocess.run(["pgrep", "-f", f"sleep {MARK}"], capture_output=True, text=True)
    return found.stdout.split()


@pytest.fixture
def no_leftovers():
    yield
    for pid in leftovers():
        os.kill(int(pid), signal.SIGKILL)


def test_a_dying_worker_is_restarted_with_a_growing_wait_and_web_keeps_running(
        tmp_path, no_leftovers):
    run_all = launch(tmp_path, stand_in(tmp_path, worker="exit 3"))
    time.sleep(4.5)  # starts at 0, 1 and 3 s
    assert run_all.poll() is None, "the web server must keep running"
    starts = (tmp_path / "worker.log").read_text().count("started")
    run_all.send_signal(signal.SIGTERM)  # to run-all alone: it must stop the others
    output = run_all.communicate(timeout=20)[0]
    assert starts >= 3
    assert "worker exited (status 3); restarting it in 1 s" in output
    assert "worker exited (status 3); restarting it in 2 s" in output
    assert leftovers() == []


def test_the_web_server_exiting_stops_everything(tmp_path, no_leftovers):
    run_all = launch(tmp_path, stand_in(tmp_path, worker=f"exec sleep {MARK}",
                                        web="sleep 1; exit 4"))
    output = run_all.communicate(timeout=30)[0]
    assert run_all.returncode == 4
    assert "the web server exited (status 4)" in output
    assert leftovers() == []
