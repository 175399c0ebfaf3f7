#!/usr/bin/env python3
"""A stand-in for the Gemini API's token endpoint, on loopback, for benchmarks: every
POST /v1alpha/auth_tokens answers a fixed token name at once. Usage: fake_gemini.py PORT"""
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BODY = b'{"name":"auth_tokens/bench-0001","uses":1}'


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status = 200 if self.path.startswith("/v1alpha/auth_tokens") else 404
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
