#!/usr/bin/env python3
"""Time from process start (just before exec) to the first 200 from GET /_mock/health, over ROUNDS starts, each on a
new database in TMPDIR. Prints the samples in ms, space separated, on one line; the caller takes the median.

usage: startup.py BINARY TMPDIR [ROUNDS]
"""
import http.client
import os
import socket
import subprocess
import sys
import time


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def one(binary: str, database: str) -> float:
    port = free_port()
    started = time.monotonic()
    process = subprocess.Popen([binary, "--port", str(port), "--database", database, "--log-level", "warning"],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.monotonic() - started < 10:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/_mock/health")
                if connection.getresponse().status == 200:
                    return (time.monotonic() - started) * 1000
            except OSError:
                pass
            finally:
                connection.close()
            if process.poll() is not None:
                raise SystemExit(f"canary-mock exited with {process.returncode} before answering")
            time.sleep(0.0005)
        raise SystemExit("no healthy answer within 10 s")
    finally:
        process.terminate()
        process.wait(timeout=10)


def main() -> int:
    binary, tmpdir = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    samples = [one(binary, os.path.join(tmpdir, f"start-{index}.sqlite3")) for index in range(rounds)]
    print(" ".join(f"{sample:.1f}" for sample in samples))
    return 0


if __name__ == "__main__":
    sys.exit(main())
