/* role.c — role names (see role.h). */
#include "role.h"

#include <string.h>

static const char *const role_names[] = {"public", "viewer", "staff", "manager", "master"};
#define ROLE_COUNT (sizeof role_names / sizeof role_names[0])

const char *role_name(enum role role)
{
	return (unsigned)role < ROLE_COUNT ? role_names[role] : "?";
}

/* The words the screens use for the roles (web/src/i18n.ts, t.role). */
static const char *const role_labels[] = {"누구나", "뷰어", "스태프", "매니저", "마스터"};

const char *role_label(enum role role)
{
	return (unsigned)role < ROLE_COUNT ? role_labels[role] : "?";
}

int role_parse(const char *name, enum role *out)
{
	for (size_t i = 1; i < ROLE_COUNT; i++) {
		if (name && strcmp(name, role_names[i]) == 0) {
			*out = (enum role)i;
			return 0;
		}
	}
	return -1;
}
