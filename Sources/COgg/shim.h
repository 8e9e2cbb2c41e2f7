#ifndef AGENTSIM_COGG_SHIM_H
#define AGENTSIM_COGG_SHIM_H
#include <ogg/ogg.h>
#endif
