/* api_org.h — organisation settings: everyone in the organisation reads them, only a master
 * changes them (name, whether stock may go below zero). */
#ifndef JAEGO_API_ORG_H
#define JAEGO_API_ORG_H

#include <jansson.h>
#include <stdint.h>

#include "text_limits.h"

#include "db.h"
#include "route.h"

#define API_ORG_NAME_MAX LIMIT_ORG_NAME /* characters (code points) of an organisation's name */

extern const struct route api_org_routes[];

#endif
