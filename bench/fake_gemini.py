#!/usr/bin/env python3
"""A stand-in for the Gemini API's token endpoint on loopback, for benchmarks: prints its port, then answers
every POST /v1alpha/auth_tokens with a fixed token name (no key checked, nothing logged)."""
import http.server

TOKEN = b'{"name":"auth_tokens/bench-fake","uses":1}'


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        found = self.path.split("?")[0] == "/v1alpha/auth_tokens"
        body = TOKEN if found else b'{"error":{"code":404}}'
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
