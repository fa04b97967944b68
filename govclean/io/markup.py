"""Inputs that are a web page's markup rather than its text.

govclean's rules read a page's text: a file or record that starts with a document type or
``<html>``, or whose start holds several structural tags, is still cleaned (markup lines are site
furniture to the rules), with a warning to extract the page's text first with a tool that reads
HTML.

>>> looks_like_html(b"<!DOCTYPE html><html><head><title>t</title></head>")
True
>>> looks_like_html("标题\\n正文里有一个 <a> 字样。".encode())
False
>>> text_looks_like_html("<html><body><p>正文</p></body></html>")
True
"""

from __future__ import annotations

import re
from itertools import islice

#: HTML markup: a document type or the tags of a page's structure (matched ignoring case).
HTML_TAG = (
    rb"<(?:!doctype\s+html|(?:html|head|body|meta|div|p|br|span|table|tr|td|li|script|style|a)\b)"
    rb"[^<>]{0,300}>"
)
#: Where the input is looked at (bytes), and how many tags (or a leading document type) make it
#: a page.
HTML_SCAN = 8192
HTML_TAGS = 5
HTML_WARNING = (
    "looks like HTML: govclean cleans the text of a page, not its markup; extract the text "
    "first (for example with trafilatura, html2text or lynx -dump), then clean that"
)


def looks_like_html(data: bytes) -> bool:
    """Whether an input's bytes are a web page's markup: it starts with a document type or
    ``<html>``, or its first :data:`HTML_SCAN` bytes hold :data:`HTML_TAGS` structural tags."""
    head = data[:HTML_SCAN]
    if b"<" not in head:  # no tag at all (most inputs): the pattern is not even compiled
        return False
    tag = re.compile(HTML_TAG, re.IGNORECASE)  # kept by re's own cache for the next input
    first = tag.search(head.lstrip(b"\xef\xbb\xbf \t\r\n"))
    if first is not None and first.start() == 0 and first.group(0)[:5].lower() in (b"<!doc", b"<html"):
        return True
    return sum(1 for _ in islice(tag.finditer(head), HTML_TAGS)) >= HTML_TAGS


def text_looks_like_html(text: str) -> bool:
    """:func:`looks_like_html` of decoded text (a JSON Lines record's): its start as UTF-8."""
    head = text[:HTML_SCAN]  # at least HTML_SCAN bytes once encoded
    if "<" not in head:
        return False
    return looks_like_html(head.encode("utf-8", "surrogatepass"))
