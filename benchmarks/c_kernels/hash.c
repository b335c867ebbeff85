/* FNV-1a hashing and an open-addressing hash table of counters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS (1 << 20)

static unsigned keys[SLOTS];
static unsigned counts[SLOTS];

static unsigned fnv(const unsigned char *p, int n) {
    unsigned h = 2166136261u;
    for (int i = 0; i < n; i++) {
        h ^= p[i];
        h *= 16777619u;
    }
    return h;
}

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 3000000;
    unsigned char buf[16];
    memset(buf, 0, sizeof buf);
    unsigned distinct = 0;
    for (int r = 0; r < rounds; r++) {
        unsigned v = (unsigned)r % 500000u;
        for (int k = 0; k < 8; k++)
            buf[k] = (unsigned char)(v >> (k * 3));
        unsigned h = fnv(buf, 16) | 1u;
        unsigned s = h & (SLOTS - 1);
        while (keys[s] != 0 && keys[s] != h)
            s = (s + 1) & (SLOTS - 1);
        if (keys[s] == 0) {
            keys[s] = h;
            distinct++;
        }
        counts[s]++;
    }
    printf("%u\n", distinct);
    return 0;
}
