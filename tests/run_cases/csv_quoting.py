"""csv.writer/reader/DictWriter/DictReader round trips: quoting, delimiters, embedded quotes and newlines."""

import csv
import os


def main() -> None:
    folder = "."
    path = os.path.join(folder, "rows.csv")
    rows = [["name", "note", "n"], ["plain", "has,comma", "1"], ["quote\"d", "line\nbreak", "2"],
            ["", " lead space", "3"], ["tab\there", "semi;colon", "-4"]]
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        for r in rows:
            w.writerow(r)
        w.writerow(["mixed", 5, 2.5, True, None])
        w.writerow((7, "tuple"))
        w.writerows([["x", "y"], ["z", ""]])
        w.writerow([""])
        w.writerow([])
    with open(path, newline="") as f:
        text = f.read()
    print(repr(text))
    with open(path, newline="") as f:
        for row in csv.reader(f):
            print(len(row), row)
    semi = os.path.join(folder, "semi.csv")
    with open(semi, "w", newline="") as f:
        w = csv.writer(f, delimiter=";", quoting=csv.QUOTE_ALL)
        w.writerows([["a", "b;c"], ["1", "2"]])
        w2 = csv.writer(f, delimiter="|", lineterminator="\n")
        w2.writerow(["p|q", "r"])
    with open(semi, newline="") as f:
        print(repr(f.read()))
    with open(semi, newline="") as f:
        reader = csv.reader(f, delimiter=";")
        header = next(reader)
        print("header", header)
        for row in reader:
            print(row)
    people = os.path.join(folder, "people.csv")
    with open(people, "w", newline="") as f:
        dw = csv.DictWriter(f, fieldnames=["name", "age", "city"])
        dw.writeheader()
        dw.writerow({"name": "Ann", "age": 31, "city": "Oslo, NO"})
        dw.writerow({"name": "Bob", "age": 45})
        dw.writerows([{"name": "Cé", "city": "Zürich"}])
    with open(people, newline="") as f:
        for rec in csv.DictReader(f):
            print(rec["name"], "|", rec["age"], "|", rec["city"], "|", sorted(rec.keys()))
    counts: dict[str, int] = {}
    with open(people, newline="") as f:
        rd = csv.reader(f)
        next(rd)
        for row in rd:
            counts[row[2] or "?"] = counts.get(row[2] or "?", 0) + 1
    print(sorted(counts.items()))
    for name in ["rows.csv", "semi.csv", "people.csv"]:
        print(name, os.path.getsize(os.path.join(folder, name)), name in os.listdir(folder))
        os.remove(os.path.join(folder, name))


main()
