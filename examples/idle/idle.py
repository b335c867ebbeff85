"""An idle process: starts, prints one line and exits (the memory table's "Idle process" row)."""


def main() -> None:
    print("idle")


if __name__ == "__main__":
    main()
