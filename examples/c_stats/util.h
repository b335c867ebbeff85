#ifndef UTIL_H
#define UTIL_H
struct stats { int n; double sum; };
void stats_add(struct stats *s, double v);
double stats_mean(const struct stats *s);
extern int calls;
#endif
