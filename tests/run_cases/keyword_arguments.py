"""Keyword-only parameters, *args and **kwargs (packed in call order), on functions and methods."""


def scaled(a: int, *, scale: int = 2, offset: int = 0) -> int:
    return a * scale + offset


def total(*args: int, **kwargs: int) -> int:
    t = sum(args)
    for k, v in kwargs.items():
        print(" ", k, "=", v)
        t += v
    return t


def tag(name: str, **attrs: str) -> str:
    parts = [name]
    for k in attrs:
        parts.append(f'{k}="{attrs[k]}"')
    extra = "" if "id" in attrs else " (no id)"
    return "<" + " ".join(parts) + ">" + extra


class Config:
    def __init__(self, name: str) -> None:
        self.name = name
        self.values: dict[str, float] = {}

    def update(self, *, strict: bool = False, **values: float) -> int:
        for k, v in values.items():
            if strict and k not in self.values:
                print("skip", k)
                continue
            self.values[k] = v
        return len(values)


def main() -> None:
    print(scaled(3), scaled(3, scale=5), scaled(1, offset=7, scale=1))
    print(total(1, 2, 3, x=10, y=20))
    print(total())
    print(total(z=5, a=1))
    print(tag("div", id="main", cls="wide"))
    print(tag("span"))
    c = Config("c")
    print(c.update(alpha=0.5, beta=2.0))
    print(c.update(strict=True, beta=3.0, gamma=1.0))
    print(c.values)


if __name__ == "__main__":
    main()
