"""Sales report from a CSV file: per-region and per-product totals, a monthly revenue series, and a summary CSV.

usage: csv_stats.py records.csv [summary.csv]
"""

import csv
import sys


def main() -> None:
    path = sys.argv[1]
    out_path = sys.argv[2] if len(sys.argv) > 2 else "summary.csv"
    revenue_by_region: dict[str, float] = {}
    orders_by_region: dict[str, int] = {}
    units_by_product: dict[str, int] = {}
    revenue_by_month: dict[str, float] = {}
    customers: set[str] = set()
    rows = 0
    total = 0.0
    biggest = 0.0
    biggest_id = ""
    with_notes = 0
    multiline_notes = 0
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        col = {name: i for i, name in enumerate(header)}
        i_region, i_product, i_qty, i_price = col["region"], col["product"], col["quantity"], col["unit_price"]
        i_date, i_customer, i_note, i_id = col["date"], col["customer"], col["note"], col["id"]
        for row in reader:
            qty = int(row[i_qty])
            amount = qty * float(row[i_price])
            region = row[i_region]
            revenue_by_region[region] = revenue_by_region.get(region, 0.0) + amount
            orders_by_region[region] = orders_by_region.get(region, 0) + 1
            units_by_product[row[i_product]] = units_by_product.get(row[i_product], 0) + qty
            month = row[i_date][:7]
            revenue_by_month[month] = revenue_by_month.get(month, 0.0) + amount
            customers.add(row[i_customer])
            if row[i_note]:
                with_notes += 1
                if "\n" in row[i_note]:
                    multiline_notes += 1
            if amount > biggest:
                biggest = amount
                biggest_id = row[i_id]
            total += amount
            rows += 1
    print(f"rows: {rows}")
    print(f"columns: {', '.join(header)}")
    print(f"total revenue: {total:.2f}")
    print(f"mean order: {total / max(rows, 1):.4f}")
    print(f"largest order: {biggest:.2f} (id {biggest_id})")
    print(f"distinct customers: {len(customers)}; notes: {with_notes} ({multiline_notes} multi-line)")
    print("revenue by region:")
    for region in sorted(revenue_by_region, key=lambda r: -revenue_by_region[r]):
        share = 100.0 * revenue_by_region[region] / total if total else 0.0
        print(f"  {region:<14} {orders_by_region[region]:>9} orders {revenue_by_region[region]:>16.2f} {share:6.2f}%")
    print("units by product:")
    for product, units in sorted(units_by_product.items()):
        print(f"  {product:<12} {units:>10}")
    months = sorted(revenue_by_month)
    print(f"months: {len(months)}; first {months[0] if months else '-'}; last {months[-1] if months else '-'}")
    with open(out_path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["region", "orders", "revenue", "mean_order", "note"])
        for region in sorted(revenue_by_region):
            n = orders_by_region[region]
            w.writerow([region, n, f"{revenue_by_region[region]:.2f}", round(revenue_by_region[region] / n, 4),
                        "top, by revenue" if region == max(revenue_by_region, key=lambda r: revenue_by_region[r])
                        else ""])
    with open(out_path, newline="") as f:
        print(f"summary: {len(f.read())} chars in {len(revenue_by_region) + 1} rows")


main()
