"""Summary statistics over a list of integers."""

from dataclasses import dataclass


@dataclass
class Summary:
    count: int
    total: int
    smallest: int
    largest: int

    def mean(self) -> float:
        if self.count == 0:
            return 0.0
        return self.total / self.count


def summarize(values: list[int]) -> Summary:
    if not values:
        return Summary(0, 0, 0, 0)
    return Summary(len(values), sum(values), min(values), max(values))


def histogram(values: list[int], width: int) -> list[str]:
    """One bar of `#` per distinct value, longest bar `width` wide."""
    counts: dict[int, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    top = max(counts.values()) if counts else 1
    rows: list[str] = []
    for v in sorted(counts):
        rows.append(f"{v:>4} {'#' * (counts[v] * width // top)}")
    return rows
