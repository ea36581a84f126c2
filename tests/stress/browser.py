"""A person's browser over real HTTP: cookies, CSRF, redirects, and a stopwatch.

The site runs in its production profile, as behind the TLS-terminating proxy
that profile expects: each request says ``X-Forwarded-Proto: https`` and comes
from the https origin, and the (Secure) cookies are sent back as a browser
sends them over the proxy's https. No redirect is followed by itself: each
request is timed and counted on its own, as the browser's network panel would.
"""

import http.client
import re
import threading
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

TIMEOUT = 30  # gunicorn's own worker timeout


@dataclass
class Hit:
    started: float  # time.time()
    ms: float
    method: str
    path: str  # with the numbers taken out: /posts/<n>/decide/
    status: int  # 0: no answer (connection refused, reset, timed out)


class Hits:
    """Every request of the run, from every thread."""

    def __init__(self):
        self.lock = threading.Lock()
        self.hits = []
        self.failures = []  # (hit, what was said) for each 5xx or missing answer

    def add(self, hit, detail=""):
        with self.lock:
            self.hits.append(hit)
            if hit.status == 0 or hit.status >= 500:
                self.failures.append((hit, detail[:500]))


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.text = body.decode("utf-8", "replace")

    @property
    def location(self):
        return self.headers.get("Location", "")


class Browser:
    def __init__(self, host, port, hits):
        self.host, self.port = host, port
        self.origin = f"https://{host}:{port}"
        self.hits = hits
        self.cookies = {}
        self.last_page = "/"

    @property
    def csrf_token(self):
        return self.cookies.get("csrftoken", "")

    def get(self, path, *, htmx=False):
        return self._request("GET", path, htmx=htmx)

    def post(self, path, pairs, *, htmx=False):
        """POST the (name, value) pairs as a urlencoded form, with the CSRF token."""
        data = list(pairs)
        if not any(name == "csrfmiddlewaretoken" for name, _v in data):
            data.append(("csrfmiddlewaretoken", self.csrf_token))
        return self._request("POST", path, urlencode(data).encode(), htmx=htmx)

    def follow(self, answer):
        """Where a redirect leads (GET), as the browser follows it."""
        while answer.status in (301, 302, 303):
            answer = self.get(urlsplit(answer.location).path or "/")
        return answer

    def _request(self, method, path, body=None, *, htmx=False):
        headers = {
            "Host": f"{self.host}:{self.port}",
            "X-Forwarded-Proto": "https",
            "User-Agent": "socialgov-stress",
            "Accept-Language": "en",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + self.last_page
            headers["X-CSRFToken"] = self.csrf_token
        if htmx:
            headers["HX-Request"] = "true"
        started, clock = time.time(), time.monotonic()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        label = re.sub(r"/\d+", "/<n>", path)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            answer = Answer(response.status, response.headers, response.read())
            for raw in response.headers.get_all("Set-Cookie") or []:
                self._keep(raw)
        except (OSError, http.client.HTTPException) as error:
            self.hits.add(Hit(started, (time.monotonic() - clock) * 1000, method, label, 0),
                          f"{type(error).__name__}: {error}")
            return Answer(0, {}, b"")
        finally:
            connection.close()
        self.hits.add(Hit(started, (time.monotonic() - clock) * 1000, method, label,
                          answer.status), answer.text)
        if method == "GET" and answer.status == 200 and not htmx:
            self.last_page = path
        return answer

    def _keep(self, raw):
        cookie = SimpleCookie()
        cookie.load(raw)
        for name, morsel in cookie.items():
            if morsel["max-age"] == "0" or morsel["expires"].startswith("Thu, 01 Jan 1970"):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value
