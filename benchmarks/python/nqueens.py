# nqueens: count every placement of N non-attacking queens on an N x N board
# (N from the first argument) by backtracking over columns and diagonals, and
# print the number of solutions together with the first one found.
import sys


class Board:
    def __init__(self, n: int) -> None:
        self.n = n
        self.cols: list[bool] = [False] * n
        self.diag1: list[bool] = [False] * (2 * n - 1)
        self.diag2: list[bool] = [False] * (2 * n - 1)
        self.queens: list[int] = []
        self.first: list[int] = []
        self.solutions = 0

    def is_free(self, row: int, col: int) -> bool:
        return not (self.cols[col] or self.diag1[row + col]
                    or self.diag2[row - col + self.n - 1])

    def place(self, row: int, col: int, value: bool) -> None:
        self.cols[col] = value
        self.diag1[row + col] = value
        self.diag2[row - col + self.n - 1] = value

    def solve(self, row: int) -> None:
        if row == self.n:
            self.solutions += 1
            if not self.first:
                self.first = list(self.queens)
            return
        for col in range(self.n):
            if self.is_free(row, col):
                self.place(row, col, True)
                self.queens.append(col)
                self.solve(row + 1)
                self.queens.pop()
                self.place(row, col, False)


def main() -> None:
    n = 11
    if len(sys.argv) > 1:
        n = int(sys.argv[1])
    board = Board(n)
    board.solve(0)
    print(f"{n}-queens: {board.solutions} solutions")
    print("first:", " ".join(str(c) for c in board.first))


if __name__ == "__main__":
    main()
