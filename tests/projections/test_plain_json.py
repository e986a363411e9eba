"""The stored JSON reads the same by the fast reader as by the library's ``json``."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from projections.events import _slow_plain_json, plain_json

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=6), inner, max_size=4)
        | st.builds(lambda name, data: {"_type_": name, "_data_": data}, st.text(max_size=8), inner)
    ),
    max_leaves=20,
)


@given(values)
def test_the_fast_reader_reads_what_json_reads(value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False)
    assert plain_json(text) == _slow_plain_json(text)


def test_an_integer_beyond_64_bits_is_read_exactly() -> None:
    text = '{"number": 123456789012345678901234567890, "days": []}'
    assert plain_json(text)["number"] == 123456789012345678901234567890
