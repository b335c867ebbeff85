#ifndef _STDARG_H
#define _STDARG_H
/* Variadic arguments are 8-byte little-endian slots; a va_list points at the next one. */
typedef char *va_list;
#define va_start(ap, last) ((ap) = __crt_va_start())
#define va_arg(ap, T) (*(T *)(((ap) += (sizeof(T) + 7) / 8 * 8) - (sizeof(T) + 7) / 8 * 8))
#define va_end(ap) ((void)0)
#define va_copy(d, s) ((d) = (s))
#endif
