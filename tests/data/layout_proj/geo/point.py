"""A 2-D point."""
import math
from dataclasses import dataclass


@dataclass
class Point:
    x: float
    y: float

    def dist(self, other: "Point") -> float:
        return math.hypot(self.x - other.x, self.y - other.y)


def origin() -> Point:
    return Point(0.0, 0.0)


def scale() -> int:
    return 2
