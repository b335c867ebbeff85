#ifndef _ERRNO_H
#define _ERRNO_H
int *__crt_errno_location(void);
#define errno (*__crt_errno_location())
#define EDOM 33
#define ERANGE 34
#define EINVAL 22
#define ENOENT 2
#endif
