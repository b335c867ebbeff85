/* Count word frequencies on stdin and print the ten most common, ties broken alphabetically. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
    char *word;
    int count;
    struct entry *next;
};

#define BUCKETS 1024

static struct entry *table[BUCKETS];
static int distinct;

static unsigned hash(const char *s) {
    unsigned h = 2166136261u;
    while (*s) {
        h ^= (unsigned char)*s++;
        h *= 16777619u;
    }
    return h;
}

static void add(const char *w) {
    unsigned b = hash(w) % BUCKETS;
    for (struct entry *e = table[b]; e; e = e->next) {
        if (strcmp(e->word, w) == 0) {
            e->count++;
            return;
        }
    }
    struct entry *e = malloc(sizeof *e);
    e->word = strdup(w);
    e->count = 1;
    e->next = table[b];
    table[b] = e;
    distinct++;
}

static int by_count(const void *a, const void *b) {
    const struct entry *x = *(struct entry *const *)a;
    const struct entry *y = *(struct entry *const *)b;
    if (x->count != y->count)
        return y->count - x->count;
    return strcmp(x->word, y->word);
}

int main(int argc, char **argv) {
    int top = argc > 1 ? atoi(argv[1]) : 10;
    char word[64];
    int len = 0, c, total = 0;
    while ((c = getchar()) != EOF) {
        if (isalpha(c) || c == '\'') {
            if (len < 63)
                word[len++] = (char)tolower(c);
        } else if (len > 0) {
            word[len] = '\0';
            add(word);
            total++;
            len = 0;
        }
    }
    if (len > 0) {
        word[len] = '\0';
        add(word);
        total++;
    }
    struct entry **all = malloc(sizeof *all * (distinct ? distinct : 1));
    int n = 0;
    for (int i = 0; i < BUCKETS; i++)
        for (struct entry *e = table[i]; e; e = e->next)
            all[n++] = e;
    qsort(all, n, sizeof *all, by_count);
    printf("%d words, %d distinct\n", total, distinct);
    for (int i = 0; i < n && i < top; i++)
        printf("%-12s %5d %6.2f%%\n", all[i]->word, all[i]->count, 100.0 * all[i]->count / total);
    return 0;
}
