"""A second entry point, needing geo only."""
from geo.point import Point, origin

print(origin().dist(Point(3.0, 4.0)))
