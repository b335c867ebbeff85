"""Loads a whole CSV dataset into memory as a list of records, then reports on it (the memory workload).

usage: load_rows.py records.csv
"""

import csv
import sys
from dataclasses import dataclass


@dataclass
class Sale:
    id: int
    date: str
    region: str
    product: str
    customer: str
    quantity: int
    unit_price: float
    note: str


def load(path: str) -> list[Sale]:
    sales: list[Sale] = []
    with open(path, newline="") as f:
        for rec in csv.DictReader(f):
            sales.append(Sale(int(rec["id"]), rec["date"], rec["region"], rec["product"], rec["customer"],
                              int(rec["quantity"]), float(rec["unit_price"]), rec["note"]))
    return sales


def main() -> None:
    sales = load(sys.argv[1])
    units = sum(s.quantity for s in sales)
    revenue = sum(s.quantity * s.unit_price for s in sales)
    print(f"records: {len(sales)}")
    print(f"units: {units}")
    print(f"revenue: {revenue:.2f}")
    if sales:
        print(f"first: {sales[0]}")
        print(f"last id: {sales[-1].id}")


main()
