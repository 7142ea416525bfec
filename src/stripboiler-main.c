/* stripboiler - keep the headline and the article of a scraped news page. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static const char usage[] =
	"Usage: stripboiler [-hVvz] [--explain] [--min-repeat N] [--rules FILE]\n"
	"                   [--jsonl[=FIELD]] [--strict] [FILE ...]\n"
	"Keep the headline and the article body of scraped news pages; drop\n"
	"navigation, datelines, credits, page actions, footers and SEO spam.\n"
	"\n"
	"      --explain       write every line, prefixed with KEEP or DROP and\n"
	"                      the rule or score that decided it\n"
	"      --min-repeat N  drop lines met in N or more pages of the stream\n"
	"                      so far (default: 0, off)\n"
	"      --rules FILE    add the CLASS<TAB>PHRASE rules of FILE\n"
	"  -v, --verbose       warn about pages that keep no body line\n"
	ZC_CLI_COMMON_USAGE
	"\n"
	"With no FILE, or when FILE is -, read standard input.\n";

enum { OPT_EXPLAIN = ZC_OPT_FIRST_FILTER_OPTION, OPT_MIN_REPEAT, OPT_RULES };

static void
warn_empty_page(void *arg, unsigned long page)
{
	const zc_cli *cli = arg;

	fprintf(stderr, "%s: page %lu: no body line found\n", cli->prog, page);
}

static unsigned
parse_count(const zc_cli *cli, const char *arg)
{
	char *end;
	unsigned long n = strtoul(arg, &end, 10);

	if (*arg < '0' || *arg > '9' || *end != '\0' || n > 1000000)
		zc_cli_usage_error(cli, "--min-repeat: not a number from 0 to 1000000");
	return (unsigned)n;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"explain", no_argument, NULL, OPT_EXPLAIN},
		{"min-repeat", required_argument, NULL, OPT_MIN_REPEAT},
		{"rules", required_argument, NULL, OPT_RULES},
		{"verbose", no_argument, NULL, 'v'},
		ZC_CLI_COMMON_LONGOPTS,
		{NULL, 0, NULL, 0}
	};
	const char **rules;
	size_t n_rules = 0, i, bad;
	zc_boiler_opts opts;
	zc_boiler *boiler;
	zc_filter filter;
	zc_cli cli;
	int c, rc, verbose = 0, status;

	zc_cli_init(&cli, argv, "stripboiler", usage);
	zc_boiler_opts_init(&opts);
	if ((rules = calloc((size_t)argc, sizeof *rules)) == NULL)
		zc_cli_die(&cli, "setup", ZC_ENOMEM);
	while ((c = getopt_long(argc, argv, "v" ZC_CLI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (c == OPT_EXPLAIN)
			opts.explain = 1;
		else if (c == OPT_MIN_REPEAT)
			opts.min_repeat = parse_count(&cli, optarg);
		else if (c == OPT_RULES)
			rules[n_rules++] = optarg;
		else if (c == 'v')
			verbose = 1;
		else
			zc_cli_common_option(&cli, c, optarg);
	}
	zc_cli_options_done(&cli);
	if ((rc = zc_boiler_new(&boiler, &opts)) != ZC_OK) {
		char dir[4096], what[4200];

		snprintf(what, sizeof what, "the vocabularies in %s",
		         zc_data_path("stripboiler", dir, sizeof dir) ? dir : "the data directory");
		zc_cli_die(&cli, what, rc);
	}
	for (i = 0; i < n_rules; i++)
		if ((rc = zc_boiler_add_rules(boiler, rules[i], &bad)) != ZC_OK)
			zc_cli_die_at_line(&cli, rules[i], bad, rc,
			                   "CLASS<TAB>PHRASE, CLASS footer, action, credit, spam or end");
	if (verbose)
		zc_boiler_on_empty_page(boiler, warn_empty_page, &cli);
	zc_boiler_filter(boiler, &filter);
	status = zc_cli_run(&cli, &filter, argc - optind, argv + optind);
	zc_boiler_free(boiler);
	free(rules);
	return status;
}
