// The prefetch hints are inline functions in include/CPrefetch.h; this file gives the target a source.
#include "CPrefetch.h"
