#ifndef AGENTSIM_COPUSFILE_SHIM_H
#define AGENTSIM_COPUSFILE_SHIM_H
#include <opusfile.h>
#endif
