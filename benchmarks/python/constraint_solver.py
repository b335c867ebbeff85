# constraint_solver: a backtracking Sudoku solver with constraint propagation.
# N puzzles (first argument) are generated deterministically: a valid grid is
# shuffled (digits, rows within bands, columns within stacks) by a linear
# congruential generator and cells are blanked. Each puzzle is solved by
# depth-first search choosing the cell with the fewest candidates; the solver
# counts solutions (stopping at 2) and the program prints totals and checksums.
from __future__ import annotations

import sys


class Lcg:
    def __init__(self, seed: int) -> None:
        self.state = seed

    def next(self) -> int:
        self.state = (self.state * 1103515245 + 12345) % 2147483648
        return self.state

    def below(self, n: int) -> int:
        return (self.next() >> 8) % n

    def shuffle(self, items: list[int]) -> None:
        for i in range(len(items) - 1, 0, -1):
            j = self.below(i + 1)
            items[i], items[j] = items[j], items[i]


ALL_DIGITS = 0x3FE  # bits 1..9


class Sudoku:
    def __init__(self, cells: list[int]) -> None:
        self.cells: list[int] = list(cells)
        self.rows: list[int] = [0] * 9
        self.cols: list[int] = [0] * 9
        self.boxes: list[int] = [0] * 9
        self.nodes = 0
        self.solutions = 0
        self.first: list[int] = []
        for idx, d in enumerate(self.cells):
            if d != 0:
                self.set_bit(idx, d)

    @staticmethod
    def box_of(idx: int) -> int:
        return (idx // 27) * 3 + (idx % 9) // 3

    def set_bit(self, idx: int, d: int) -> None:
        bit = 1 << d
        self.rows[idx // 9] |= bit
        self.cols[idx % 9] |= bit
        self.boxes[Sudoku.box_of(idx)] |= bit

    def clear_bit(self, idx: int, d: int) -> None:
        mask = ~(1 << d)
        self.rows[idx // 9] &= mask
        self.cols[idx % 9] &= mask
        self.boxes[Sudoku.box_of(idx)] &= mask

    def candidates(self, idx: int) -> int:
        used = self.rows[idx // 9] | self.cols[idx % 9] | self.boxes[Sudoku.box_of(idx)]
        return ALL_DIGITS & ~used

    def choose_cell(self) -> tuple[int, int]:
        """The empty cell with the fewest candidates: (index, mask), or (-1, 0)."""
        best = -1
        best_mask = 0
        best_count = 10
        for idx in range(81):
            if self.cells[idx] != 0:
                continue
            mask = self.candidates(idx)
            count = bin(mask).count("1")
            if count < best_count:
                best = idx
                best_mask = mask
                best_count = count
                if count <= 1:
                    break
        return best, best_mask

    def search(self, limit: int) -> None:
        if self.solutions >= limit:
            return
        self.nodes += 1
        idx, mask = self.choose_cell()
        if idx < 0:
            self.solutions += 1
            if not self.first:
                self.first = list(self.cells)
            return
        for d in range(1, 10):
            if mask & (1 << d):
                self.cells[idx] = d
                self.set_bit(idx, d)
                self.search(limit)
                self.clear_bit(idx, d)
                self.cells[idx] = 0
                if self.solutions >= limit:
                    return


def base_grid() -> list[int]:
    return [(r * 3 + r // 3 + c) % 9 + 1 for r in range(9) for c in range(9)]


def make_puzzle(rng: Lcg, blanks: int) -> list[int]:
    grid = base_grid()
    digits = list(range(1, 10))
    rng.shuffle(digits)
    row_order: list[int] = []
    col_order: list[int] = []
    for band in range(3):
        inner = [0, 1, 2]
        rng.shuffle(inner)
        row_order.extend(band * 3 + k for k in inner)
        inner = [0, 1, 2]
        rng.shuffle(inner)
        col_order.extend(band * 3 + k for k in inner)
    puzzle = [0] * 81
    for r in range(9):
        for c in range(9):
            puzzle[r * 9 + c] = digits[grid[row_order[r] * 9 + col_order[c]] - 1]
    positions = list(range(81))
    rng.shuffle(positions)
    for p in positions[:blanks]:
        puzzle[p] = 0
    return puzzle


def main() -> None:
    count = 400
    if len(sys.argv) > 1:
        count = int(sys.argv[1])
    rng = Lcg(20240607)
    unique = 0
    multiple = 0
    total_nodes = 0
    checksum = 0
    for n in range(count):
        puzzle = make_puzzle(rng, 44 + n % 16)
        solver = Sudoku(puzzle)
        solver.search(2)
        total_nodes += solver.nodes
        if solver.solutions == 1:
            unique += 1
        elif solver.solutions > 1:
            multiple += 1
        for i, d in enumerate(solver.first):
            checksum = (checksum * 7 + d * (i + 1)) % 1000003
    print(f"puzzles: {count}")
    print(f"unique: {unique}, multiple: {multiple}")
    print(f"search nodes: {total_nodes}")
    print(f"checksum: {checksum}")


if __name__ == "__main__":
    main()
