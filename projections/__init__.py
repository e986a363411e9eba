"""Read models: views of the event log in SQLite, kept current and rebuilt on demand."""

from gcm_process.domain.point import Point, parse_as_of, parse_known_on
from projections import queries
from projections.views import Views

__all__ = ["Point", "Views", "parse_as_of", "parse_known_on", "queries"]
