/* error.c - messages for libzhclean's error codes. */
#include <errno.h>
#include <string.h>

#include "zhclean.h"
#include "jsonrecord.h"

const char *
zc_strerror(int err)
{
	switch (err) {
	case ZC_OK: return "success";
	case ZC_ENOMEM: return "out of memory";
	case ZC_EREAD:
	case ZC_EWRITE: return errno ? strerror(errno) : "input/output error";
	case ZC_EPIPE: return "broken pipe";
	case ZC_EINVAL: return "invalid argument";
	case ZC_ECONFIG: return "cannot load the conversion config";
	case ZC_EDATA: return "data file is corrupt, truncated or of another format";
	case ZC_ERECORD: return "malformed record";
	case ZC_EENCODING: return "unknown or unsupported encoding";
	case ZC_EMODULE: return "cannot load the JSON Lines reader " ZC_JSON_MODULE
		" (from $ZHCLEAN_LIBDIR if set, else " ZC_PKGLIBDIR ")";
	default: return "unknown error";
	}
}
