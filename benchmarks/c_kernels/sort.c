/* Quicksort of pseudo-random ints, then a checksum. */
#include <stdio.h>
#include <stdlib.h>

static void quicksort(int *v, int lo, int hi) {
    while (lo < hi) {
        int p = v[(lo + hi) / 2], i = lo, j = hi;
        while (i <= j) {
            while (v[i] < p) i++;
            while (v[j] > p) j--;
            if (i <= j) {
                int t = v[i]; v[i] = v[j]; v[j] = t;
                i++; j--;
            }
        }
        if (j - lo < hi - i) { quicksort(v, lo, j); lo = i; }
        else { quicksort(v, i, hi); hi = j; }
    }
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 2000000;
    int *v = malloc(sizeof(int) * n);
    unsigned x = 12345;
    for (int i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        v[i] = (int)(x >> 1);
    }
    quicksort(v, 0, n - 1);
    unsigned long check = 0;
    for (int i = 0; i < n; i += 1000)
        check = check * 31 + (unsigned)v[i];
    printf("%d %lu\n", v[0] <= v[n - 1], check);
    return 0;
}
