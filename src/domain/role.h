/* role.h — the roles a member can hold, lowest first, and their stable names. A route names
 * the least role it allows; a member's role is stored by name. Domain and store code use
 * these without knowing anything of HTTP. */
#ifndef JAEGO_ROLE_H
#define JAEGO_ROLE_H

enum role { ROLE_PUBLIC = 0, ROLE_VIEWER = 1, ROLE_STAFF = 2, ROLE_MANAGER = 3, ROLE_MASTER = 4 };

/* "master", "manager", "staff", "viewer", "public"; "?" for a value outside the enum. */
const char *role_name(enum role role);
/* The Korean word for a role, as the screens show it (web/src/i18n.ts, t.role): 마스터,
 * 매니저, 스태프, 뷰어; 누구나 for public. */
const char *role_label(enum role role);
/* Parses a stored or requested role name (not "public"); 0, or -1 for an unknown name. */
int role_parse(const char *name, enum role *out);

#endif
