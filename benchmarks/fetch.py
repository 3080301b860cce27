"""Fetching 100 DOIs from a server that enforces Crossref's polite limits.

    python benchmarks/fetch.py [--count 100] [--latency 0.1]

A loopback server (a separate process) answers ``/works/{doi}`` like Crossref's polite pool:
at most 10 requests in any second and 3 at once, a 429 beyond either, 100 ms of latency per
answer, and the ``x-rate-limit-*`` headers. Three runs in one go:

- readinglist's client, cold cache: its time against the limits' floor (count / 10 per s)
  and the number of 429s (target: ratio <= 1.15, no 429);
- the same, warm cache: the number of requests (target: none);
- a one-at-a-time client (a plain loop of requests, no cache), as the baseline.

Only ratios are printed as results: this machine is shared and its timings are noisy.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

RATE, CONCURRENCY = 10, 3
TEMPLATE: dict[str, Any] = {
    "status": "ok",
    "message-type": "work",
    "message": {
        "type": "journal-article",
        "title": ["A benchmark article"],
        "author": [{"given": "Ann", "family": "Smith"}],
        "container-title": ["Journal of Benchmarks"],
        "volume": "1",
        "issue": "1",
        "page": "1-10",
        "issued": {"date-parts": [[2024]]},
    },
}


def serve(port_file: Path, latency: float) -> None:
    lock = threading.Lock()
    arrivals: deque[float] = deque()
    active = [0]
    counts = {"200": 0, "429": 0, "429-rate": 0, "429-concurrency": 0}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            if self.path == "/stats":
                self._send(200, json.dumps(counts).encode())
                return
            now = time.monotonic()
            with lock:
                while arrivals and arrivals[0] <= now - 1.0:
                    arrivals.popleft()
                refuse = len(arrivals) >= RATE or active[0] >= CONCURRENCY
                if refuse:
                    counts["429"] += 1
                    counts["429-rate" if len(arrivals) >= RATE else "429-concurrency"] += 1
                else:
                    arrivals.append(now)
                    active[0] += 1
                    counts["200"] += 1
            if refuse:
                self._send(
                    429,
                    b"<html><body><h1>429 Too Many Requests</h1></body></html>",
                    "text/html",
                    {"Retry-After": "1"},
                )
                return
            try:
                time.sleep(latency)
                doi = self.path.split("/works/", 1)[1]
                body = json.loads(json.dumps(TEMPLATE))
                body["message"]["DOI"] = doi
                self._send(200, json.dumps(body).encode())
            finally:
                with lock:
                    active[0] -= 1

        def _send(
            self,
            status: int,
            body: bytes,
            content_type: str = "application/json",
            extra: dict[str, str] | None = None,
        ) -> None:
            self.send_response(status)
            self.send_header("content-type", content_type)
            self.send_header("content-length", str(len(body)))
            self.send_header("x-rate-limit-limit", str(RATE))
            self.send_header("x-rate-limit-interval", "1s")
            self.send_header("x-concurrency-limit", str(CONCURRENCY))
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port_file.write_text(str(server.server_address[1]))
    server.serve_forever()


def stats(base: str) -> dict[str, int]:
    import requests

    data: dict[str, int] = requests.get(f"{base}/stats", timeout=5).json()
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve, args.latency)
        return 0

    import requests

    from readinglist.identifiers import Identifier
    from readinglist.registry.cache import DiskCache
    from readinglist.registry.client import Client, Endpoints, fetch_all

    with tempfile.TemporaryDirectory() as tmp:
        port_file = Path(tmp) / "port"
        server = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(port_file), "--latency", str(args.latency)]
        )
        try:
            for _ in range(100):
                if port_file.exists() and port_file.read_text():
                    break
                time.sleep(0.05)
            base = f"http://127.0.0.1:{port_file.read_text()}"
            endpoints = Endpoints(base, base, base, base)
            dois = [Identifier("doi", f"10.5555/bench.{i}") for i in range(args.count)]
            floor = args.count / RATE

            cache = DiskCache(Path(tmp) / "cache")
            client = Client(endpoints=endpoints, mailto="bench@example.org", cache=cache)
            before = stats(base)
            start = time.perf_counter()
            results = fetch_all(client, dois)
            ours = time.perf_counter() - start
            cold = stats(base)
            failures = sum(r.item is None for r in results)

            warm_client = Client(endpoints=endpoints, mailto="bench@example.org", cache=cache)
            fetch_all(warm_client, dois)
            warm = stats(base)

            session = requests.Session()
            start = time.perf_counter()
            for identifier in dois:
                session.get(f"{base}/works/{identifier.value}", timeout=30).json()
            baseline = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait()
    served_429 = cold["429"] - before["429"]
    print(
        f"DOIs: {args.count}, server latency {args.latency * 1000:.0f} ms, limits "
        f"{RATE}/s and {CONCURRENCY} at once"
    )
    print(
        f"readinglist, cold cache: {ours / floor:.3f} x the limits' floor "
        f"(target <= 1.15); 429s: {served_429} (rate {cold['429-rate']}, concurrency "
        f"{cold['429-concurrency']}); failures: {failures}"
    )
    print(
        f"readinglist, warm cache: requests made: {warm_client.requests_made}; "
        f"server saw {warm['200'] + warm['429'] - cold['200'] - cold['429']}"
    )
    print(
        f"one-at-a-time baseline: {baseline / floor:.3f} x the floor; readinglist is "
        f"{baseline / ours:.2f} x as fast"
    )
    return 0 if served_429 == 0 and failures == 0 and warm_client.requests_made == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
