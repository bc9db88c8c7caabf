"""The scheduling recipes in deploy/: the wrapper script runs (lock, log, signals, JOBDIR), the
systemd units parse, and every cron line guards against overlapping runs."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO

DEPLOY = REPO / "deploy"
WRAPPER = DEPLOY / "run-crawl.sh"

# Stands in for `scrapy`: prints its arguments, then behaves as FAKE_MODE says.
FAKE_CRAWL = f"""#!{sys.executable}
import os, signal, sys, time
print("argv:", " ".join(sys.argv[1:]), "settings:", os.environ.get("SCRAPY_SETTINGS_MODULE"), flush=True)
jobdir = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("JOBDIR=")), None)
if jobdir:
    os.makedirs(jobdir, exist_ok=True)
mode = os.environ.get("FAKE_MODE", "finished")
if mode == "wait":
    def stop(signum, frame):
        print("stopping gracefully", flush=True)
        print("'finish_reason': 'shutdown'", flush=True)
        sys.exit(0)
    signal.signal(signal.SIGTERM, stop)
    print("started", flush=True)
    time.sleep(30)
    sys.exit(9)
if mode == "fail":
    sys.exit(3)
print("'finish_reason': 'finished'")
"""


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "scrapy"
    fake.write_text(FAKE_CRAWL, "utf-8")
    fake.chmod(0o755)
    return tmp_path


def wrapper_env(workdir: Path, **extra: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("NEWSCRAWLER_", "SCRAPY_", "FAKE_"))}
    env["PATH"] = f"{workdir / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return {**env, **extra}


def run_wrapper(workdir: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(WRAPPER), *args], cwd=workdir, env=wrapper_env(workdir, **env),
                          capture_output=True, text=True, timeout=30)


def logs(workdir: Path, name: str) -> list[str]:
    return [path.read_text("utf-8") for path in sorted((workdir / "logs" / name).glob("*.log"))]


def test_the_wrapper_is_valid_bash() -> None:
    assert subprocess.run(["bash", "-n", str(WRAPPER)]).returncode == 0
    assert os.access(WRAPPER, os.X_OK)


def test_a_run_builds_the_crawl_command_and_logs_to_a_file(workdir: Path) -> None:
    done = run_wrapper(workdir, "uoj", NEWSCRAWLER_SETTINGS="OUTPUT_DIR=/srv/news DEPTH_LIMIT=2")
    assert done.returncode == 0, done.stderr
    [log] = logs(workdir, "uoj")
    assert "argv: crawl news -a outlet=uoj -s OUTPUT_DIR=/srv/news -s DEPTH_LIMIT=2 settings: crawler.settings" in log
    assert "exit status 0" in log
    assert (workdir / "state" / "locks" / "uoj.lock").exists()


def test_spider_and_arguments_come_from_the_environment(workdir: Path) -> None:
    done = run_wrapper(workdir, "tg", NEWSCRAWLER_SPIDER="telegram", NEWSCRAWLER_ARGS="channels=stranaua,durov max_posts=5")
    assert done.returncode == 0, done.stderr
    assert "argv: crawl telegram -a channels=stranaua,durov -a max_posts=5 " in logs(workdir, "tg")[0]


def test_the_crawl_exit_status_is_the_wrappers(workdir: Path) -> None:
    assert run_wrapper(workdir, "uoj", FAKE_MODE="fail").returncode == 3
    assert run_wrapper(workdir, "../etc").returncode == 64  # names become paths: no traversal


def test_a_second_run_does_not_start_while_the_first_holds_the_lock(workdir: Path) -> None:
    lock = workdir / "state" / "locks" / "uoj.lock"
    lock.parent.mkdir(parents=True)
    with open(lock, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        done = run_wrapper(workdir, "uoj")
    assert done.returncode == 75
    assert "still holds" in done.stderr
    assert not any("argv:" in log for log in logs(workdir, "uoj"))  # the crawl never started


def test_sigterm_stops_the_crawl_gracefully_and_keeps_the_jobdir_for_the_next_run(workdir: Path) -> None:
    env = wrapper_env(workdir, FAKE_MODE="wait", NEWSCRAWLER_RESUME="1")
    wrapper = subprocess.Popen(["bash", str(WRAPPER), "uoj"], cwd=workdir, env=env)
    deadline = time.monotonic() + 20
    while not any("started" in log for log in logs(workdir, "uoj")):
        assert time.monotonic() < deadline and wrapper.poll() is None
        time.sleep(0.05)
    wrapper.send_signal(signal.SIGTERM)  # what systemctl stop sends (KillMode=mixed: the wrapper only)
    assert wrapper.wait(20) == 0
    log = logs(workdir, "uoj")[0]
    assert "-s JOBDIR=state/jobs/uoj" in log and "stopping gracefully" in log
    assert "the next run resumes it" in log and (workdir / "state" / "jobs" / "uoj").is_dir()

    assert run_wrapper(workdir, "uoj", NEWSCRAWLER_RESUME="1").returncode == 0
    assert "resuming the unfinished run" in logs(workdir, "uoj")[-1]
    assert not (workdir / "state" / "jobs" / "uoj").exists()  # finished: the next run starts afresh


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_the_systemd_units_parse(tmp_path: Path) -> None:
    """systemd-analyze verify also checks ExecStart exists: point it at this checkout's wrapper."""
    service = (DEPLOY / "newscrawler@.service").read_text("utf-8")
    assert "ExecStart=/opt/newscrawler/run-crawl.sh %i" in service
    (tmp_path / "newscrawler@.service").write_text(service.replace("/opt/newscrawler/run-crawl.sh", str(WRAPPER)), "utf-8")
    shutil.copy(DEPLOY / "newscrawler@.timer", tmp_path)
    done = subprocess.run(
        ["systemd-analyze", "verify", str(tmp_path / "newscrawler@uoj.service"), str(tmp_path / "newscrawler@uoj.timer")],
        capture_output=True, text=True, timeout=60,
    )
    problems = [line for line in (done.stdout + done.stderr).splitlines() if "newscrawler@" in line]
    assert done.returncode == 0 and not problems, done.stdout + done.stderr


def test_every_cron_job_guards_against_overlap() -> None:
    jobs = [line for line in (DEPLOY / "crontab.example").read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#") and "=" not in line.split()[0]]
    assert jobs
    for line in jobs:
        assert len(line.split()) > 5 and ("run-crawl.sh" in line or "flock -n" in line), line
