"""A minimal Language Server Protocol client for tests and benchmarks: JSON-RPC over a child's
stdio with Content-Length framing, as an editor speaks it. No LSP library on this side, so
the tests check the wire format the server really sends."""
from __future__ import annotations

import json
import queue
import subprocess
import tempfile
import threading
import time
from typing import Any, Callable


class LspClient:
    def __init__(self, cmd: list[str], cwd: str | None = None, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self.stderr = tempfile.TemporaryFile()  # read by tests when something goes wrong
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr, cwd=cwd)
        self._id = 0
        self._replies: dict[int, dict[str, Any]] = {}
        self._notes: queue.Queue[dict[str, Any]] = queue.Queue()
        self._cond = threading.Condition()
        self.server_requests: list[dict[str, Any]] = []
        self.notifications: list[dict[str, Any]] = []  # every notification received, in order
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    # ------------------------------------------------------------------ wire
    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            headers: dict[str, str] = {}
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            msg = json.loads(out.read(int(headers["content-length"])))
            if "id" in msg and "method" in msg:  # a request from the server (e.g. registerCapability)
                self.server_requests.append(msg)
                self._send({"id": msg["id"], "result": None})
            elif "id" in msg:
                with self._cond:
                    self._replies[msg["id"]] = msg
                    self._cond.notify_all()
            else:
                self.notifications.append(msg)
                self._notes.put(msg)

    # ------------------------------------------------------------------ API
    def request(self, method: str, params: Any) -> Any:
        self._id += 1
        rid = self._id
        self._send({"id": rid, "method": method, "params": params})
        deadline = time.monotonic() + self.timeout
        with self._cond:
            while rid not in self._replies:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no reply to {method}")
                self._cond.wait(left)
            reply = self._replies.pop(rid)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result")

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def wait(self, method: str, match: Callable[[dict[str, Any]], bool] = lambda p: True,
             timeout: float | None = None) -> dict[str, Any]:
        """The params of the next notification `method` that `match`es (others are dropped)."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {method} notification")
            try:
                msg = self._notes.get(timeout=left)
            except queue.Empty:
                continue
            if msg.get("method") == method and match(msg.get("params", {})):
                return msg["params"]

    def initialize(self, root_uri: str | None = None, options: dict[str, Any] | None = None) -> dict[str, Any]:
        result = self.request("initialize", {"processId": None, "rootUri": root_uri, "capabilities": {
            "textDocument": {"publishDiagnostics": {"versionSupport": True, "codeDescriptionSupport": True},
                             "hover": {"contentFormat": ["markdown", "plaintext"]},
                             "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix"]}}}},
            "general": {"positionEncodings": ["utf-16"]}}, "initializationOptions": options})
        self.notify("initialized", {})
        return result

    def errors(self) -> str:
        self.stderr.seek(0)
        return self.stderr.read().decode("utf-8", "replace")

    def close(self) -> int:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
        except (TimeoutError, RuntimeError, OSError, ValueError):
            pass
        try:
            return self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()
        finally:
            for stream in (self.proc.stdin, self.proc.stdout, self.stderr):
                if stream:
                    stream.close()

    def __enter__(self) -> LspClient:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
