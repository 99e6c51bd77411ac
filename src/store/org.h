/* org.h — organisations (one seller's shop) and the member records the command line and
 * the API share. */
#ifndef JAEGO_ORG_H
#define JAEGO_ORG_H

#include <jansson.h>
#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "role.h"

/* Creates an organisation; returns DB_OK and its id in *out. */
int org_create(db *d, const char *name, int64_t *out);
/* The id of the organisation of that name, or of the first one when name is NULL; 0 when
 * there is none. */
int64_t org_find(db *d, const char *name);
/* The settings object {"id","name","allow_negative_stock","created_at","forecast_hour",
 * "order_alert_days","expiry_alert_days","review_days","service_level" (percent)} of org_id; a new
 * reference the caller owns, or NULL when there is no such organisation. */
json_t *org_settings(db *d, int64_t org_id);
/* Renames the organisation. DB_OK or an error. */
int org_set_name(db *d, int64_t org_id, const char *name);
/* Allows (1) or forbids (0) stock below zero. DB_OK or an error. */
int org_set_allow_negative(db *d, int64_t org_id, int allow);
/* The KST hour (0..23) of the organisation's nightly forecast run. */
int org_set_forecast_hour(db *d, int64_t org_id, int hour);
/* Planning settings (docs/planning.md); -1 (0 for the level) leaves a setting as it is. */
struct org_planning {
	int64_t order_alert_days;  /* 발주 알림: 0..365 days ahead */
	int64_t expiry_alert_days; /* 소비기한 알림: 0..365 days before expiry */
	int64_t review_days;       /* 발주 주기: 0..365 */
	double service_level;      /* default level of the service_level rule, 0.5..0.999 */
};
int org_set_planning(db *d, int64_t org_id, const struct org_planning *p);
/* How many organisations the database holds. */
int64_t org_count(db *d);
/* 1 when an organisation has that id. */
int org_exists(db *d, int64_t id);

/* ASCII lower-case copy of s in arena a: logins are case-insensitive. */
char *user_login_fold(arena *a, const char *s);
/* NULL when login is acceptable (3–32 characters of a-z, 0-9, '.', '_', '-', starting
 * with a letter or digit), else a Korean message. */
const char *user_login_error(const char *login);
/* Creates a member with a hashed password. Returns DB_OK, DB_CONSTRAINT when the login is
 * taken, or another error. *out gets the new id. */
int user_create(db *d, int64_t org_id, const char *login, const char *name, enum role role,
                const char *password, int64_t *out);

#endif
