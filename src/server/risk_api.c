/*
 * risk_api.c - the /risk part of the HTTP API.
 */
#include "server/srv.h"

const srv_route srv_routes_risk[] = {
	{NULL, NULL, SRV_ROLE_PUBLIC, NULL},
};
