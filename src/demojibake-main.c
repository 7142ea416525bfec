/* demojibake - repair encoding damage in scraped Chinese text. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static const char usage[] =
	"Usage: demojibake [-hVz] [-f ENC] [--punct] [--nfc | --nfkc] [--nbsp]\n"
	"                  [--explain] [--jsonl[=FIELD]] [--strict] [FILE ...]\n"
	"Repair encoding damage in scraped Chinese text; clean text is unchanged.\n"
	"\n"
	"  -f, --from ENC      read input in encoding ENC (an iconv name)\n"
	"                      instead of detecting UTF-8, GB18030, Big5, UTF-16\n"
	"      --punct         full-width punctuation between Han characters\n"
	"      --nfc           normalise to Unicode NFC\n"
	"      --nfkc          normalise to Unicode NFKC\n"
	"      --nbsp          turn no-break spaces (U+00A0) into spaces\n"
	"      --explain       report each change on standard error\n"
	ZC_CLI_COMMON_USAGE
	"\n"
	"With no FILE, or when FILE is -, read standard input.\n";

enum {
	OPT_PUNCT = ZC_OPT_FIRST_FILTER_OPTION, OPT_NFC, OPT_NFKC, OPT_NBSP, OPT_EXPLAIN
};

/* Bytes that would not show as themselves on a terminal are written \xNN. */
static void
put_visible(const char *s, size_t n)
{
	size_t i = 0, len;
	uint32_t cp;

	while (i < n) {
		len = zc_utf8_decode(s + i, n - i, &cp);
		if (cp == ZC_INVALID || cp < 0x20 || cp == 0x7F)
			fprintf(stderr, "\\x%02X", (unsigned char)s[i]);
		else
			fwrite(s + i, 1, len, stderr);
		i += len;
	}
}

/* --explain: "LINE:COLUMN: KIND: before -> after". */
static void
explain(void *arg, size_t line, size_t column, const char *kind,
        const char *before, size_t before_len, const char *after, size_t after_len)
{
	(void)arg;
	fprintf(stderr, "%zu:%zu: %s: ", line, column, kind);
	put_visible(before, before_len);
	fputs(" -> ", stderr);
	put_visible(after, after_len);
	fputc('\n', stderr);
}

/* --nfc and --nfkc: one normal form at most. */
static void
set_normalize(const zc_cli *cli, zc_demojibake_opts *opts, enum zc_demojibake_norm form)
{
	if (opts->normalize != ZC_NORM_NONE && opts->normalize != form)
		zc_cli_usage_error(cli, "--nfc and --nfkc cannot be used together");
	opts->normalize = form;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"from", required_argument, NULL, 'f'},
		{"punct", no_argument, NULL, OPT_PUNCT},
		{"nfc", no_argument, NULL, OPT_NFC},
		{"nfkc", no_argument, NULL, OPT_NFKC},
		{"nbsp", no_argument, NULL, OPT_NBSP},
		{"explain", no_argument, NULL, OPT_EXPLAIN},
		ZC_CLI_COMMON_LONGOPTS,
		{NULL, 0, NULL, 0}
	};
	zc_demojibake_opts opts = {0};
	zc_demojibake *d;
	zc_filter filter;
	zc_cli cli;
	char path[4096];
	int c, rc, status;

	zc_cli_init(&cli, argv, "demojibake", usage);
	while ((c = getopt_long(argc, argv, "f:" ZC_CLI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case 'f': opts.from = optarg; break;
		case OPT_PUNCT: opts.punct = 1; break;
		case OPT_NFC: set_normalize(&cli, &opts, ZC_NORM_NFC); break;
		case OPT_NFKC: set_normalize(&cli, &opts, ZC_NORM_NFKC); break;
		case OPT_NBSP: opts.nbsp = 1; break;
		case OPT_EXPLAIN: opts.explain = explain; break;
		default: zc_cli_common_option(&cli, c, optarg); break;
		}
	}
	zc_cli_options_done(&cli);
	if (opts.from != NULL && *opts.from == '\0')
		zc_cli_usage_error(&cli, "--from: the encoding name is empty");
	rc = zc_demojibake_open(&d, &opts);
	if (rc == ZC_EENCODING) {
		fprintf(stderr, "demojibake: %s: unknown encoding\n", opts.from);
		zc_cli_usage_error(&cli, NULL);
	}
	if (rc != ZC_OK)
		zc_cli_die(&cli, zc_data_path("charmodel.bin", path, sizeof path) ?
		                 path : "character model", rc);
	zc_demojibake_filter(d, &filter);
	status = zc_cli_run(&cli, &filter, argc - optind, argv + optind);
	/* The report was asked for: losing it (2>/dev/full) is a failure,
	 * though there is nowhere left to say so. */
	if (opts.explain && (fflush(stderr) != 0 || ferror(stderr)))
		status = ZC_EXIT_FAILURE;
	zc_demojibake_close(d);
	return status;
}
