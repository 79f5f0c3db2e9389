// The functions are inline, in include/CIntrinsics.h; this file gives the target a source.
#include "CIntrinsics.h"
