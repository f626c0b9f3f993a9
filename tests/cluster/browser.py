"""A small HTTP client for the cluster tests: a visitor with cookies, and the fields of a page's forms.

The app servers run with production settings, so their cookies are marked Secure; the cluster serves plain
HTTP on the loopback, where http.cookiejar would drop them. This client keeps every cookie it is given.
"""

import http.client
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    text: str

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


@dataclass
class Visitor:
    """One person's browser: its cookies, sent to whichever server it is pointed at."""

    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, url: str, data: dict | None = None, timeout: float = 30) -> Response:
        parts = urlsplit(url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        headers = {"Host": parts.hostname, "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"{parts.scheme}://{parts.netloc}{parts.path}"
        try:
            connection.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), body, headers)
            raw = connection.getresponse()
            text = raw.read().decode("utf-8", errors="replace")
        finally:
            connection.close()
        for header in raw.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Response(raw.status, raw.headers, text)

    def get(self, url: str, **kwargs) -> Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, data: dict, **kwargs) -> Response:
        return self.request("POST", url, data=data, **kwargs)

    def sign_in(self, base: str, username: str, password: str) -> None:
        form = form_fields(self.get(f"{base}/accounts/login/").text, having="username")
        form.update(username=username, password=password)
        response = self.post(f"{base}/accounts/login/", form)
        assert response.status == 302, f"sign-in failed: {response.status} {response.text[:500]}"


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, dict[str, list[str]]]] = []
        self._textarea: str | None = None
        self._textarea_start = False
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append((attrs.get("action") or "", {}))
        elif not self.forms or ("name" not in attrs and tag != "option"):
            return
        fields = self.forms[-1][1] if self.forms else {}
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                fields.setdefault(attrs["name"], [])
                return
            fields.setdefault(attrs["name"], []).append(attrs.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "textarea":
            self._textarea = attrs["name"]
            fields.setdefault(self._textarea, []).append("")
            self._textarea_start = True
        elif tag == "select":
            self._select = attrs["name"]
            fields.setdefault(self._select, [])
        elif tag == "option" and self._select is not None and "selected" in attrs:
            fields[self._select].append(attrs.get("value", ""))

    def handle_data(self, data):
        if self._textarea is not None:
            if self._textarea_start and data.startswith("\n"):  # HTML drops a textarea's first newline
                data = data[1:]
            self._textarea_start = False
            self.forms[-1][1][self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_fields(html: str, having: str) -> dict[str, list[str] | str]:
    """The fields a browser would send from the first form that has a field named `having`."""
    parser = _FormParser()
    parser.feed(html)
    for _action, fields in parser.forms:
        if having in fields:
            return {name: values for name, values in fields.items() if values}
    raise AssertionError(f"no form with a field named {having!r}")
