#!/usr/bin/env python3
"""A webhook receiver for trying canary-mock's webhooks: prints each JSON body it is sent, one line each, and
answers 200. Listens on 127.0.0.1.

    python3 examples/webhook-receiver.py 9000 &

Usage: webhook-receiver.py [PORT] (default 9000). Stops on SIGTERM or Ctrl-C.
"""

import http.server
import json
import sys


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(min(length, 1 << 20))
        try:
            shown = json.dumps(json.loads(body), sort_keys=True)
        except ValueError:
            shown = repr(body[:200])
        print(f"webhook {self.path}: {shown}", flush=True)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 9000
    try:
        http.server.ThreadingHTTPServer(("127.0.0.1", port), Receiver).serve_forever()
    except KeyboardInterrupt:
        pass
