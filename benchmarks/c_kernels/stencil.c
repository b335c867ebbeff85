/* Jacobi iteration of a 5-point stencil on a square grid. */
#include <stdio.h>
#include <stdlib.h>

#define N 512

static double grid[2][N][N];

int main(int argc, char **argv) {
    int steps = argc > 1 ? atoi(argv[1]) : 100;
    for (int i = 0; i < N; i++)
        grid[0][i][0] = grid[1][i][0] = 100.0;
    int cur = 0;
    for (int s = 0; s < steps; s++) {
        int nxt = 1 - cur;
        for (int i = 1; i < N - 1; i++)
            for (int j = 1; j < N - 1; j++)
                grid[nxt][i][j] = 0.25 * (grid[cur][i - 1][j] + grid[cur][i + 1][j] + grid[cur][i][j - 1] +
                                          grid[cur][i][j + 1]);
        cur = nxt;
    }
    double sum = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            sum += grid[cur][i][j];
    printf("%.6f\n", sum);
    return 0;
}
