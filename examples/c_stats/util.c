#include "util.h"
int calls;
static int helper(int x) { return x + 1; }
void stats_add(struct stats *s, double v) { s->n = helper(s->n); s->sum += v; calls++; }
double stats_mean(const struct stats *s) { return s->n ? s->sum / s->n : 0.0; }
