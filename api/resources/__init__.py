"""The endpoints, one blueprint per resource."""
