"""Feed refresh benchmark (issue 9): 100 feeds x 50 items from a local server.

    .venv/bin/python tests/bench/feeds.py [--feeds 100] [--items 50] [--runs 3]

A separate process serves the feeds on loopback addresses 127.0.0.1 to 127.0.0.50,
two feeds per address, like 100 blogs on different hosts (casebook fetches at most 2
per host and 8 at once); each feed has an ETag and answers 304 to If-None-Match. The
server runs in its own process so it does not share the client's interpreter.

For each run, a fresh store subscribes to every feed with
``casebook feeds import`` of a generated OPML file, then ``casebook refresh`` runs
twice as a real process, timed from exec to exit (Python start-up, imports, store
open, fetch, parse and the durable write): the first refresh stores every item, the
second gets 304 for every feed. Targets: <= 5 s and <= 1 s.

Nothing runs on import; pytest collects nothing here (no ``test_*`` names).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

CASEBOOK = [sys.executable, "-m", "tui"]
WORDS = ("latency", "kafka", "storage", "rollout", "cache", "ledger", "tracing", "region",
         "shard", "replica", "queue", "budget")


def feed_xml(feed: int, items: int) -> bytes:
    parts = []
    for i in range(items):
        words = " ".join(WORDS[(feed + i + k) % len(WORDS)] for k in range(120))
        parts.append(
            f"<item><title>Feed {feed} post {i}: {WORDS[i % len(WORDS)]} at scale</title>"
            f"<link>https://blog{feed}.example/p/{i}</link>"
            f'<guid isPermaLink="false">feed{feed}-post{i}</guid>'
            f"<pubDate>{formatdate(1_750_000_000 + i * 3600, usegmt=True)}</pubDate>"
            f"<category>{WORDS[(feed + i) % len(WORDS)].title()} Systems</category>"
            f"<description>{escape(f'<p>{words}</p><p>More <b>text</b> &amp; links.</p>')}"
            f"</description></item>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Blog {feed}</title><link>https://blog{feed}.example/</link>"
        + "".join(parts)
        + "</channel></rss>"
    ).encode()


HOSTS = 50


def serve(port_out: multiprocessing.connection.Connection, feeds: int, items: int) -> None:
    bodies = {f"/feed/{n}": feed_xml(n, items) for n in range(feeds)}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            body = bodies.get(self.path)
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            etag = f'"{self.path}"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass

    servers = []
    for host in range(1, HOSTS + 1):
        server = ThreadingHTTPServer((f"127.0.0.{host}", 0), Handler)
        server.daemon_threads = True
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
    port_out.send([s.server_address for s in servers])
    threading.Event().wait()


def feed_url(addresses: list[tuple[str, int]], n: int) -> str:
    host, port = addresses[n % len(addresses)]
    return f"http://{host}:{port}/feed/{n}"


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall time and CPU time (user + system, with its parse workers) of one casebook run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(CASEBOOK + args, env=env, capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"casebook {' '.join(args)} failed ({proc.returncode}): {proc.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, proc.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=100)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    receive, send = multiprocessing.Pipe(duplex=False)
    server = multiprocessing.Process(target=serve, args=(send, args.feeds, args.items),
                                     daemon=True)
    server.start()
    try:
        addresses = receive.recv()
        firsts: list[float] = []
        seconds: list[float] = []
        cpus: tuple[list[float], list[float]] = ([], [])
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory(prefix="casebook-feeds-bench-") as tmp:
                env = dict(os.environ, CASEBOOK_DATA_DIR=str(Path(tmp) / "data"))
                opml = Path(tmp) / "feeds.opml"
                outlines = "".join(
                    f"<outline type='rss' text='Blog {n}' "
                    f"xmlUrl={quoteattr(feed_url(addresses, n))}/>"
                    for n in range(args.feeds)
                )
                opml.write_text(f"<opml version='2.0'><body>{outlines}</body></opml>")
                timed(["feeds", "import", str(opml)], env)
                timed(["list", "--json"], env)  # seeds the store, as a user's first run would
                first, first_cpu, out = timed(["refresh"], env)
                expected = f"Blog 0: {args.items} new, 0 updated"
                assert out.splitlines()[0] == expected, out.splitlines()[:2]
                second, second_cpu, out = timed(["refresh"], env)
                assert out.splitlines()[0] == "Blog 0: not modified", out.splitlines()[:2]
                firsts.append(first)
                seconds.append(second)
                cpus[0].append(first_cpu)
                cpus[1].append(second_cpu)
    finally:
        server.terminate()
        server.join(5)

    total = args.feeds * args.items
    print(f"feeds refresh, {args.feeds} feeds x {args.items} items ({total} articles), "
          f"{args.runs} runs, `casebook refresh` from exec to exit")
    load = os.getloadavg()[0]
    print(f"  load average (1 min) at the end: {load:.1f} on {os.cpu_count()} cores")
    for label, walls, cpu, target in (
        ("first refresh (all new): ", firsts, cpus[0], 5),
        ("second refresh (all 304):", seconds, cpus[1], 1),
    ):
        print(f"  {label} wall median {statistics.median(walls):.2f} s, max {max(walls):.2f} s"
              f" (target <= {target} s); CPU median {statistics.median(cpu):.2f} s")


if __name__ == "__main__":
    main()
