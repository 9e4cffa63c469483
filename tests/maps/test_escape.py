from __future__ import annotations

import json

from cityplanner.maps.escape import html_text, inline_code, json_for_script

NASTY = '</script><img src=x onerror="window.__pwned=1"> `${alert(1)}` <!-- \u2028 & \''


def test_json_for_script_cannot_close_the_element_or_open_a_comment():
    text = json_for_script({"name": NASTY})
    assert "<" not in text
    assert ">" not in text
    assert "&" not in text
    assert "\u2028" not in text
    assert json.loads(text) == {"name": NASTY}


def test_json_for_script_rejects_values_that_are_not_json():
    import pytest

    with pytest.raises(ValueError):
        json_for_script({"x": float("nan")})


def test_html_text_escapes_markup_and_quotes():
    assert html_text('<b a="1">\'&') == "&lt;b a=&quot;1&quot;&gt;&#x27;&amp;"


def test_inline_code_cannot_end_its_element():
    assert "</script" not in inline_code("var a = '</script>'; // </SCRIPT>").lower()
    assert "</style" not in inline_code("a::after { content: '</style>' }").lower()
