import pytest

from apps.core.markdown import render_markdown

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="javascript:alert(1)">x</a>',
    '<div onmouseover="alert(1)">hover</div>',
    "<svg><script>alert(1)</script></svg>",
    "<iframe src='https://example.org'></iframe>",
    "<p <script>alert(1)</script>",
    '"><script>alert(1)</script>',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_output_never_carries_script_handlers_or_dangerous_urls(payload):
    html = str(render_markdown(f"Text before.\n\n{payload}\n\nText after.")).lower()
    assert "<script" not in html
    assert "onerror" not in html and "onmouseover" not in html
    assert "javascript:" not in html
    assert "data:text" not in html
    assert "<iframe" not in html and "<svg" not in html
    assert "text after." in html


def test_ordinary_markdown_still_renders():
    html = str(render_markdown("# Title\n\nSome *emphasis* and a [link](https://example.org).\n\n- one\n- two"))
    assert "<h2>Title</h2>" in html  # the page's own h1 is the record name
    assert "<em>emphasis</em>" in html
    assert 'href="https://example.org"' in html
    assert "<li>one</li>" in html
