/* fc_rng.h — the engine's one random generator: splitmix64, small, fast and fully
 * determined by its seed, so every model draws the same numbers on every machine. */
#ifndef FC_RNG_H
#define FC_RNG_H

#include <stdint.h>

static inline uint64_t fc_rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1) from the top 53 bits. */
static inline double fc_rng_unif(uint64_t *s)
{
	return (double)(fc_rng_next(s) >> 11) * (1.0 / 9007199254740992.0);
}

#endif
