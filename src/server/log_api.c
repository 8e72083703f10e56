/*
 * log_api.c - the /log part of the HTTP API.
 */
#include "server/srv.h"

const srv_route srv_routes_log[] = {
	{NULL, NULL, SRV_ROLE_PUBLIC, NULL},
};
