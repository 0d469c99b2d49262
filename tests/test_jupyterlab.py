"""`make lab`: JupyterLab, started from the project's environment, serves the notebooks and runs
them in the project's kernel.

One JupyterLab server is started for the module, as `make lab` starts it (`<venv>/bin/jupyter lab`
on `notebooks/`), but on 127.0.0.1, on a port the OS picks, with a random token and with every
Jupyter directory (config, data, runtime, lab settings and workspaces, IPython) in a temporary
folder, so that neither the user's Jupyter setup nor the repository is read or written. The tests
talk to it only through its REST API and the kernel websocket, as the browser would:

* every `NN-*.ipynb` of notebooks/ is listed by `/api/contents` and served as a notebook whose
  kernelspec is `python3`;
* `/api/kernelspecs` offers `python3`, and its argv runs the python of this environment;
* 01-corpus-overview.ipynb runs in a `python3` kernel opened for it through `/api/sessions`:
  every code cell, in order, over the websocket, with `FIGURES_DIR` pointed at a temporary folder
  (injected after the `parameters` cell, papermill's way); every execute_reply is `ok`, the
  text/plain outputs equal the stored ones (sanitized with nbval_sanitize.cfg, as nbval does), the
  figure lands in the temporary folder, and the kernel's python and working directory are the
  environment's (sys.prefix) and notebooks/.

The committed notebook is only read (never saved, so no `.ipynb_checkpoints`; checkpoints would
go to the temporary folder anyway); a last check asserts that no notebooks/.ipynb_checkpoints
appeared and that neither the notebook nor its committed figure was rewritten.
"""

from __future__ import annotations

import configparser
import contextlib
import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import websocket  # websocket-client

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
FIGURES = ROOT / "figures"
NOTEBOOK = "01-corpus-overview.ipynb"
NOTEBOOK_NAME = re.compile(r"^\d\d-.+\.ipynb$")
# The environment the tests run from: `make test` runs them with .venv/bin/python.
ENV_BIN = Path(sys.executable).parent
STARTUP_TIMEOUT = 60  # seconds for the server to answer /api/status
CELL_TIMEOUT = 60  # seconds for one cell (the first imports pandas and matplotlib)

pytestmark = pytest.mark.slow


def _footprint() -> dict[str, int | None]:
    """What serving and running notebook 01 could write into the repository, with mtimes.

    Only these paths, not whole folders: other notebooks may be edited while the tests run.
    """
    paths = [
        NOTEBOOKS / ".ipynb_checkpoints",
        NOTEBOOKS / NOTEBOOK,
        FIGURES / "01-body-vs-removed.svg",
    ]
    return {str(p.relative_to(ROOT)): (p.stat().st_mtime_ns if p.exists() else None) for p in paths}


class Lab:
    """A running JupyterLab server and a small client for its REST API."""

    def __init__(self, proc: subprocess.Popen, stderr_path: Path, runtime_dir: Path, token: str):
        self.proc = proc
        self.stderr_path = stderr_path
        self.runtime_dir = runtime_dir
        self.token = token
        self.port: int | None = None

    def log(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def request(self, method: str, path: str, body: dict | None = None, timeout: float = 10):
        """`method path` with the token; returns (status, decoded JSON or None)."""
        data = None if body is None else json.dumps(body).encode("utf-8")
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("Authorization", f"token {self.token}")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                raw = resp.read()
                status = resp.status
        except urllib.error.HTTPError as err:
            with err:
                raw = err.read()
                status = err.code
        return status, (json.loads(raw) if raw else None)

    def get(self, path: str):
        status, body = self.request("GET", path)
        assert status == 200, f"GET {path}: HTTP {status}: {body}\n--- server log ---\n{self.log()}"
        return body

    def wait_ready(self) -> None:
        """Read the port from the server's jpserver-<pid>.json, then wait for /api/status."""
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(
                    f"jupyter lab exited with code {self.proc.returncode} before answering\n"
                    f"--- server log ---\n{self.log()}"
                )
            if self.port is None:
                info = sorted(self.runtime_dir.glob("jpserver-*.json"))
                if info:
                    # ValueError/KeyError: the file is written but not yet complete
                    with contextlib.suppress(ValueError, KeyError):
                        self.port = json.loads(info[0].read_text(encoding="utf-8"))["port"]
            if self.port is not None:
                try:
                    status, body = self.request("GET", "/api/status", timeout=2)
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    status = None
                if status == 200:
                    return
            time.sleep(0.2)
        pytest.fail(
            f"jupyter lab did not answer /api/status within {STARTUP_TIMEOUT} s "
            f"(port {self.port})\n--- server log ---\n{self.log()}"
        )

    def stop(self) -> None:
        """Ask the server to shut down (it stops its kernels); terminate, then kill, if it hangs."""
        if self.proc.poll() is None and self.port is not None:
            with contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError):
                self.request("POST", "/api/shutdown", timeout=5)
        for signal_it in (None, self.proc.terminate, self.proc.kill):
            if signal_it is not None and self.proc.poll() is None:
                signal_it()
            try:
                self.proc.wait(timeout=10)
                return
            except subprocess.TimeoutExpired:
                continue


@pytest.fixture(scope="module")
def repo_before() -> dict[str, int | None]:
    """The repository's footprint before the server started."""
    return _footprint()


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory, repo_before) -> Iterator[Lab]:
    tmp = tmp_path_factory.mktemp("jupyterlab")
    dirs = {name: tmp / name for name in ("config", "data", "runtime", "ipython", "checkpoints")}
    for folder in dirs.values():
        folder.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IPYTHON"))}
    env.update(
        JUPYTER_CONFIG_DIR=str(dirs["config"]),
        JUPYTER_DATA_DIR=str(dirs["data"]),
        JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
        JUPYTERLAB_SETTINGS_DIR=str(dirs["config"] / "lab" / "user-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(dirs["config"] / "lab" / "workspaces"),
        IPYTHONDIR=str(dirs["ipython"]),
    )
    token = secrets.token_hex(24)
    stderr_path = tmp / "server.log"
    command = [
        str(ENV_BIN / "jupyter"),
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port=0",  # the OS picks a free port; read back from jpserver-<pid>.json
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",  # jupyter_server 2.x (ServerApp.token is deprecated)
        f"--ServerApp.root_dir={NOTEBOOKS}",
        f"--FileCheckpoints.root_dir={dirs['checkpoints']}",  # never .ipynb_checkpoints in repo
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # CI containers often run as root; jupyter refuses then
    with open(stderr_path, "wb") as stderr:
        proc = subprocess.Popen(
            command,
            cwd=tmp,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=stderr,
            stderr=subprocess.STDOUT,
        )
    server = Lab(proc, stderr_path, dirs["runtime"], token)
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def test_notebooks_are_served(lab: Lab):
    expected = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb") if NOTEBOOK_NAME.match(p.name))
    assert NOTEBOOK in expected
    listing = lab.get("/api/contents?content=1")
    assert listing["type"] == "directory"
    served = sorted(
        item["name"]
        for item in listing["content"]
        if item["type"] == "notebook" and NOTEBOOK_NAME.match(item["name"])
    )
    assert served == expected
    for name in expected:
        model = lab.get(f"/api/contents/{name}?type=notebook&content=1")
        assert model["type"] == "notebook"
        assert model["format"] == "json"
        on_disk = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
        assert [c["source"] for c in model["content"]["cells"]] == [
            "".join(c["source"]) for c in on_disk["cells"]
        ], name
        # JupyterLab opens a notebook with the kernel its metadata names.
        assert model["content"]["metadata"]["kernelspec"]["name"] == "python3", name


def test_kernelspec_is_the_project_environment(lab: Lab):
    specs = lab.get("/api/kernelspecs")
    assert "python3" in specs["kernelspecs"], sorted(specs["kernelspecs"])
    argv = specs["kernelspecs"]["python3"]["spec"]["argv"]
    # The kernelspec `make venv` installs with --sys-prefix runs the environment's python.
    assert Path(argv[0]).parent.resolve() == ENV_BIN.resolve(), argv
    assert Path(argv[0]).resolve() == Path(sys.executable).resolve(), argv
    assert "ipykernel_launcher" in argv, argv


# --- running a notebook through the kernel websocket -------------------------------------------


def _sanitizers() -> list[tuple[re.Pattern, str]]:
    """The regexes of nbval_sanitize.cfg: nbval compares outputs after these replacements."""
    parser = configparser.ConfigParser()
    parser.read(ROOT / "nbval_sanitize.cfg", encoding="utf-8")
    return [(re.compile(parser[s]["regex"]), parser[s]["replace"]) for s in parser.sections()]


def _sanitize(text: str, rules: list[tuple[re.Pattern, str]]) -> str:
    for regex, replace in rules:
        text = regex.sub(replace, text)
    return text


class KernelClient:
    """The kernel messaging protocol over /api/kernels/<id>/channels (JSON, no subprotocol)."""

    def __init__(self, lab: Lab, kernel_id: str):
        self.session = uuid.uuid4().hex
        self.ws = websocket.create_connection(
            f"ws://127.0.0.1:{lab.port}/api/kernels/{kernel_id}/channels?session_id={self.session}",
            header=[f"Authorization: token {lab.token}"],
            timeout=CELL_TIMEOUT,
        )

    def close(self) -> None:
        self.ws.close()

    def request(self, msg_type: str, content: dict, timeout: float = CELL_TIMEOUT) -> dict:
        """Send a shell request; return its reply and the iopub messages it caused.

        Waits for both the shell reply and the iopub `status: idle` of the request, so every
        output of the request has arrived.
        """
        msg_id = uuid.uuid4().hex
        self.ws.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "msg_type": msg_type,
                        "session": self.session,
                        "username": "test",
                        "version": "5.3",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "content": content,
                    "channel": "shell",
                    "buffers": [],
                }
            )
        )
        reply, iopub, idle = None, [], False
        deadline = time.monotonic() + timeout
        while reply is None or not idle:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{msg_type}: no reply within {timeout} s; iopub: {iopub}")
            msg = json.loads(self.ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["channel"] == "shell":
                reply = msg
            elif msg["channel"] == "iopub":
                iopub.append(msg)
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    idle = True
        return {"reply": reply["content"], "iopub": iopub}

    def execute(self, code: str) -> dict:
        result = self.request(
            "execute_request",
            {
                "code": code,
                "silent": False,
                "store_history": True,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            },
        )
        errors = [m["content"] for m in result["iopub"] if m["msg_type"] == "error"]
        assert result["reply"]["status"] == "ok", f"cell failed: {code!r}\n" + "\n".join(
            f"{e['ename']}: {e['evalue']}\n" + "\n".join(e["traceback"]) for e in errors
        )
        return result


def _text_plain(iopub: list[dict]) -> list[str]:
    return [
        m["content"]["data"]["text/plain"]
        for m in iopub
        if m["msg_type"] in ("execute_result", "display_data")
        and "text/plain" in m["content"]["data"]
    ]


def _stored_text_plain(cell: dict) -> list[str]:
    return [
        "".join(o["data"]["text/plain"])
        for o in cell.get("outputs", [])
        if o["output_type"] in ("execute_result", "display_data") and "text/plain" in o["data"]
    ]


def test_notebook_runs_in_its_kernel(lab: Lab, tmp_path: Path):
    figures = tmp_path / "figures"
    figures.mkdir()
    notebook = json.loads((NOTEBOOKS / NOTEBOOK).read_text(encoding="utf-8"))
    rules = _sanitizers()

    # Open the notebook as JupyterLab does: a session for its path with its kernel.
    status, session = lab.request(
        "POST",
        "/api/sessions",
        {"path": NOTEBOOK, "name": NOTEBOOK, "type": "notebook", "kernel": {"name": "python3"}},
        timeout=CELL_TIMEOUT,
    )
    assert status == 201, f"POST /api/sessions: HTTP {status}: {session}\n{lab.log()}"
    try:
        assert session["kernel"]["name"] == "python3"
        client = KernelClient(lab, session["kernel"]["id"])
        try:
            info = client.request("kernel_info_request", {})
            assert info["reply"]["status"] == "ok"
            assert info["reply"]["language_info"]["name"] == "python"

            compared = 0
            for cell in notebook["cells"]:
                if cell["cell_type"] != "code":
                    continue
                source = "".join(cell["source"])
                result = client.execute(source)
                if "parameters" in cell.get("metadata", {}).get("tags", []):
                    # papermill's way: parameters injected after the `parameters` cell
                    client.execute(f"FIGURES_DIR = {str(figures)!r}")
                    continue
                if "FIGURES_DIR" in source:
                    continue  # its output is the figure's path, which now points elsewhere
                got = [_sanitize(t, rules) for t in _text_plain(result["iopub"])]
                stored = [_sanitize(t, rules) for t in _stored_text_plain(cell)]
                assert got == stored, f"output differs from the stored one for:\n{source}"
                compared += len(stored)
            assert compared >= 1

            assert sorted(p.name for p in figures.iterdir()) == ["01-body-vs-removed.svg"]
            where = client.execute("import os, sys\nprint(sys.prefix, os.getcwd(), sep='\\n')")
            stdout = "".join(
                m["content"]["text"]
                for m in where["iopub"]
                if m["msg_type"] == "stream" and m["content"]["name"] == "stdout"
            ).splitlines()
            assert Path(stdout[0]).resolve() == Path(sys.prefix).resolve()  # the venv
            assert Path(stdout[1]) == NOTEBOOKS  # relative paths (../seeds) are the notebook's
        finally:
            client.close()
    finally:
        status, _ = lab.request("DELETE", f"/api/sessions/{session['id']}", timeout=30)
        assert status == 204
    assert lab.get("/api/sessions") == []
    assert lab.get("/api/kernels") == []


def test_repository_left_unchanged(lab: Lab, repo_before):
    """Run last: no checkpoint folder, the notebook not saved, its figure not rewritten."""
    assert _footprint() == repo_before
