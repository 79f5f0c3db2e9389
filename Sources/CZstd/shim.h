#ifndef FRONTLINE_CZSTD_SHIM_H
#define FRONTLINE_CZSTD_SHIM_H
#include <zstd.h>
#include <zdict.h>
#endif
