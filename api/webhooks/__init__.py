"""Webhooks: each change of a process POSTed, signed, to the URLs an admin registered.

``store`` keeps the registrations and the delivery log (``webhooks.sqlite`` in
the data directory), ``signing`` signs a body and checks a signature (what a
receiver does), ``deliver`` sends each registration its changes in order,
retrying with exponential backoff until acknowledged.
"""
