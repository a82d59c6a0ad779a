/* Bitmaps of a bit per byte of code (an instruction starts here, reached
 * already), as little-endian bytes: bit i is bit i % 8 of byte i / 8. */
#ifndef MIGCHECK_UTIL_BITS_H
#define MIGCHECK_UTIL_BITS_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* A word is read or written whole at any bit: a bitmap read or written
 * with bits_get or bits_or needs this many readable bytes past its end. */
#define BITS_SLACK 8
/* bits_get and bits_or handle at most this many bits at once */
#define BITS_CHUNK 56

static inline bool bit_test(const uint8_t *bits, size_t i)
{
	return bits[i / 8] & (1u << (i % 8));
}

static inline void bit_set(uint8_t *bits, size_t i)
{
	bits[i / 8] |= (uint8_t)(1u << (i % 8));
}

/* Bits [i, i + n) as the low bits of a word, 1 <= n <= BITS_CHUNK. */
static inline uint64_t bits_get(const uint8_t *bits, size_t i, unsigned n)
{
	uint64_t w;
	memcpy(&w, bits + i / 8, sizeof w);
	return (w >> (i % 8)) & ((UINT64_C(1) << n) - 1);
}

/* Sets bits [i, i + BITS_CHUNK) where `v` has them set. */
static inline void bits_or(uint8_t *bits, size_t i, uint64_t v)
{
	uint64_t w;
	memcpy(&w, bits + i / 8, sizeof w);
	w |= v << (i % 8);
	memcpy(bits + i / 8, &w, sizeof w);
}

/* The bits set in w. Not __builtin_popcountll: without -mpopcnt (not in
 * the x86-64 baseline) it is a call into libgcc, on the walk's hot path. */
static inline unsigned count_bits(uint64_t w)
{
	w -= (w >> 1) & UINT64_C(0x5555555555555555);
	w = (w & UINT64_C(0x3333333333333333)) +
	    ((w >> 2) & UINT64_C(0x3333333333333333));
	w = (w + (w >> 4)) & UINT64_C(0x0f0f0f0f0f0f0f0f);
	return (unsigned)((w * UINT64_C(0x0101010101010101)) >> 56);
}

#endif
