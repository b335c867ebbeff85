"""Builds order records (dicts of str, int, float, bool, None and list values) and serializes them with json.

usage: json_dump.py words.txt COUNT out.json
Prints the size and a checksum of the JSON text, a pretty-printed sample and a round trip through json.loads.
"""

import json
import sys
from typing import Any

CITIES = ["Zürich", "São Paulo", "Kraków", "東京", "New York", "Reykjavík", "Zagreb", "Łódź"]
STATUS = ["new", "paid", "shipped", "returned"]


def make_record(i: int, words: list[str]) -> dict[str, Any]:
    k = (i * 2654435761) % 4294967296
    tags = [words[(k >> s) % len(words)] for s in range(0, 3 * (k % 3), 3)]
    return {
        "id": i,
        "customer": words[k % len(words)] + " " + words[(k >> 7) % len(words)],
        "city": CITIES[k % len(CITIES)],
        "amount": (k % 1000003) / 100.0,
        "ratio": i / 7,
        "quantity": k % 97,
        "express": k % 5 == 0,
        "status": STATUS[k % len(STATUS)],
        "tags": tags,
        "parent": None if i % 4 else i // 4,
        "big": k * 1000003 if i % 1000 == 0 else -k,
    }


def checksum(text: str) -> int:
    h = 0
    for ch in text[::977]:
        h = (h * 31 + ord(ch)) % 1000000007
    return h


def main() -> None:
    with open(sys.argv[1]) as f:
        words = [w.strip() for w in f if w.strip()]
    count = int(sys.argv[2])
    out_path = sys.argv[3] if len(sys.argv) > 3 else "records.json"
    records = [make_record(i, words) for i in range(count)]
    text = json.dumps(records)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"records: {len(records)}")
    print(f"json chars: {len(text)}")
    print(f"checksum: {checksum(text)}")
    print(f"head: {text[:240]}")
    print(f"tail: {text[-160:]}")
    if records:
        print(json.dumps(records[-1], indent=2, sort_keys=True, ensure_ascii=False))
        print(json.dumps(records[0], separators=(",", ":")))
    sample = json.loads(json.dumps(records[:2000]))
    total_quantity = 0
    express = 0
    for rec in sample:
        quantity: int = rec["quantity"]
        total_quantity += quantity
        if rec["express"]:
            express += 1
    print(f"round trip: {len(sample)} records, quantity {total_quantity}, express {express}")
    with open(out_path, encoding="utf-8") as f:
        print(f"file chars: {len(f.read())}")


main()
