#!/usr/bin/env python3
"""Proves the Docker runtime stage without Docker: the stripped release binary, copied into an empty directory, run
with an empty environment (`env -i`) plus only the variables the Dockerfile sets, serves the API and answers its
own health check. Also prints the figures the release notes quote: stripped size, ldd, start-to-healthy time
(median of several starts) and idle RSS.

One substitution, because this runs unprivileged on a shared machine: CANARY_MOCK_DATABASE points into the temp
directory instead of /data, and CANARY_MOCK_PORT is a free port instead of 8080.
"""
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RELEASE = os.environ.get("CANARY_MOCK_RELEASE_BIN", os.path.join(ROOT, ".build", "release", "canary-mock"))
ALLOWED_LIBRARIES = {"linux-vdso.so.1", "libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1",
                     "libsqlite3.so.0", "libz.so.1", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1"}
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   - {name}")
    else:
        failed += 1
        print(f"FAIL - {name} {detail}")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def docker_env(directory, port):
    return {"CANARY_MOCK_HOST": "0.0.0.0", "CANARY_MOCK_PORT": str(port),
            "CANARY_MOCK_DATABASE": os.path.join(directory, "data", "canary-mock.sqlite3")}


def start(binary, directory, port):
    # env= replaces the whole environment, as `env -i VAR=… ./canary-mock` does.
    return subprocess.Popen([binary], cwd=directory, env=docker_env(directory, port),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_healthy(port, started, timeout=10.0):
    while time.monotonic() - started < timeout:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_mock/health", timeout=1) as reply:
                if reply.status == 200 and b'"status": "ok"' in reply.read():
                    return time.monotonic() - started
        except OSError:
            time.sleep(0.0005)
    return None


def main():
    check("release binary exists", os.path.isfile(RELEASE), RELEASE)
    if failed:
        return 1
    with tempfile.TemporaryDirectory(prefix="canary-mock-empty-") as directory:
        binary = os.path.join(directory, "canary-mock")
        shutil.copy2(RELEASE, binary)
        subprocess.run(["strip", binary], check=True)
        os.makedirs(os.path.join(directory, "data"))
        size = os.path.getsize(binary)
        print(f"# stripped binary: {size} bytes ({size / 1048576:.1f} MiB)")
        ldd = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
        print("# ldd:\n" + "\n".join("#   " + line.strip() for line in ldd.strip().splitlines()))
        libraries = {line.split()[0] for line in ldd.strip().splitlines() if line.strip()}
        libraries = {os.path.basename(name) for name in libraries}
        check("ldd lists only C libraries", libraries <= ALLOWED_LIBRARIES, str(sorted(libraries - ALLOWED_LIBRARIES)))

        timings, rss = [], None
        for run in range(7):
            port = free_port()
            started = time.monotonic()
            process = start(binary, directory, port)
            elapsed = wait_healthy(port, started)
            check(f"start {run + 1}: healthy", elapsed is not None)
            if elapsed is not None:
                timings.append(elapsed)
            if run == 0:
                environment = docker_env(directory, port)
                health = subprocess.run([binary, "healthcheck"], cwd=directory, env=environment,
                                        capture_output=True, text=True)
                check("`canary-mock healthcheck` with the same environment exits 0", health.returncode == 0,
                      health.stderr)
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/api/v1/canarytoken/create",
                    data=b"auth_token=canary-mock-auth-token&memo=empty+env&kind=dns")
                with urllib.request.urlopen(request, timeout=5) as reply:
                    body = reply.read()
                check("serves the API on the defaults", reply.status == 200 and b'"result": "success"' in body)
                check("database file created under the configured path",
                      os.path.isfile(environment["CANARY_MOCK_DATABASE"]))
                time.sleep(0.5)
                with open(f"/proc/{process.pid}/status") as status:
                    rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
            process.send_signal(signal.SIGTERM)
            code = process.wait(timeout=10)
            check(f"start {run + 1}: SIGTERM exits 0", code == 0, process.stderr.read().decode())
        port = free_port()
        down = subprocess.run([binary, "healthcheck"], cwd=directory, env=docker_env(directory, port),
                              capture_output=True, text=True)
        check("`canary-mock healthcheck` exits 1 when nothing answers", down.returncode == 1, down.stderr)
        if timings:
            print(f"# start to first healthy answer: median {statistics.median(timings) * 1000:.1f} ms "
                  f"over {len(timings)} starts (min {min(timings) * 1000:.1f}, max {max(timings) * 1000:.1f})")
        if rss is not None:
            print(f"# idle RSS after one request: {rss} KiB")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
