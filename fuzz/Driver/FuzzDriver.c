// Nothing to compile: the module exists for its header. SwiftPM wants one source file in a C target.
#include "FuzzDriver.h"
