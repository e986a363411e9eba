"""marshmallow schemas of the API: bodies in, resources out, query arguments."""
