/* String processing: build lines, tokenize, compare and reverse words. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

int main(int argc, char **argv) {
    int lines = argc > 1 ? atoi(argv[1]) : 200000;
    static const char *words[] = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"};
    char line[256];
    long vowels = 0, cmp = 0, total = 0;
    for (int i = 0; i < lines; i++) {
        line[0] = '\0';
        for (int w = 0; w < 8; w++) {
            strcat(line, words[(i + w * 3) % 8]);
            strcat(line, " ");
        }
        for (char *t = strtok(line, " "); t; t = strtok(NULL, " ")) {
            size_t n = strlen(t);
            for (size_t a = 0, b = n - 1; a < b; a++, b--) {
                char c = t[a]; t[a] = t[b]; t[b] = c;
            }
            for (char *p = t; *p; p++)
                if (strchr("aeiou", tolower((unsigned char)*p)))
                    vowels++;
            cmp += strcmp(t, "ahpla") > 0;
            total += (long)n;
        }
    }
    printf("%ld %ld %ld\n", vowels, cmp, total);
    return 0;
}
