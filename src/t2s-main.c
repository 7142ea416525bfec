/* t2s - convert Traditional Chinese to Simplified Chinese with OpenCC. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>

#include "cli.h"

static const char usage[] =
	"Usage: t2s [-hVz] [-c CONFIG] [--jsonl[=FIELD]] [--strict] [FILE ...]\n"
	"Convert Traditional Chinese to Simplified Chinese with OpenCC.\n"
	"\n"
	"  -c, --config CONFIG t2s (default), tw2s, hk2s, tw2sp, or the path of\n"
	"                      an OpenCC JSON config\n"
	ZC_CLI_COMMON_USAGE
	"\n"
	"With no FILE, or when FILE is -, read standard input.\n";

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"config", required_argument, NULL, 'c'},
		ZC_CLI_COMMON_LONGOPTS,
		{NULL, 0, NULL, 0}
	};
	const char *config = "t2s";
	zc_converter *conv;
	zc_filter filter;
	zc_cli cli;
	int c, rc, status;

	zc_cli_init(&cli, argv, "t2s", usage);
	while ((c = getopt_long(argc, argv, "c:" ZC_CLI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (c == 'c')
			config = optarg;
		else
			zc_cli_common_option(&cli, c, optarg);
	}
	zc_cli_options_done(&cli);
	if ((rc = zc_converter_open(&conv, config)) != ZC_OK)
		zc_cli_die(&cli, config, rc);
	zc_converter_filter(conv, &filter);
	status = zc_cli_run(&cli, &filter, argc - optind, argv + optind);
	zc_converter_close(conv);
	return status;
}
