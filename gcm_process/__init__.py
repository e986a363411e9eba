"""gcm-process: the official record of a negotiation process, as events."""

__version__ = "0.1.0"
