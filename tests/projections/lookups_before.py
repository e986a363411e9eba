"""The as-of lookups as they were before the views' migration ``008_covering_lookups``,
kept to test the current ones against (``test_as_of_lookups``) and to measure them
side by side (``bench/views.py --previous``)."""

#: Each session's row read from the table after the index search, its ``t_to`` tested there.
READING_ROWS = {
    "as_of": """
        SELECT st.json FROM sessions x
        JOIN session_rows r ON r.id = (
            SELECT c.id FROM session_rows c
            WHERE c.session_key = x.key AND c.d_to IS NULL AND c.t_from <= :t
            ORDER BY c.t_from DESC LIMIT 1
        )
        JOIN session_states st ON st.id = r.state_id
        WHERE x.process_key = :p AND (r.t_to IS NULL OR r.t_to > :t)
    """,
    "known_on": """
        SELECT st.json FROM sessions x
        JOIN session_rows r ON r.id = (
            SELECT c.id FROM session_rows c
            WHERE c.session_key = x.key AND c.t_from <= :t AND c.d_from = (
                SELECT b.d FROM session_bounds b
                WHERE b.session_key = x.key AND b.d <= :d AND b.t <= :t
                ORDER BY b.d DESC LIMIT 1
            )
            ORDER BY c.t_from DESC LIMIT 1
        )
        JOIN session_states st ON st.id = r.state_id
        WHERE x.process_key = :p AND (r.t_to IS NULL OR r.t_to > :t)
    """,
}
