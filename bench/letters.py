"""Benchmark of the letter importer: chars/s and peak memory at 10 KB, 200 KB and 2 MB.

    .venv/bin/python bench/letters.py            # 10 KB, 200 KB, 2 MB; 3 rounds
    .venv/bin/python bench/letters.py --quick    # a few seconds: 10 KB and 200 KB, 1 round

Each input is real letters (the corpus under ``tests/letters/corpus`` and the
seed letter), each copy made a little different so that none is read as a
repeat, up to the size asked. In a fresh child process each (so that peak
memory is the run's own), ``read_letters`` and ``plan_import`` run on the
in-memory store; the baseline of the same run is a child that only decodes
the text and cuts it into lines and sentences, so the ratio says what the
reading rules cost over touching every character once. Linearity is the
chars/s at each size against the chars/s at 10 KB (1.0: linear).

Over HTTP (the Flask test client, no server): the plan-only import of the
largest text a request may carry (200,000 characters) and the refusal of a
760 KB text, median of the rounds.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"10 KB": 10_000, "200 KB": 200_000, "2 MB": 2_000_000}


def corpus_text(size: int) -> str:
    sys.path.insert(0, str(ROOT))
    from gcm_process.letters import seed_text
    from gcm_process.letters.inputs import letter_text

    sources = [seed_text()] + [
        letter_text(p.read_bytes(), p.name)
        for p in sorted((ROOT / "tests" / "letters" / "corpus").glob("*.txt"))
    ]
    parts: list[str] = []
    total, i = 0, 0
    while total < size:
        text = sources[i % len(sources)]
        varied = text.replace("Excellency,", f"Excellency, (copy {i})", 1)
        parts.append(varied)
        total += len(varied) + 3
        i += 1
    return "\n\n\n".join(parts)[:size]


def child(mode: str, size: int) -> dict[str, Any]:
    """Run in a fresh process: time and peak memory of planning (or the baseline)."""
    sys.path.insert(0, str(ROOT))
    from gcm_process.application import GcmProcess
    from gcm_process.config import Settings
    from gcm_process.letters import plan_import, read_letters
    from gcm_process.letters.text import normalise, paragraphs, sentences, to_lines

    text = corpus_text(size)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    if mode == "plan":
        app = GcmProcess(Settings(Path("unused"), "memory").application_env())
        plan = plan_import(app, read_letters(text))
        items = len(plan.commands) + len(plan.warnings)
    else:
        items = sum(len(sentences(p)) for p in paragraphs(to_lines(normalise(text))))
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"chars": len(text), "seconds": seconds, "items": items,
            "peak_mb": after / 1024, "growth_mb": (after - before) / 1024}  # fmt: skip


def run_child(mode: str, size: int) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--size", str(size)],
        check=True, capture_output=True, text=True, timeout=1200,
    )  # fmt: skip
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def http(rounds: int) -> dict[str, float]:
    sys.path.insert(0, str(ROOT))
    import tempfile

    from api.app import create_app
    from api.config import ApiConfig
    from gcm_process.config import Settings

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(ApiConfig(Settings(Path(tmp)), write_rate=None, views_poll_seconds=0))
        client = app.test_client()
        largest, refused = corpus_text(200_000), corpus_text(760_000)
        plan_s, refuse_s = [], []
        for _ in range(rounds):
            started = time.perf_counter()
            answer = client.post("/api/processes/bench/imports", data=largest,
                                 content_type="text/plain")  # fmt: skip
            plan_s.append(time.perf_counter() - started)
            assert answer.status_code == 200, answer.get_json()
            started = time.perf_counter()
            answer = client.post("/api/processes/bench/imports", data=refused,
                                 content_type="text/plain")  # fmt: skip
            refuse_s.append(time.perf_counter() - started)
            assert answer.status_code == 413
        app.extensions["gcm"].close()
    return {"plan_200k_chars_s": statistics.median(plan_s),
            "refuse_760kb_ms": statistics.median(refuse_s) * 1000}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "letters.json")
    parser.add_argument("--child", choices=["plan", "baseline"])
    parser.add_argument("--size", type=int)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.size)))
        return
    rounds = args.rounds or (1 if args.quick else 3)
    sizes = {k: v for k, v in SIZES.items() if not (args.quick and v > 200_000)}
    result: dict[str, Any] = {"rounds": rounds, "sizes": {}}
    first_rate = None
    for label, size in sizes.items():
        runs = [(run_child("plan", size), run_child("baseline", size)) for _ in range(rounds)]
        plan = {k: statistics.median(r[0][k] for r in runs) for k in runs[0][0]}
        base = {k: statistics.median(r[1][k] for r in runs) for k in runs[0][1]}
        rate = plan["chars"] / plan["seconds"]
        first_rate = first_rate or rate
        result["sizes"][label] = {
            "chars": plan["chars"], "plan_seconds": plan["seconds"], "chars_per_s": rate,
            "baseline_chars_per_s": base["chars"] / base["seconds"],
            "ratio_to_baseline": rate / (base["chars"] / base["seconds"]),
            "linearity": rate / first_rate, "peak_mb": plan["peak_mb"],
            "growth_mb": plan["growth_mb"], "commands_and_warnings": plan["items"],
        }  # fmt: skip
        row = result["sizes"][label]
        print(f"{label:>7}: {row['chars_per_s']:>10,.0f} chars/s ({row['plan_seconds']:.2f} s), "
              f"baseline {row['baseline_chars_per_s']:>12,.0f} chars/s, ratio "
              f"{row['ratio_to_baseline']:.3f}, linearity {row['linearity']:.2f}, peak "
              f"{row['peak_mb']:.0f} MB (+{row['growth_mb']:.0f} MB planning)")  # fmt: skip
    result["http"] = http(rounds)
    print(
        f"HTTP: plan of 200,000 characters {result['http']['plan_200k_chars_s']:.2f} s; "
        f"760 KB refused in {result['http']['refuse_760kb_ms']:.1f} ms"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
