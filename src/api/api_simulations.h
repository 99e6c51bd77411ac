/* api_simulations.h — policy simulations (정책 시뮬레이션) over HTTP (docs/api.md). */
#ifndef JAEGO_API_SIMULATIONS_H
#define JAEGO_API_SIMULATIONS_H

#include "route.h"

extern const struct route api_simulations_routes[];

#endif
