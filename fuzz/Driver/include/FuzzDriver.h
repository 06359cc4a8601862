#ifndef FUZZ_DRIVER_H
#define FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's own driver (compiler-rt, FuzzerInterface.h): parses the libFuzzer flags in argv and runs the
/// fuzzing loop with `callback` as the target. What libFuzzer's `main` does, callable from a `main` of our own.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
