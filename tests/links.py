"""Following links the way a reader does: every address answers, and every #fragment is on the page it names."""

import re
from html import unescape
from urllib.parse import urljoin, urlsplit


def assert_every_link_resolves(client, page_url: str, html: str) -> set[str]:
    """Open every link of `html` (a part of the page at `page_url`); return the addresses followed."""
    links = {urljoin(page_url, unescape(href)) for href in re.findall(r'<a [^>]*href="([^"]+)"', html)}
    assert links, "no links to follow"
    pages: dict[str, str] = {}
    for link in sorted(links):
        address, _hash, fragment = link.partition("#")
        if address not in pages:
            response = client.get(address)
            assert response.status_code == 200, (link, response.status_code)
            pages[address] = response.content.decode()
        if fragment:
            assert f'id="{fragment}"' in pages[address], f"{link}: no #{fragment} on the page"
    return {urlsplit(link)._replace(scheme="", netloc="").geturl() for link in links}
