"""The links a reader can follow in the main part of a page, for tests that follow every one of them."""

from html.parser import HTMLParser


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.in_main = False
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main = True
        elif tag == "a" and self.in_main:
            self.hrefs.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False


def internal_links(html: str) -> set[str]:
    """The site's own addresses linked from <main>, without fragments (links within the page left out)."""
    parser = _Links()
    parser.feed(html)
    return {href.split("#")[0] for href in parser.hrefs if href.startswith("/")}
