/*
 * ogc_openapi.c - /api: the definition of the whole HTTP API as an
 * OpenAPI 3.0 document (the OGC "service-desc"), and the same operations
 * as an HTML page (the "service-doc").
 *
 * One table lists every operation of every part of the server, so the
 * JSON and the HTML cannot disagree; tests/unit/test_srv_api.c checks that
 * every route of the route tables is in it. The JSON fragments are written
 * with single quotes, which put() turns into double quotes, so that they
 * read as JSON in this file; no fragment needs an apostrophe.
 */
#include "server/ogc_int.h"

#include <string.h>

/* Write a fragment, ' becoming ". */
static void put(srv_response *rs, const char *s)
{
	while (*s) {
		size_t n = strcspn(s, "'");
		srv_write(rs, s, n);
		s += n;
		if (*s == '\'') {
			srv_write(rs, "\"", 1);
			s++;
		}
	}
}

typedef struct {
	const char *method;    /* "get", "post" */
	const char *path;      /* OpenAPI path template */
	const char *tag;
	const char *id;        /* operationId */
	const char *summary;
	srv_role role;         /* least role; above public: bearer token */
	const char *params;    /* JSON array of parameters, or NULL */
	const char *body;      /* JSON requestBody, or NULL */
	const char *responses; /* JSON responses object */
} api_op;

#define R(name) "{'$ref':'#/components/parameters/" name "'}"
#define RESP(code, name) "'" code "':{'$ref':'#/components/responses/" name "'}"
#define JSON_OBJ(desc)                                                                         \
	"{'description':'" desc "','content':{'application/json':{'schema':{'type':'object'}}}}"
#define ERRORS_400_404 RESP("400", "BadRequest") "," RESP("404", "NotFound") "," RESP("500", "ServerError")
#define ERRORS_400 RESP("400", "BadRequest") "," RESP("500", "ServerError")

static const api_op ops[] = {
	/* ---- OGC API - Features (ogc.c, ogc_items.c, this file) ---- */
	{"get", "/", "Capabilities", "getLandingPage", "The landing page: links to the API definition, the conformance declaration and the collections",
	 SRV_ROLE_PUBLIC, "[" R("f") "]", NULL,
	 "{'200':{'description':'The landing page','content':{'application/json':{'schema':{'$ref':'#/components/schemas/landingPage'}},'text/html':{'schema':{'type':'string'}}}}," ERRORS_400 "}"},
	{"get", "/api", "Capabilities", "getAPI", "This API definition (OpenAPI 3.0), or its documentation as HTML",
	 SRV_ROLE_PUBLIC, "[" R("f") "]", NULL,
	 "{'200':{'description':'The API definition','content':{'application/vnd.oai.openapi+json;version=3.0':{'schema':{'type':'object'}},'text/html':{'schema':{'type':'string'}}}}," ERRORS_400 "}"},
	{"get", "/conformance", "Capabilities", "getConformance", "The conformance classes of OGC API - Features this server implements",
	 SRV_ROLE_PUBLIC, "[" R("f") "]", NULL,
	 "{'200':{'description':'The conformance classes','content':{'application/json':{'schema':{'$ref':'#/components/schemas/confClasses'}},'text/html':{'schema':{'type':'string'}}}}," ERRORS_400 "}"},
	{"get", "/collections", "Data", "getCollections", "The collections of features: hazardous_areas, release_parts, eo_items (public) and accidents (role analyst or admin only; absent for others)",
	 SRV_ROLE_PUBLIC, "[" R("f") "]", NULL,
	 "{'200':{'description':'The collections','content':{'application/json':{'schema':{'$ref':'#/components/schemas/collections'}},'text/html':{'schema':{'type':'string'}}}}," ERRORS_400 "}"},
	{"get", "/collections/{collectionId}", "Data", "describeCollection", "One collection: its extent in space and time and its links",
	 SRV_ROLE_PUBLIC, "[" R("collectionId") "," R("f") "]", NULL,
	 "{'200':{'description':'The collection','content':{'application/json':{'schema':{'$ref':'#/components/schemas/collection'}},'text/html':{'schema':{'type':'string'}}}}," ERRORS_400_404 "}"},
	{"get", "/collections/{collectionId}/items", "Data", "getFeatures", "A page of the features of a collection, filtered by bbox and datetime, in id order",
	 SRV_ROLE_PUBLIC, "[" R("collectionId") "," R("bbox") "," R("datetime") "," R("limit") "," R("offset") "," R("fItems") "]", NULL,
	 "{'200':{'description':'A page of features, with next and prev links','content':{'application/geo+json':{'schema':{'$ref':'#/components/schemas/featureCollectionGeoJSON'}},'text/html':{'schema':{'type':'string'}}}}," ERRORS_400_404 "}"},
	{"get", "/collections/{collectionId}/items/{featureId}", "Data", "getFeature", "One feature of a collection",
	 SRV_ROLE_PUBLIC, "[" R("collectionId") "," R("featureId") "," R("fItems") "]", NULL,
	 "{'200':{'description':'The feature','content':{'application/geo+json':{'schema':{'$ref':'#/components/schemas/featureGeoJSON'}},'text/html':{'schema':{'type':'string'}}}}," ERRORS_400_404 "}"},

	/* ---- the map page (web.c) ---- */
	{"get", "/map/{path}", "Map", "getMapFile", "A file of the map page (its scripts, styles, images and basemap), when the server was started with one; revalidate with If-None-Match",
	 SRV_ROLE_PUBLIC,
	 "[{'name':'path','in':'path','required':true,'description':'The file, which may span several path segments (images/layers.png)','schema':{'type':'string'}}]",
	 NULL, "{'200':{'description':'The file','content':{'*/*':{'schema':{'type':'string','format':'binary'}}}},'304':{'description':'Not modified (same ETag)'}," RESP("404", "NotFound") "}"},

	/* ---- risk (risk_api.c) ---- */
	{"get", "/risk/point", "Risk", "riskPoint", "Is this place hazardous at a time? The hazardous areas that contain the point, whether each is hazardous or released there, the residual-risk model beside the answer, and the message for civilians",
	 SRV_ROLE_PUBLIC,
	 "[{'name':'lon','in':'query','required':true,'description':'Longitude, degrees (WGS 84)','schema':{'type':'number','minimum':-180,'maximum':180}},"
	 "{'name':'lat','in':'query','required':true,'description':'Latitude, degrees (WGS 84)','schema':{'type':'number','minimum':-90,'maximum':90}},"
	 "{'name':'at','in':'query','required':false,'description':'The time asked about (RFC 3339); default now','schema':{'type':'string','format':'date-time'}},"
	 "{'name':'lang','in':'query','required':false,'description':'Language of the message for civilians','schema':{'type':'string','enum':['uk','en'],'default':'en'}}]",
	 NULL, "{'200':" JSON_OBJ("The answer for the point") "," ERRORS_400 "}"},
	{"post", "/risk/route", "Risk", "riskRoute", "Which hazardous areas does a route cross, within a corridor of a given width, at a time?",
	 SRV_ROLE_PUBLIC, NULL,
	 "{'required':true,'content':{'application/json':{'schema':{'type':'object','required':['route','width_m'],'properties':{"
	 "'route':{'$ref':'#/components/schemas/lineStringGeoJSON'},"
	 "'width_m':{'type':'number','minimum':0,'description':'Width of the corridor around the route, metres'},"
	 "'at':{'type':'string','format':'date-time','description':'The time asked about; default now'}}}}}}",
	 "{'200':" JSON_OBJ("The hazardous areas along the route") "," ERRORS_400 "," RESP("413", "PayloadTooLarge") "," RESP("415", "UnsupportedMediaType") "}"},
	{"get", "/risk/timeline", "Risk", "riskTimeline", "How the residual-risk model of one hazardous area evolves over time (it informs priorities; only survey and clearance release land)",
	 SRV_ROLE_PUBLIC,
	 "[{'name':'id','in':'query','required':true,'description':'The hazardous area id','schema':{'type':'string'}},"
	 "{'name':'from','in':'query','required':false,'description':'Start of the timeline (RFC 3339)','schema':{'type':'string','format':'date-time'}},"
	 "{'name':'to','in':'query','required':false,'description':'End of the timeline (RFC 3339)','schema':{'type':'string','format':'date-time'}}]",
	 NULL, "{'200':" JSON_OBJ("The timeline") "," ERRORS_400_404 "}"},

	{"get", "/areas/{areaId}/history", "Risk", "areaHistory", "What the log holds about one hazardous area, in log order: its reports, release parts, items found and (role analyst or above) accidents, with their public fields only",
	 SRV_ROLE_PUBLIC,
	 "[{'name':'areaId','in':'path','required':true,'description':'The hazardous area id','schema':{'type':'string'}}]",
	 NULL, "{'200':" JSON_OBJ("The records about the area") "," ERRORS_400_404 "}"},

	/* ---- the log (log_api.c) ---- */
	{"get", "/log/checkpoint", "Log", "getCheckpoint", "The latest signed checkpoint of the log (C2SP tlog-checkpoint in a signed note)",
	 SRV_ROLE_PUBLIC, NULL, NULL,
	 "{'200':{'description':'The signed checkpoint note','content':{'text/plain':{'schema':{'type':'string'}}}}," RESP("500", "ServerError") "," RESP("503", "ServiceUnavailable") "}"},
	{"get", "/checkpoint", "Log", "getTlogCheckpoint", "The same signed checkpoint at the root of the C2SP tlog-tiles layout, beside tile/",
	 SRV_ROLE_PUBLIC, NULL, NULL,
	 "{'200':{'description':'The signed checkpoint note','content':{'text/plain':{'schema':{'type':'string'}}}}," RESP("404", "NotFound") "}"},
	{"get", "/log/proof/inclusion", "Log", "getInclusionProof", "Inclusion proof of one record in the tree of a given size (RFC 9162)",
	 SRV_ROLE_PUBLIC,
	 "[{'name':'index','in':'query','required':true,'description':'The record index (0-based)','schema':{'type':'integer','minimum':0}},"
	 "{'name':'size','in':'query','required':true,'description':'The tree size (index < size <= log size)','schema':{'type':'integer','minimum':1}}]",
	 NULL, "{'200':" JSON_OBJ("The proof: the audit path hashes") "," ERRORS_400 "}"},
	{"get", "/log/proof/consistency", "Log", "getConsistencyProof", "Consistency proof between two tree sizes (RFC 9162)",
	 SRV_ROLE_PUBLIC,
	 "[{'name':'old','in':'query','required':true,'description':'The older tree size','schema':{'type':'integer','minimum':0}},"
	 "{'name':'new','in':'query','required':true,'description':'The newer tree size (old <= new <= log size)','schema':{'type':'integer','minimum':0}}]",
	 NULL, "{'200':" JSON_OBJ("The proof: the consistency path hashes") "," ERRORS_400 "}"},
	{"get", "/tile/{L}/{N}", "Log", "getTile", "A Merkle tree tile (C2SP tlog-tiles): 256 hashes of 32 bytes, or fewer in a partial tile",
	 SRV_ROLE_PUBLIC,
	 "[{'name':'L','in':'path','required':true,'description':'The tile level','schema':{'type':'integer','minimum':0}},"
	 "{'name':'N','in':'path','required':true,'description':'The tile index in the tlog-tiles path encoding, which spans several path segments (x001/x234/067), with .p/W for a partial tile of width W','schema':{'type':'string'}}]",
	 NULL, "{'200':{'description':'The tile','content':{'application/octet-stream':{'schema':{'type':'string','format':'binary'}}}}," ERRORS_400_404 "}"},
	{"get", "/tile/entries/{N}", "Log", "getEntryBundle", "An entry bundle (C2SP tlog-tiles): the records of the log under one tile, each as its canonical bytes",
	 SRV_ROLE_PUBLIC,
	 "[{'name':'N','in':'path','required':true,'description':'The bundle index in the tlog-tiles path encoding (x001/x234/067), with .p/W for a partial bundle','schema':{'type':'string'}}]",
	 NULL, "{'200':{'description':'The entry bundle','content':{'application/octet-stream':{'schema':{'type':'string','format':'binary'}}}}," ERRORS_400_404 "}"},

	/* ---- records and reports (reports.c) ---- */
	{"post", "/records", "Records", "appendRecord", "Append a record signed by the organisation it names (role reporter or above, for its own organisation): a GeoJSON Feature in the import schema with its signature",
	 SRV_ROLE_REPORTER, NULL,
	 "{'required':true,'content':{'application/geo+json':{'schema':{'$ref':'#/components/schemas/featureGeoJSON'}},'application/json':{'schema':{'$ref':'#/components/schemas/featureGeoJSON'}}}}",
	 "{'201':" JSON_OBJ("Appended: the log index and leaf hash of the record") "," RESP("400", "BadRequest") "," RESP("401", "Unauthorized") "," RESP("403", "Forbidden") ","
	 "'422':{'description':'The record was refused by validation or its signature','content':{'application/json':{'schema':{'$ref':'#/components/schemas/exception'}}}},"
	 RESP("413", "PayloadTooLarge") "," RESP("415", "UnsupportedMediaType") "," RESP("500", "ServerError") "}"},
	{"post", "/reports", "Reports", "submitReport", "Report a suspicious item or place (anyone): the answer gives a tracking id to follow the report",
	 SRV_ROLE_PUBLIC, NULL,
	 "{'required':true,'content':{'application/json':{'schema':{'type':'object','required':['lon','lat','description'],'properties':{"
	 "'lon':{'type':'number','minimum':-180,'maximum':180},'lat':{'type':'number','minimum':-90,'maximum':90},"
	 "'description':{'type':'string','description':'What was seen, and where'},"
	 "'contact':{'type':'string','description':'How to reach the reporter (kept private, never published)'}}}}}}",
	 "{'201':" JSON_OBJ("Received: the tracking id") "," RESP("400", "BadRequest") "," RESP("413", "PayloadTooLarge") "," RESP("415", "UnsupportedMediaType") "," RESP("500", "ServerError") "}"},
	{"get", "/reports/{tracking_id}", "Reports", "getReport", "What happened to a public report, by its tracking id",
	 SRV_ROLE_PUBLIC,
	 "[{'name':'tracking_id','in':'path','required':true,'description':'The id given when the report was received','schema':{'type':'string'}}]",
	 NULL, "{'200':" JSON_OBJ("The status of the report") "," ERRORS_400_404 "}"},
	{"get", "/reports", "Reports", "listReports", "Public reports, for review (role analyst or above)",
	 SRV_ROLE_ANALYST,
	 "[{'name':'status','in':'query','required':false,'description':'Only reports of this status','schema':{'type':'string','enum':['received','reviewed','tasked','closed']}},"
	 "{'name':'limit','in':'query','required':false,'schema':{'type':'integer','minimum':1}},"
	 "{'name':'offset','in':'query','required':false,'schema':{'type':'integer','minimum':0}}]",
	 NULL, "{'200':" JSON_OBJ("The reports, with their private fields") "," RESP("401", "Unauthorized") "," RESP("403", "Forbidden") "," ERRORS_400 "}"},
	{"post", "/reports/{tracking_id}/status", "Reports", "setReportStatus", "Move a report forward: reviewed, tasked or closed (role analyst or above)",
	 SRV_ROLE_ANALYST,
	 "[{'name':'tracking_id','in':'path','required':true,'schema':{'type':'string'}}]",
	 "{'required':true,'content':{'application/json':{'schema':{'type':'object','required':['status'],'properties':{"
	 "'status':{'type':'string','enum':['reviewed','tasked','closed']},'note':{'type':'string','description':'Kept private'}}}}}}",
	 "{'200':" JSON_OBJ("The new status of the report") "," RESP("401", "Unauthorized") "," RESP("403", "Forbidden") ","
	 "'409':{'description':'A status may only move forward','content':{'application/json':{'schema':{'$ref':'#/components/schemas/exception'}}}}," ERRORS_400_404 "}"},
	{"get", "/records/{index}", "Records", "getRecord", "One log entry with its private values and their salts, each checked against its commitment (role analyst or above; never cached)",
	 SRV_ROLE_ANALYST,
	 "[{'name':'index','in':'path','required':true,'description':'The log index (0-based)','schema':{'type':'integer','minimum':0}}]",
	 NULL, "{'200':" JSON_OBJ("The record") "," RESP("401", "Unauthorized") "," RESP("403", "Forbidden") "," ERRORS_400_404 "}"},
};
#define NOPS (sizeof ops / sizeof ops[0])

static const char COMPONENTS[] =
	"{'securitySchemes':{'bearer':{'type':'http','scheme':'bearer','description':'A token of "
	"role reporter, analyst or admin. Without one the caller is the public.'}},"
	"'parameters':{"
	"'f':{'name':'f','in':'query','required':false,'description':'The format of the answer; "
	"without it, the Accept header decides','schema':{'type':'string','enum':['json','html']},"
	"'style':'form','explode':false},"
	"'fItems':{'name':'f','in':'query','required':false,'description':'The format of the answer; "
	"without it, the Accept header decides','schema':{'type':'string','enum':['json','geojson',"
	"'html']},'style':'form','explode':false},"
	"'collectionId':{'name':'collectionId','in':'path','required':true,'description':'The "
	"collection','schema':{'type':'string','enum':['hazardous_areas','release_parts','eo_items',"
	"'accidents']}},"
	"'featureId':{'name':'featureId','in':'path','required':true,'description':'The feature id "
	"(area, part, item or accident id)','schema':{'type':'string'}},"
	"'bbox':{'name':'bbox','in':'query','required':false,'description':'Only features whose "
	"geometry intersects the box west,south,east,north (CRS84 degrees; west <= east)',"
	"'schema':{'type':'array','minItems':4,'maxItems':4,'items':{'type':'number'}},"
	"'style':'form','explode':false},"
	"'datetime':{'name':'datetime','in':'query','required':false,'description':'An RFC 3339 "
	"instant (a date means the whole day) or an interval a/b, .. for an open end. Hazardous "
	"areas: those hazardous at the instant, or at some time of the interval (from the earliest "
	"evidence of contamination until release parts cover all of the area). Other collections: "
	"features whose time (released_at, found_at, occurred_at) falls within it.',"
	"'schema':{'type':'string'},'style':'form','explode':false},"
	"'limit':{'name':'limit','in':'query','required':false,'description':'Features on a page at "
	"most (the server refuses more than its --max-limit)','schema':{'type':'integer',"
	"'minimum':1,'default':10},'style':'form','explode':false},"
	"'offset':{'name':'offset','in':'query','required':false,'description':'Matching features "
	"to skip (the next and prev links carry it)','schema':{'type':'integer','minimum':0,"
	"'default':0},'style':'form','explode':false}},"
	"'responses':{"
	"'BadRequest':{'description':'A parameter is wrong; the description says which',"
	"'content':{'application/json':{'schema':{'$ref':'#/components/schemas/exception'}}}},"
	"'NotFound':{'description':'No such resource (a collection the caller may not see does not "
	"exist for them)','content':{'application/json':{'schema':{'$ref':'#/components/schemas/"
	"exception'}}}},"
	"'Unauthorized':{'description':'A bearer token is needed','content':{'application/json':"
	"{'schema':{'$ref':'#/components/schemas/exception'}}}},"
	"'Forbidden':{'description':'The token role may not do this','content':{'application/json':"
	"{'schema':{'$ref':'#/components/schemas/exception'}}}},"
	"'PayloadTooLarge':{'description':'The body is larger than the server takes','content':"
	"{'application/json':{'schema':{'$ref':'#/components/schemas/exception'}}}},"
	"'UnsupportedMediaType':{'description':'Bodies must be JSON','content':{'application/json':"
	"{'schema':{'$ref':'#/components/schemas/exception'}}}},"
	"'ServerError':{'description':'The server failed','content':{'application/json':{'schema':"
	"{'$ref':'#/components/schemas/exception'}}}},"
	"'ServiceUnavailable':{'description':'The register cannot be read now','content':"
	"{'application/json':{'schema':{'$ref':'#/components/schemas/exception'}}}}},"
	"'schemas':{"
	"'exception':{'type':'object','required':['code'],'properties':{'code':{'type':'string'},"
	"'description':{'type':'string'}}},"
	"'link':{'type':'object','required':['href'],'properties':{'href':{'type':'string'},"
	"'rel':{'type':'string'},'type':{'type':'string'},'title':{'type':'string'}}},"
	"'landingPage':{'type':'object','required':['links'],'properties':{'title':{'type':"
	"'string'},'description':{'type':'string'},'links':{'type':'array','items':{'$ref':"
	"'#/components/schemas/link'}}}},"
	"'confClasses':{'type':'object','required':['conformsTo'],'properties':{'conformsTo':"
	"{'type':'array','items':{'type':'string'}}}},"
	"'extent':{'type':'object','properties':{'spatial':{'type':'object','properties':{'bbox':"
	"{'type':'array','items':{'type':'array','minItems':4,'maxItems':4,'items':{'type':"
	"'number'}}},'crs':{'type':'string'}}},'temporal':{'type':'object','properties':"
	"{'interval':{'type':'array','items':{'type':'array','minItems':2,'maxItems':2,'items':"
	"{'type':'string','format':'date-time','nullable':true}}},'trs':{'type':'string'}}}}},"
	"'collection':{'type':'object','required':['id','links'],'properties':{'id':{'type':"
	"'string'},'title':{'type':'string'},'description':{'type':'string'},'links':{'type':"
	"'array','items':{'$ref':'#/components/schemas/link'}},'extent':{'$ref':"
	"'#/components/schemas/extent'},'itemType':{'type':'string'},'crs':{'type':'array',"
	"'items':{'type':'string'}},'numberOfFeatures':{'type':'integer'}}},"
	"'collections':{'type':'object','required':['links','collections'],'properties':{'links':"
	"{'type':'array','items':{'$ref':'#/components/schemas/link'}},'collections':{'type':"
	"'array','items':{'$ref':'#/components/schemas/collection'}}}},"
	"'geometryGeoJSON':{'type':'object','required':['type'],'properties':{'type':{'type':"
	"'string','enum':['Point','MultiPoint','LineString','MultiLineString','Polygon',"
	"'MultiPolygon','GeometryCollection']}}},"
	"'lineStringGeoJSON':{'type':'object','required':['type','coordinates'],'properties':"
	"{'type':{'type':'string','enum':['LineString']},'coordinates':{'type':'array','minItems':"
	"2,'items':{'type':'array','minItems':2,'items':{'type':'number'}}}}},"
	"'featureGeoJSON':{'type':'object','required':['type','geometry','properties'],"
	"'properties':{'type':{'type':'string','enum':['Feature']},'id':{'type':'string'},"
	"'geometry':{'allOf':[{'$ref':'#/components/schemas/geometryGeoJSON'}],'nullable':true},"
	"'properties':{'type':'object','nullable':true},'links':{'type':'array','items':{'$ref':"
	"'#/components/schemas/link'}}}},"
	"'featureCollectionGeoJSON':{'type':'object','required':['type','features'],'properties':"
	"{'type':{'type':'string','enum':['FeatureCollection']},'features':{'type':'array','items':"
	"{'$ref':'#/components/schemas/featureGeoJSON'}},'links':{'type':'array','items':{'$ref':"
	"'#/components/schemas/link'}},'timeStamp':{'type':'string','format':'date-time'},"
	"'numberMatched':{'type':'integer','minimum':0},'numberReturned':{'type':'integer',"
	"'minimum':0}}}}}";

static void api_json(srv_request *rq, srv_response *rs)
{
	srv_set_type(rs, OGC_OPENAPI);
	put(rs, "{'openapi':'3.0.3','info':{'title':'hazreg','version':'");
	srv_puts(rs, HAZREG_VERSION);
	put(rs, "','description':'The HTTP API of hazreg, a register of explosive hazards: "
	        "OGC API - Features over its layers, the risk at a place or along a route, the "
	        "tamper-evident log with its proofs and tiles, signed records and public reports.'"
	        ",'license':{'name':'See the project README'}},'servers':[{'url':");
	srv_json_str(rs, srv_base_url(rq));
	put(rs, "}],'tags':[{'name':'Capabilities'},{'name':'Data'},{'name':'Map'},{'name':'Risk'},{'name':'Log'},"
	        "{'name':'Records'},{'name':'Reports'}],'paths':{");
	for (size_t i = 0; i < NOPS; i++) {
		int first = 1;
		for (size_t j = 0; j < i && first; j++)
			first = strcmp(ops[j].path, ops[i].path) != 0;
		if (!first)
			continue; /* written with the first operation on its path */
		if (i)
			srv_puts(rs, ",");
		srv_json_str(rs, ops[i].path);
		srv_puts(rs, ":{");
		for (size_t j = i, n = 0; j < NOPS; j++) {
			const api_op *o = &ops[j];
			if (strcmp(o->path, ops[i].path) != 0)
				continue;
			srv_printf(rs, "%s\"%s\":{\"tags\":[\"%s\"],\"operationId\":\"%s\",\"summary\":",
			           n++ ? "," : "", o->method, o->tag, o->id);
			srv_json_str(rs, o->summary);
			if (o->params) {
				put(rs, ",'parameters':");
				put(rs, o->params);
			}
			if (o->body) {
				put(rs, ",'requestBody':");
				put(rs, o->body);
			}
			if (o->role > SRV_ROLE_PUBLIC)
				put(rs, ",'security':[{'bearer':[]}]");
			put(rs, ",'responses':");
			put(rs, o->responses);
			srv_puts(rs, "}");
		}
		srv_puts(rs, "}");
	}
	put(rs, "},'components':");
	put(rs, COMPONENTS);
	srv_puts(rs, "}\n");
}

static void api_html(srv_request *rq, srv_response *rs)
{
	static const char *const crumbs[] = {"/api?f=html", "API", NULL};
	ogc_html_begin(rs, rq, "The hazreg HTTP API", crumbs);
	srv_puts(rs, "<p>The machine-readable definition is <a href=\"");
	srv_html_str(rs, srv_base_url(rq));
	srv_puts(rs, "/api?f=json\">OpenAPI 3.0 JSON</a>. Operations marked with a role need a "
	             "bearer token (<code>Authorization: Bearer &hellip;</code>) of that role or "
	             "above.</p>\n<table><caption>Operations</caption><thead><tr>"
	             "<th scope=\"col\">Method</th><th scope=\"col\">Path</th>"
	             "<th scope=\"col\">What it does</th><th scope=\"col\">Role</th></tr>"
	             "</thead><tbody>\n");
	for (size_t i = 0; i < NOPS; i++) {
		const char *m = ops[i].method;
		srv_puts(rs, "<tr><td>");
		srv_puts(rs, strcmp(m, "get") == 0 ? "GET" : "POST");
		srv_puts(rs, "</td><th scope=\"row\"><code>");
		srv_html_str(rs, ops[i].path);
		srv_puts(rs, "</code></th><td>");
		srv_html_str(rs, ops[i].summary);
		srv_puts(rs, "</td><td>");
		srv_html_str(rs, ops[i].role > SRV_ROLE_PUBLIC ? srv_role_name(ops[i].role) : "anyone");
		srv_puts(rs, "</td></tr>\n");
	}
	srv_puts(rs, "</tbody></table>\n");
	ogc_html_end(rs);
}

int ogc_api(srv_request *rq, srv_response *rs)
{
	if (ogc_check_args(rq, rs, NULL, 0))
		return 0;
	if (srv_wants_html(rq))
		api_html(rq, rs);
	else
		api_json(rq, rs);
	return 0;
}
