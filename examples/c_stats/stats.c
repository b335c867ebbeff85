/* Running statistics over numbers on stdin, using the helpers in util.c (a two-file program). */
#include <stdio.h>
#include "util.h"

static int helper(int x) { return x * 100; }

int main(void) {
    struct stats s = {0, 0};
    double v;
    while (scanf("%lf", &v) == 1)
        stats_add(&s, v);
    printf("n=%d mean=%.4f calls=%d helper=%d\n", s.n, stats_mean(&s), calls, helper(2));
    return s.n == 0;
}
