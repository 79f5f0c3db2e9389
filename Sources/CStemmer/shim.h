#ifndef FRONTLINE_CSTEMMER_SHIM_H
#define FRONTLINE_CSTEMMER_SHIM_H
#include <libstemmer.h>
#endif
