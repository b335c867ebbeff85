# raytracer: a tiny Whitted-style ray tracer. A scene of spheres on a checkered
# plane, lit by two point lights with shadows and mirror reflections, is
# rendered to a W x W image (W from the first argument). Instead of writing the
# image, the program prints a checksum of the 8-bit pixel values.
from __future__ import annotations

import math
import sys


class Vec:
    def __init__(self, x: float, y: float, z: float) -> None:
        self.x = x
        self.y = y
        self.z = z

    def __add__(self, other: Vec) -> Vec:
        return Vec(self.x + other.x, self.y + other.y, self.z + other.z)

    def __sub__(self, other: Vec) -> Vec:
        return Vec(self.x - other.x, self.y - other.y, self.z - other.z)

    def __mul__(self, k: float) -> Vec:
        return Vec(self.x * k, self.y * k, self.z * k)

    def __neg__(self) -> Vec:
        return Vec(-self.x, -self.y, -self.z)

    def dot(self, other: Vec) -> float:
        return self.x * other.x + self.y * other.y + self.z * other.z

    def cross(self, other: Vec) -> Vec:
        return Vec(self.y * other.z - self.z * other.y,
                   self.z * other.x - self.x * other.z,
                   self.x * other.y - self.y * other.x)

    def length(self) -> float:
        return math.sqrt(self.dot(self))

    def normalized(self) -> Vec:
        return self * (1.0 / self.length())

    def mul_elem(self, other: Vec) -> Vec:
        return Vec(self.x * other.x, self.y * other.y, self.z * other.z)


class Ray:
    def __init__(self, origin: Vec, direction: Vec) -> None:
        self.origin = origin
        self.direction = direction

    def at(self, t: float) -> Vec:
        return self.origin + self.direction * t


class Material:
    def __init__(self, color: Vec, diffuse: float, specular: float,
                 reflect: float) -> None:
        self.color = color
        self.diffuse = diffuse
        self.specular = specular
        self.reflect = reflect


class Shape:
    def __init__(self, material: Material) -> None:
        self.material = material

    def intersect(self, ray: Ray) -> float:
        """Distance along the ray to the nearest hit, or -1.0 for a miss."""
        return -1.0

    def normal_at(self, point: Vec) -> Vec:
        return Vec(0.0, 1.0, 0.0)

    def color_at(self, point: Vec) -> Vec:
        return self.material.color


class Sphere(Shape):
    def __init__(self, center: Vec, radius: float, material: Material) -> None:
        super().__init__(material)
        self.center = center
        self.radius = radius

    def intersect(self, ray: Ray) -> float:
        oc = ray.origin - self.center
        b = oc.dot(ray.direction)
        c = oc.dot(oc) - self.radius * self.radius
        disc = b * b - c
        if disc < 0.0:
            return -1.0
        sq = math.sqrt(disc)
        t = -b - sq
        if t > 1e-6:
            return t
        t = -b + sq
        if t > 1e-6:
            return t
        return -1.0

    def normal_at(self, point: Vec) -> Vec:
        return (point - self.center).normalized()


class Plane(Shape):
    def __init__(self, point: Vec, normal: Vec, material: Material,
                 check: Vec) -> None:
        super().__init__(material)
        self.point = point
        self.normal = normal.normalized()
        self.check = check

    def intersect(self, ray: Ray) -> float:
        denom = self.normal.dot(ray.direction)
        if abs(denom) < 1e-9:
            return -1.0
        t = (self.point - ray.origin).dot(self.normal) / denom
        return t if t > 1e-6 else -1.0

    def normal_at(self, point: Vec) -> Vec:
        return self.normal

    def color_at(self, point: Vec) -> Vec:
        if (math.floor(point.x) + math.floor(point.z)) % 2 == 0:
            return self.material.color
        return self.check


class Light:
    def __init__(self, position: Vec, color: Vec) -> None:
        self.position = position
        self.color = color


class Scene:
    def __init__(self) -> None:
        self.shapes: list[Shape] = []
        self.lights: list[Light] = []
        self.ambient = Vec(0.08, 0.08, 0.1)
        self.background = Vec(0.2, 0.3, 0.5)

    def nearest(self, ray: Ray) -> tuple[float, Shape | None]:
        best_t = math.inf
        best: Shape | None = None
        for shape in self.shapes:
            t = shape.intersect(ray)
            if 0.0 < t < best_t:
                best_t = t
                best = shape
        return best_t, best

    def shadowed(self, point: Vec, light: Light) -> bool:
        to_light = light.position - point
        dist = to_light.length()
        ray = Ray(point, to_light * (1.0 / dist))
        for shape in self.shapes:
            t = shape.intersect(ray)
            if 0.0 < t < dist:
                return True
        return False

    def trace(self, ray: Ray, depth: int) -> Vec:
        t, shape = self.nearest(ray)
        if shape is None:
            return self.background
        point = ray.at(t)
        normal = shape.normal_at(point)
        if normal.dot(ray.direction) > 0.0:
            normal = -normal
        base = shape.color_at(point)
        mat = shape.material
        color = base.mul_elem(self.ambient)
        for light in self.lights:
            if self.shadowed(point, light):
                continue
            to_light = (light.position - point).normalized()
            lambert = normal.dot(to_light)
            if lambert > 0.0:
                color = color + base.mul_elem(light.color) * (lambert * mat.diffuse)
            half = (to_light - ray.direction).normalized()
            spec = normal.dot(half)
            if spec > 0.0:
                color = color + light.color * (mat.specular * spec ** 32)
        if depth < 3 and mat.reflect > 0.0:
            d = ray.direction
            reflected = d - normal * (2.0 * d.dot(normal))
            color = color + self.trace(Ray(point, reflected), depth + 1) * mat.reflect
        return color


def build_scene() -> Scene:
    scene = Scene()
    scene.shapes.append(Plane(Vec(0.0, 0.0, 0.0), Vec(0.0, 1.0, 0.0),
                              Material(Vec(0.9, 0.9, 0.9), 0.8, 0.1, 0.2),
                              Vec(0.15, 0.15, 0.15)))
    scene.shapes.append(Sphere(Vec(0.0, 1.0, 3.0), 1.0,
                               Material(Vec(0.9, 0.2, 0.2), 0.7, 0.5, 0.3)))
    scene.shapes.append(Sphere(Vec(-2.2, 0.7, 4.0), 0.7,
                               Material(Vec(0.2, 0.8, 0.3), 0.8, 0.3, 0.1)))
    scene.shapes.append(Sphere(Vec(2.0, 0.8, 2.5), 0.8,
                               Material(Vec(0.3, 0.4, 0.95), 0.6, 0.8, 0.5)))
    scene.shapes.append(Sphere(Vec(0.6, 0.3, 1.2), 0.3,
                               Material(Vec(0.95, 0.85, 0.2), 0.9, 0.2, 0.0)))
    scene.lights.append(Light(Vec(-4.0, 6.0, -2.0), Vec(0.8, 0.8, 0.8)))
    scene.lights.append(Light(Vec(5.0, 4.0, 0.0), Vec(0.4, 0.35, 0.3)))
    return scene


def to_byte(c: float) -> int:
    v = int(c * 255.0 + 0.5)
    if v < 0:
        return 0
    if v > 255:
        return 255
    return v


def render(scene: Scene, width: int, height: int) -> tuple[int, int]:
    eye = Vec(0.0, 1.6, -3.0)
    target = Vec(0.0, 0.8, 3.0)
    forward = (target - eye).normalized()
    right = Vec(0.0, 1.0, 0.0).cross(forward).normalized()
    up = forward.cross(right)
    fov = math.tan(math.radians(55.0) / 2.0)
    aspect = width / height
    checksum = 0
    bright = 0
    for j in range(height):
        for i in range(width):
            px = (2.0 * (i + 0.5) / width - 1.0) * fov * aspect
            py = (1.0 - 2.0 * (j + 0.5) / height) * fov
            direction = (forward + right * px + up * py).normalized()
            c = scene.trace(Ray(eye, direction), 0)
            r = to_byte(c.x)
            g = to_byte(c.y)
            b = to_byte(c.z)
            checksum = (checksum * 31 + r * 65536 + g * 256 + b) % 1000000007
            if r + g + b > 384:
                bright += 1
    return checksum, bright


def main() -> None:
    size = 140
    if len(sys.argv) > 1:
        size = int(sys.argv[1])
    scene = build_scene()
    checksum, bright = render(scene, size, size)
    print(f"image: {size}x{size}")
    print(f"checksum: {checksum}")
    print(f"bright pixels: {bright}")


if __name__ == "__main__":
    main()
