"""Markdown rendering done once by the core: HTML and plain text."""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from typing import ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cardsmith.model import Text
from cardsmith.text import highlight, markdown, render


def test_lone_paragraph_is_unwrapped_blocks_are_not() -> None:
    assert render.to_html("one *two*") == "one <em>two</em>"
    assert render.to_block_html("one") == "<p>one</p>"
    assert render.to_html("a\n\nb") == "<p>a</p>\n<p>b</p>"


def test_lists_tables_code() -> None:
    html = render.to_html("1. a\n2. b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n```\nif a < b: {}\n```")
    assert "<ol>\n<li>a</li>\n<li>b</li>\n</ol>" in html
    assert "<td>1</td>" in html
    assert "<pre><code>if a &lt; b: {}\n</code></pre>" in html


def test_raw_html_is_escaped_unless_allowed() -> None:
    source = 'x <img src=x onerror="alert(1)"> <script>alert(1)</script>'
    safe = render.to_html(source)
    assert "<script>" not in safe and "<img" not in safe
    assert "&lt;script&gt;" in safe
    assert "<script>" in render.to_html(source, allow_html=True)


def test_javascript_links_are_not_links() -> None:
    html = render.to_html("[click](javascript:alert(1)) and [ok](https://example.org)")
    assert 'href="javascript' not in html
    assert '<a href="https://example.org">ok</a>' in html


def test_plain_text() -> None:
    source = ("Intro with **bold**, `code` and [a link](https://example.org).\n"
              "Soft break.\n\n1. first\n2. second\n   - nested\n\n- dash\n\n"
              "![diagram](d.png)\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert render.to_plain(source) == (
        "Intro with bold, code and a link (https://example.org). Soft break.\n\n"
        "1. first\n2. second\n   - nested\n\n- dash\n\n[image: diagram]\n\na | b\n1 | 2")


def test_plain_keeps_raw_html_as_text() -> None:
    assert render.to_plain("a <b>c</b> & d") == "a <b>c</b> & d"


def test_plain_drops_tags_of_allowed_html() -> None:
    assert render.to_plain("a <b>c</b><br>d", allow_html=True) == "a c\nd"
    assert render.to_plain("<div>x</div>", allow_html=True) == "x"


def test_plain_keeps_what_changes_the_meaning() -> None:
    assert render.to_plain("~~RoBERTa~~ BERT") == "~~RoBERTa~~ BERT"
    assert render.to_plain("Said:\n\n> one\n> two\n\n> > deep") == (
        "Said:\n\n> one two\n\n> > deep")
    assert render.to_plain("![](x.png)") == "[image]"


def test_text_field() -> None:
    text = Text("*hi*")
    assert str(text) == "*hi*"
    assert text.html == "<em>hi</em>" and text.plain == "hi"
    assert not Text("  ") and text


def test_raw_html_block_and_loose_lists() -> None:
    assert render.to_html('<div onclick="x">b</div>') == (
        "<p>&lt;div onclick=&quot;x&quot;&gt;b&lt;/div&gt;</p>")
    assert render.to_html("- a\n\n- b") == (
        "<ul>\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>")
    assert render.to_html("3. c\n4. d") == '<ol start="3">\n<li>c</li>\n<li>d</li>\n</ol>'


def test_unsafe_urls_lose_the_url_everywhere() -> None:
    source = "[j](JaVaScRiPt:alert(1)) ![i](vbscript:x) ![ok](data:image/png;base64,AAAA)"
    assert render.to_html(source) == 'j i <img src="data:image/png;base64,AAAA" alt="ok" />'
    assert render.to_plain(source) == "j [image: i] [image: ok]"


class _Tags(HTMLParser):
    ALLOWED: ClassVar[dict[str, set[str]]] = {
        **{t: set() for t in ("p", "em", "strong", "s", "ul", "li", "blockquote",
                              "hr", "br", "table", "thead", "tbody", "tr", "th", "td",
                              "h1", "h2", "h3", "h4", "h5", "h6")},
        "ol": {"start"}, "a": {"href", "title"}, "img": {"src", "alt", "title"},
        "span": {"class"}, "audio": {"controls", "src", "title"}, "pre": {"class"},
        "code": {"class"},
    }

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert set(dict(attrs)) <= self.ALLOWED[tag], (tag, attrs)
        for name, value in attrs:
            if name in ("href", "src"):
                assert not re.match(r"\s*(javascript|vbscript|file):", value or "", re.I), value


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["<script>", "</script>", "<img src=x onerror=alert(1)>",
                                 "[a](", "javascript:alert(1)", ")", "![b](", "<a href='",
                                 "'>", "`", "*", "\n", "\n\n", "- ", "1. ", "<div>", "&#106;",
                                 "&lt;", "\\", "|", "---"]) | st.text(max_size=5)).map("".join))
def test_no_markup_gets_through(source: str) -> None:
    # Whatever the deck says, the HTML holds only the tags and attributes Markdown makes.
    _Tags().feed(render.to_block_html(source))


def test_one_parse_gives_the_same_three_renderings() -> None:
    for source in ("one *two*", "a\n\nb", "- x\n- y", "<i>raw</i>", "`c`"):
        text = Text(source)
        assert (text.html, text.block_html, text.plain) == (
            render.to_html(source), render.to_block_html(source), render.to_plain(source))


def test_images_are_listed_in_order() -> None:
    text = Text("![a](one.png) and [link](x) and *![b](sub/two.jpg)*\n\n![c](http://h/3.gif)")
    assert text.images == ("one.png", "sub/two.jpg", "http://h/3.gif")
    assert Text("no images, ![not](an image") .images == ()


def test_math_for_mathjax_plain_and_mathml() -> None:
    text = Text("If $a<b$ then $$\\frac{a}{b}$$ costs $5 and $10.")
    assert text.html == ('If <span class="math inline">\\(a&lt;b\\)</span> then '
                         '<span class="math display">\\[\\frac{a}{b}\\]</span> costs $5 and $10.')
    assert text.plain == "If $a<b$ then $$\\frac{a}{b}$$ costs $5 and $10."
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">' in text.html_mathml
    assert "<mfrac>" in text.html_mathml and "\\(" not in text.html_mathml


def test_a_formula_cannot_inject_markup() -> None:
    text = Text("$\\text{<img src=x onerror=alert(1)>}$")
    assert "<img" not in text.html and "<img" not in text.html_mathml
    assert text.html_mathml == (
        '<code class="math">$\\text{&lt;img src=x onerror=alert(1)&gt;}$</code>')


def test_code_blocks_with_a_language_are_highlighted() -> None:
    html = Text("```python\nif a < b: pass\n```").html
    assert html.startswith('<pre class="highlight"><code class="language-python">'
                           '<span class="k">if</span>')
    assert "&lt;" in html
    assert Text("```nosuchlanguage\nx<y\n```").html == (
        '<pre><code class="language-nosuchlanguage">x&lt;y\n</code></pre>')
    css = highlight.stylesheet(".highlight", ".nightMode")
    assert all(line.startswith((".highlight", ".nightMode .highlight"))
               for line in css.splitlines())


def test_highlighting_is_pinned_where_a_pygments_release_could_change_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The token classes come from Pygments' lexers and reach every output: written out
    # here, so that a release which tokenises differently is noticed (constraints.txt pins
    # the one the suite runs with).
    assert highlight.code_html("def area(r):\n    return 3.14 * r ** 2  # m²\n", "python") == (
        '<span class="k">def</span><span class="w"> </span><span class="nf">area</span>'
        '<span class="p">(</span><span class="n">r</span><span class="p">):</span>\n    '
        '<span class="k">return</span> <span class="mf">3.14</span> <span class="o">*</span> '
        '<span class="n">r</span> <span class="o">**</span> <span class="mi">2</span>  '
        '<span class="c1"># m²</span>\n')
    # The colours are cardsmith's own files: no Pygments is asked for them.
    media = "@media (prefers-color-scheme: dark)"
    light, dark = highlight.stylesheet(".x"), highlight.stylesheet(".x", media)
    highlight.stylesheet.cache_clear()
    monkeypatch.setitem(sys.modules, "pygments.formatters", None)
    try:
        assert highlight.stylesheet(".x") == light
        assert highlight.stylesheet(".x", media) == dark
    finally:
        highlight.stylesheet.cache_clear()
    assert ".x .k { color: #007020; font-weight: bold } /* Keyword */" in light.splitlines()
    # Pygments 2.21 recoloured monokai's builtins (#A6E22E); the pages keep 2.20's colour.
    assert ".x .nb { color: #F8F8F2 } /* Name.Builtin */" in dark.splitlines()


def test_audio_is_an_audio_element() -> None:
    text = Text("Hear ![a beep](media/beep.wav).")
    assert text.html == ('Hear <audio controls src="media/beep.wav" title="a beep">a beep'
                         "</audio>.")
    assert text.plain == "Hear [audio: a beep]."


_LITERAL_LIKE = st.lists(st.sampled_from([
    *"aZé1 .,;:?'\"()/%+=@-#{}^", "\u00a0", "\u2028", "\u0085", "\u200b", "\t", "\n", "*", "_",
    "`", "\\", "&", "<", "$", "~", "|", "[", "]", "!", "\x00", "*b*", "_b_", "`c`", "&amp;", "<b>",
    "$x$", "~~s~~", "[l](u)", "\\*", "  ", "a|b\n-|-\n", "\n===", "<http://a.b>"]),
    max_size=6).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from("aZé") | st.sampled_from(["", "1. ", "- ", "# ", " ", "A"]),
       _LITERAL_LIKE)
def test_literal_texts_skip_the_parser_with_the_same_result(start: str, rest: str) -> None:
    # Texts that look literal take a shortcut past the parser: it must agree with it.
    source = start + rest
    for allow_html in (False, True):
        assert render.render_all(source, allow_html=allow_html) == render.from_parse(
            source, allow_html), source


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", " ", "*b*", "\n", "\n\n", "  \n", "\\\n", "<b>", "`c`",
                                 "$x$", "- ", "> ", "![i](p.png)", "&amp;", "```\n"]),
                max_size=8).map("".join))
def test_block_html_of_a_lone_paragraph_is_derived_exactly(source: str) -> None:
    # A lone paragraph's block HTML is not rendered twice but wrapped: it must be the same.
    for allow_html in (False, True):
        tree = markdown.parse(source)[2]
        assert render.render_all(source, allow_html=allow_html).block_html == (
            render._render_html(tree, allow_html)), source


def test_markdown_nested_very_deep_renders_flattened() -> None:
    # Hundreds of nested quotes or lists would exhaust Python's stack in the renderers.
    for source in (">" * 3000 + " deep", "- " * 2000 + "deep", "*" * 3000 + "deep" + "*" * 3000):
        text = Text(source)
        assert "deep" in text.html and "deep" in text.plain
