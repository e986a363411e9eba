"""A trivial Flask app under the very gunicorn settings of ``gcm-process serve``.

The baseline of ``bench/api.py``: the same ``GunicornServer`` (worker class,
workers, timeouts, logging), only another app.

* ``GET /get``: a small JSON document;
* ``POST /post``: one row inserted into a SQLite file in WAL with
  ``synchronous=FULL`` (what the event store does for a durable write),
  answered 201 with the row as JSON.

    .venv/bin/python bench/trivial_app.py --data DIR --port 8141 --workers 2
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask import Flask, g, jsonify, request  # noqa: E402

from api.config import ApiConfig  # noqa: E402
from api.server import GunicornServer, ServeOptions  # noqa: E402
from gcm_process.config import Settings  # noqa: E402


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    return conn


def trivial_app(path: Path) -> Flask:
    app = Flask("trivial")

    def db() -> sqlite3.Connection:
        if "db" not in g:
            g.db = connect(path)
        conn: sqlite3.Connection = g.db
        return conn

    @app.teardown_appcontext
    def close(_: object) -> None:
        conn = g.pop("db", None)
        if conn is not None:
            conn.close()

    @app.get("/get")
    def get() -> Any:
        return jsonify({"status": "ok", "items": [1, 2, 3]})

    @app.post("/post")
    def post() -> Any:
        body = request.get_json(force=True)
        cursor = db().execute("INSERT INTO rows (body) VALUES (?)", (request.data.decode(),))
        return jsonify({"id": cursor.lastrowid, "body": body}), 201

    return app


class TrivialServer(GunicornServer):
    def load(self) -> Any:
        return trivial_app(self.api_config.settings.data_dir / "trivial.sqlite")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    args.data.mkdir(parents=True, exist_ok=True)
    conn = connect(args.data / "trivial.sqlite")
    conn.execute("CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, body TEXT)")
    conn.close()
    options = ServeOptions(port=args.port, workers=args.workers)
    TrivialServer(ApiConfig(settings=Settings(args.data)), options).run()


if __name__ == "__main__":
    main()
