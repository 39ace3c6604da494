// Forwards to common/absl_view.h, the one AbslView() helper. Kept only for
// gate.cc, which still includes this path; delete once it includes
// common/absl_view.h directly.
#ifndef ALMANAC_CATALOG_SERVICE_ABSL_VIEW_H_
#define ALMANAC_CATALOG_SERVICE_ABSL_VIEW_H_

#include "common/absl_view.h"

#endif  // ALMANAC_CATALOG_SERVICE_ABSL_VIEW_H_
