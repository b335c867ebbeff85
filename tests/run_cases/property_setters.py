"""@property getters with @x.setter: stores through the setter (validation, side effects), nested owners."""


class Temp:
    def __init__(self) -> None:
        self._c = 0.0
        self.log: list[float] = []

    @property
    def celsius(self) -> float:
        return self._c

    @celsius.setter
    def celsius(self, v: float) -> None:
        if v < -273.15:
            raise ValueError("below absolute zero")
        self._c = v
        self.log.append(v)

    @property
    def fahrenheit(self) -> float:
        return self._c * 9 / 5 + 32


class Holder:
    def __init__(self) -> None:
        self.t = Temp()


def main() -> None:
    t = Temp()
    t.celsius = 21.5
    print(t.celsius, t.fahrenheit)
    t.celsius = t.celsius + 1
    print(t.celsius, t.log)
    t.celsius += 0.5
    print(t.celsius)
    h = Holder()
    h.t.celsius = 5
    h.t.celsius *= 3
    print(h.t.fahrenheit)
    try:
        t.celsius = -300
    except ValueError as e:
        print("error:", e)
    print(t.log)


main()
