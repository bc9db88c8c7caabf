"""Scrapyd round trip: deploy the project's egg to a real Scrapyd, schedule a crawl, read the JSON lines.

Nothing is mocked: a ``scrapyd`` process on 127.0.0.1 (with basic auth, as README asks),
``scrapyd-deploy`` run from a copy of the project (so the repository's scrapy.cfg and tree
stay untouched), and the crawl runs from the deployed egg only: the job's environment does
not have the repository on its path, so package data must load from inside the zipped egg.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import jsonschema
import pytest

from crawler.schema import load_schema
from tests.conftest import FAST_SETTINGS, REPO
from tests.test_crawl_news import ARTICLE_PATHS

if not (importlib.util.find_spec("scrapyd") and importlib.util.find_spec("scrapyd_client")) and not os.environ.get("CI"):
    pytest.skip("scrapyd / scrapyd-client are not installed (pip install -e '.[test]')", allow_module_level=True)

PROJECT = "newscrawler"
USER, PASSWORD = "crawler", "test-only-secret"
PACKAGE_DATA = {
    "crawler/schemas/article.v1.schema.json",
    "crawler/schemas/telegram_post.v1.schema.json",
    "crawler/schemas/telegram_channel.v1.schema.json",
    "crawler/outlets/profiles/uoj.toml",
    "crawler/data/known_channels.toml",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Scrapyd:
    root: Path
    url: str
    process: subprocess.Popen[bytes]

    def call(self, endpoint: str, data: list[tuple[str, str]] | None = None) -> dict:
        """One API call (GET, or POST with ``data``), with basic auth; the JSON answer."""
        request = urllib.request.Request(self.url + endpoint, urlencode(data).encode() if data else None)
        token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.load(answer)

    def log(self) -> str:
        return (self.root / "scrapyd.log").read_text("utf-8", "replace")


def job_environment(home: Path) -> dict[str, str]:
    """Scrapyd's (and so its jobs') environment: no repository on the path, no user config."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(("PYTHON", "SCRAPY"))}
    env["HOME"] = str(home)  # ~/.scrapyd.conf would override ours
    return env


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory) -> Iterator[Scrapyd]:
    root = tmp_path_factory.mktemp("scrapyd")
    port = free_port()
    (root / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        "bind_address = 127.0.0.1\n"
        f"http_port = {port}\n"
        f"username = {USER}\npassword = {PASSWORD}\n"
        f"eggs_dir = {root / 'eggs'}\nlogs_dir = {root / 'logs'}\n"
        f"items_dir = {root / 'items'}\ndbs_dir = {root / 'dbs'}\n"
        "max_proc = 2\npoll_interval = 0.5\n",
        "utf-8",
    )
    with open(root / "scrapyd.log", "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "scrapyd"], cwd=root, env=job_environment(root),
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    server = Scrapyd(root, f"http://127.0.0.1:{port}/", process)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                assert server.call("daemonstatus.json")["status"] == "ok"
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("scrapyd did not start:\n" + server.log()[-3000:]) from None
                time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # scrapyd and the crawls it started, nothing else
            process.wait(5)


def copy_project(target: Path, scrapyd_url: str) -> Path:
    """The files a deployment needs, and the repo's scrapy.cfg with a target for this Scrapyd."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package in ("crawler", "pipelines"):
        shutil.copytree(REPO / package, target / package, ignore=ignore)
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(REPO / name, target / name)
    config = (REPO / "scrapy.cfg").read_text("utf-8")
    config += f"\n[deploy:test]\nurl = {scrapyd_url}\nproject = {PROJECT}\nusername = {USER}\npassword = {PASSWORD}\n"
    (target / "scrapy.cfg").write_text(config, "utf-8")
    return target


@pytest.fixture(scope="module")
def deployed(scrapyd: Scrapyd, tmp_path_factory) -> Path:
    """Deploy with scrapyd-deploy as a user would; the egg Scrapyd stored."""
    project = copy_project(tmp_path_factory.mktemp("project"), scrapyd.url)
    done = subprocess.run(
        [sys.executable, "-m", "scrapyd_client.deploy", "test", "--version", "1.0"],
        cwd=project, env=job_environment(project), capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["status"] == "ok", done.stdout
    eggs = sorted((scrapyd.root / "eggs" / PROJECT).glob("*.egg"))
    assert len(eggs) == 1, eggs
    return eggs[0]


def test_the_deployed_egg_holds_the_package_data_and_the_settings_entry_point(deployed: Path) -> None:
    with zipfile.ZipFile(deployed) as egg:
        names = set(egg.namelist())
        assert PACKAGE_DATA <= names
        assert "crawler/spiders/news.py" in names and "pipelines/store.py" in names
        assert not any(name.startswith(("tests/", "bench/")) for name in names)
        assert "settings = crawler.settings" in egg.read("EGG-INFO/entry_points.txt").decode()


def test_package_data_loads_from_inside_the_zipped_egg(deployed: Path, tmp_path: Path) -> None:
    """importlib.resources reads through zipimport; a Path(__file__) loader would fail here."""
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "import crawler; assert crawler.__file__.startswith(sys.argv[1]), crawler.__file__\n"
        "from crawler.schema import load_schema; from crawler.outlets.registry import builtin_profiles\n"
        "from crawler.extract.channels import load_known_channels\n"
        "print(sorted(load_schema('article')['properties'])[:1], [p.name for p in builtin_profiles()],"
        " bool(load_known_channels().by_key))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(deployed)], cwd=tmp_path,
                          env=job_environment(tmp_path), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "'uoj'" in done.stdout and "True" in done.stdout


def test_a_crawl_scheduled_through_the_api_writes_the_json_lines(scrapyd: Scrapyd, deployed: Path, site, tmp_path: Path) -> None:
    assert set(scrapyd.call(f"listspiders.json?project={PROJECT}")["spiders"]) >= {"news", "telegram"}
    output = tmp_path / "data"
    settings = {
        **FAST_SETTINGS,
        "NETWORK_ALLOWLIST": site.hostport,
        "OUTPUT_DIR": str(output),
        "STATE_URI": f"sqlite:///{tmp_path}/state.sqlite3",
        "TELEGRAM_BASE_URL": site.base_url,  # cited t.me posts: a 404 here, not a DNS error offline
    }
    answer = scrapyd.call("schedule.json", [
        ("project", PROJECT), ("spider", "news"),
        *[("setting", f"{name}={value}") for name, value in settings.items()],
        ("urls", site.base_url + "/"), ("article_pattern", r"/news/\d+-"),
    ])
    assert answer["status"] == "ok", answer
    job = answer["jobid"]

    deadline = time.monotonic() + 60
    while not any(entry["id"] == job for entry in scrapyd.call(f"listjobs.json?project={PROJECT}")["finished"]):
        assert time.monotonic() < deadline, "the job did not finish:\n" + scrapyd.log()[-3000:]
        time.sleep(0.3)

    log = (scrapyd.root / "logs" / PROJECT / "news" / f"{job}.log").read_text("utf-8")
    assert "Traceback" not in log, log[-5000:]
    assert "'finish_reason': 'finished'" in log
    articles = [json.loads(line) for path in sorted(output.glob("article/*/*.jsonl"))
                for line in path.read_text("utf-8").splitlines()]
    for record in articles:
        jsonschema.validate(record, load_schema(record["kind"]))
    assert {"/" + record["canonical_url"].split("/", 3)[3] for record in articles} == ARTICLE_PATHS
    assert len({record["id"] for record in articles}) == len(ARTICLE_PATHS)
    # Scrapyd's own feed (items_dir) got the same articles: the job ran with Scrapyd's settings too.
    feed = (scrapyd.root / "items" / PROJECT / "news" / f"{job}.jl").read_text("utf-8").splitlines()
    assert len([line for line in feed if '"kind": "article"' in line]) == len(ARTICLE_PATHS)
