"""The state text the views store is ``json.dumps`` of the state, whatever it keeps written."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from gcm_process.domain.places import PALAIS_DES_NATIONS, UN_HEADQUARTERS
from gcm_process.domain.session_state import DayForm, SessionState
from projections.session_rows import StateText

texts = st.text(max_size=8)
day = st.builds(
    DayForm,
    st.sampled_from(("2018-02-12", "2018-02-13")),
    st.sampled_from((None, "10:00")),
    st.sampled_from((None, "13:00")),
    st.one_of(st.none(), texts),
    st.sampled_from((UN_HEADQUARTERS, PALAIS_DES_NATIONS)),
    st.sampled_from(("in_person", "hybrid")),
)
states = st.builds(
    SessionState,
    st.sampled_from(("round-1", 'say "two"')),
    st.sampled_from(("round", "other")),
    st.one_of(st.none(), st.integers(1, 3)),
    texts,
    st.sampled_from(("scheduled", "postponed")),
    st.integers(1, 10**6),
    st.lists(day, max_size=3).map(tuple),
    st.one_of(st.none(), texts),
)


@given(st.lists(states, min_size=1, max_size=30), st.data())
def test_the_text_of_every_state_is_its_json(
    found: list[SessionState], data: st.DataObject
) -> None:
    """States of sessions sharing slugs and days tuples, in any order, with repeats."""
    text = StateText()
    for state in found + data.draw(st.permutations(found)):
        assert text(state) == json.dumps(state.as_json(), ensure_ascii=False)
