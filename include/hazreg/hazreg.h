/*
 * hazreg/hazreg.h - the whole public API of hazreg, a humanitarian
 * explosive-hazard register.
 */
#ifndef HAZREG_H
#define HAZREG_H

#include "common.h"
#include "coord.h"
#include "features.h"
#include "format.h"
#include "geom.h"
#include "check.h"
#include "index.h"
#include "merkle.h"
#include "note.h"
#include "plot.h"
#include "query.h"
#include "record.h"
#include "register.h"
#include "report.h"
#include "summary.h"
#include "risk.h"
#include "route.h"
#include "token.h"

#define HAZREG_VERSION "0.1.0"

#endif
