"""Read models: views of the event log in SQLite, kept current and rebuilt on demand."""

from projections import queries
from projections.parsing import parse_as_of, parse_known_on
from projections.views import Views

__all__ = ["Views", "parse_as_of", "parse_known_on", "queries"]
