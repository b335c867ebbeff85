"""Writes a deterministic sales CSV of about the requested size: `python3 gen_data.py --mb 100 records.csv`."""

import csv
import sys

REGIONS = ["North", "South", "East", "West", "Central", "Île-de-France", "Zürich"]
PRODUCTS = ["widget", "gadget", "doohickey", "gizmo", "sprocket", "thingamajig", "whatsit", "contraption"]
NAMES = ["Ann Lee", "Bob \"Bobby\" Ray", "Smith, John", "Zoë Ågren", "Li Wei", "María José", "O'Neil"]


def main() -> None:
    mb = 1
    path = "records.csv"
    args = sys.argv[1:]
    i = 0
    while i < len(args):
        if args[i] == "--mb":
            mb = int(args[i + 1])
            i += 2
        else:
            path = args[i]
            i += 1
    target = mb * 1024 * 1024
    written = 0
    seed = 12345
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "date", "region", "product", "customer", "quantity", "unit_price", "note"])
        n = 0
        while written < target:
            seed = (seed * 1103515245 + 12345) % 2147483648
            qty = 1 + seed % 50
            price = (seed // 50) % 100000 / 100.0
            day = 1 + seed % 28
            month = 1 + (seed // 28) % 12
            note = "" if seed % 5 else "rush, fragile" if seed % 2 else "call \"before\" delivery\nat gate"
            row = [str(n), f"2024-{month:02d}-{day:02d}", REGIONS[seed % len(REGIONS)],
                   PRODUCTS[(seed // 7) % len(PRODUCTS)], NAMES[(seed // 3) % len(NAMES)], str(qty), str(price), note]
            written += w.writerow(row)
            n += 1


main()
