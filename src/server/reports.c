/*
 * reports.c - the /reports part of the HTTP API.
 */
#include "server/srv.h"

const srv_route srv_routes_reports[] = {
	{NULL, NULL, SRV_ROLE_PUBLIC, NULL},
};
