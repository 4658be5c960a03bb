"""trustlint.reporters.jsontext writes exactly json.dumps(value, indent=2, ensure_ascii=False)."""
from __future__ import annotations

import json
import math
from enum import Enum, IntEnum

from hypothesis import given, settings
from hypothesis import strategies as st

from trustlint.reporters import jsontext

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                    st.text())
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.lists(inner, max_size=3).map(tuple),
    st.dictionaries(st.text(max_size=6), inner, max_size=4)), max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(values, st.integers(min_value=0, max_value=4))
def test_same_text_as_json_dumps(value, depth):
    expected = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * depth)
    assert jsontext.dumps(value, depth) == expected


class Colour(str, Enum):
    RED = "red"


class Level(IntEnum):
    HIGH = 3


def test_values_json_handles_specially_are_left_to_json():
    # str/int subclasses, non-str keys, special floats, control characters and non-ASCII text
    value = {"a": [Colour.RED, Level.HIGH, True, None, math.inf, -math.inf, 1e-05, 1e16],
             "nested": {7: "int key", None: "none key", 2.5: "float key", False: "bool key"},
             "text": "tab\there \"quoted\" back\\slash \x00\x1f \u2028 caf\u00e9 \U0001F600",
             "empty": [{}, [], ()]}
    for depth in (0, 2):
        assert jsontext.dumps(value, depth) == json.dumps(value, indent=2, ensure_ascii=False).replace(
            "\n", "\n" + "  " * depth)
    assert jsontext.dumps(math.nan) == "NaN"
