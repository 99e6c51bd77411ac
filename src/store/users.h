/* users.h — an organisation's members in the database: the member object the API shows,
 * the lists, the changes a master makes and the lookup a login needs. Creating a member
 * from the command line is org.h's user_create. */
#ifndef JAEGO_USERS_H
#define JAEGO_USERS_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"
#include "passwd.h"

/* The member object {"id","login","name","role","active","created_at"} of member id in
 * org_id; a new reference the caller owns, or NULL when there is no such member. */
json_t *users_object(db *d, int64_t org_id, int64_t id);
/* Every member object of the organisation, by id: on DB_OK *items is a new array;
 * otherwise a DB error code and *items NULL. */
int users_list(db *d, int64_t org_id, json_t **items);
/* Every member's {"id","name","active"}, by id; as users_list. */
int users_names(db *d, int64_t org_id, json_t **items);
/* Inserts an active member with an already hashed password; *id gets its id. Returns
 * DB_OK, DB_CONSTRAINT when the login is taken, or another error. */
int users_insert(db *d, int64_t org_id, const char *login, const char *name, const char *role,
                 const char *pw_hash, const char *now, int64_t *id);
/* How many active masters the organisation has besides member id; -1 on a DB error. */
int64_t users_other_active_masters(db *d, int64_t org_id, int64_t id);
/* One field of member id of org_id, marked updated at now. DB_OK or an error. */
int users_set_name(db *d, int64_t org_id, int64_t id, const char *name, const char *now);
int users_set_role(db *d, int64_t org_id, int64_t id, const char *role, const char *now);
int users_set_active(db *d, int64_t org_id, int64_t id, int active, const char *now);
int users_set_pw_hash(db *d, int64_t org_id, int64_t id, const char *pw_hash, const char *now);

/* What a login checks, whatever the organisation. */
struct users_login {
	int64_t id, org_id;
	int active;
	char hash[PASSWD_HASH_MAX];
};
/* Looks a member up by login (already folded to lower case). Returns 1 found, 0 not
 * found, or a negative DB error. */
int users_by_login(db *d, const char *login, struct users_login *out);

#endif
