// version.cpp — the version numbers of the linked library, compiled in so a
// client can compare them with the header it was built against.
#include "modelfunnel/modelfunnel.h"

extern "C" {

int32_t mf_version(void) { return MF_VERSION_NUMBER; }

int32_t mf_abi_version(void) { return MF_ABI_VERSION; }

}  // extern "C"
