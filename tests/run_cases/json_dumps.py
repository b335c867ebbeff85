"""json.dumps and json.loads: float repr, separators, indent, sort_keys, ensure_ascii, mixed-value dicts."""

import json
from typing import Any


def record(i: int) -> dict[str, Any]:
    return {"id": i, "name": f"item-{i}", "score": i / 3, "ok": i % 2 == 0, "tags": ["a", "b"][: i % 3],
            "parent": None if i == 0 else i - 1}


def main() -> None:
    floats = [0.1, 1e16, 1e-7, -0.0, 5e-324, 1.5, 2.0, 123456789.0, 1e22, float("inf"), float("-inf"), float("nan")]
    print(json.dumps(floats))
    print(json.dumps([9223372036854775807, -9223372036854775807, 0]))
    nested = {"b": [[3, 4], [], [5]], "a": {"y": {}, "x": [True, False, None]}}
    print(json.dumps(nested))
    print(json.dumps(nested, sort_keys=True))
    print(json.dumps(nested, indent=2))
    print(json.dumps(nested, indent=0))
    print(json.dumps(nested, indent="\t", sort_keys=True))
    print(json.dumps(nested, separators=(",", ":")))
    print(json.dumps(nested, indent=4, separators=(", ", " = ")))
    text = "héllo \"wörld\"\n\t\\ 😀 \x7f \x01 ✓"
    print(json.dumps(text))
    print(json.dumps(text, ensure_ascii=False))
    print(json.dumps({"ключ": "значение", "emoji": "🎉"}, ensure_ascii=False))
    print(json.dumps({1: "one", 2: "two"}))
    print(json.dumps({True: 1}))
    print(json.dumps((1, "two", 3.0)))
    print(json.dumps("plain"), json.dumps(42), json.dumps(None), json.dumps(True), json.dumps(-1.25))
    recs = [record(i) for i in range(4)]
    print(json.dumps(recs))
    print(json.dumps(recs[1], indent=2, sort_keys=True))
    back = json.loads(json.dumps(recs))
    print(len(back), back[1]["name"], back[2]["tags"], back[0]["parent"], back[3]["score"])
    print(back[1])
    doc = json.loads('{"z": 1, "a": [1.5, 2, "x", null, true], "n": {"k": -3e-5}}')
    print(doc)
    print(json.dumps(doc, sort_keys=True))
    count: int = doc["z"]
    values: list[Any] = doc["a"]
    print(count + 1, len(values), doc["n"]["k"])
    for key in doc:
        print("key", key)
    print(doc["a"][3] is None, doc["a"][0] is None, doc["n"] is not None)
    weights: dict[str, float] = json.loads('{"a": 1.5, "b": 2}')
    print(sum(weights.values()), len(weights))


main()
