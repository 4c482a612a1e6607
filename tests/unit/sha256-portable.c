/*
 * The SHA-256 tests again against the portable rounds alone: on a machine
 * with the SHA extensions the library never runs them otherwise.
 */
#define XF_SHA_PORTABLE
#include "../../lib/sha256.c"
#include "sha256.c"
