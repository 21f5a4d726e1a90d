"""A minimal HTTP client for the benchmarks: one user's cookies, the CSRF token on every
POST, redirects not followed (their status is what a benchmark checks).

Cookies are kept by hand: with DEBUG off they are Secure, which a cookie jar would not send
back over plain HTTP to 127.0.0.1. Each request opens its own connection, as gunicorn's
sync workers close it after each answer.
"""

import time
from dataclasses import dataclass
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit


@dataclass
class Response:
    status: int
    location: str
    text: str
    seconds: float


class Browser:
    def __init__(self, base_url, cookie):
        """`cookie`: a Cookie header value to start with, e.g. the session's."""
        address = urlsplit(base_url)
        self.host, self.port = address.hostname, address.port
        self.cookies = SimpleCookie(cookie)

    def get(self, path):
        return self._request("GET", path)

    def post(self, path, data):
        """Post `data` with the CSRF cookie's token (GET a page that sets it first)."""
        form = {**data, "csrfmiddlewaretoken": self.cookies["csrftoken"].value}
        return self._request("POST", path, urlencode(form))

    def _request(self, method, path, body=None):
        headers = {"Cookie": "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = HTTPConnection(self.host, self.port, timeout=120)
        try:
            start = time.perf_counter()
            connection.request(method, path, body, headers)
            answer = connection.getresponse()
            text = answer.read().decode(errors="replace")
            seconds = time.perf_counter() - start
        finally:
            connection.close()
        for header in answer.headers.get_all("Set-Cookie") or []:
            self.cookies.load(header)
        return Response(answer.status, answer.getheader("Location", ""), text, seconds)
