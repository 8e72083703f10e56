/*
 * error.c - names of the error codes (hr_strerror).
 */
#include "core/core_int.h"

const char *hr_strerror(int code)
{
	switch (code) {
	case HR_OK: return "success";
	case HR_ERROR: return "failure";
	case HR_ENOMEM: return "out of memory";
	case HR_EINVAL: return "invalid argument";
	case HR_ENOTFOUND: return "not found";
	case HR_EIO: return "storage input/output error";
	case HR_ECORRUPT: return "stored data is corrupt";
	case HR_EVALIDATE: return "input refused by validation";
	case HR_EEXISTS: return "already exists";
	case HR_EVERSION: return "unknown format or version";
	case HR_EREADONLY: return "register is read-only";
	case HR_EBUSY: return "register is busy with another writer";
	default: return "unknown error";
	}
}
