def has(words: list[str], w: str) -> bool:
    return w in words


if __name__ == "__main__":
    ws = ["a", "bc"]
    print(has(ws, "bc"), "x" in ws, 7 // -2, -7 % 3, 2 ** 10, 1e16, 0.1 + 0.2, [1.5, 2.0], {"k": [1]})
    try:
        print(int("x"))
    except ValueError as e:
        print("err", e)
    d = {"a": 1}
    print(d["zz"])
