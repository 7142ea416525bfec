/* segment - split Chinese text into words, as jieba does, at C speed. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static const char usage[] =
	"Usage: segment [-hstVz] [-d DELIM] [--no-hmm] [--dict FILE] [--user-dict FILE]\n"
	"               [--jsonl[=FIELD]] [--strict] [FILE ...]\n"
	"       segment --check-dict FILE\n"
	"Split Chinese text into words, as jieba.cut does.\n"
	"\n"
	"  -d, --delimiter DELIM\n"
	"                      write DELIM between words (default: one space); it\n"
	"                      may not hold Han, ASCII letters or digits, or +#&._%-\n"
	"      --no-hmm        no HMM for unknown words (jieba's HMM=False)\n"
	"  -s, --sentences     also start a new line after each sentence\n"
	"  -t, --traditional   look words up through their simplified forms, for\n"
	"                      traditional text (the original characters are written)\n"
	"      --dict FILE     use FILE, in jieba's dict.txt format, as the dictionary\n"
	"      --user-dict FILE\n"
	"                      add the words of FILE (jieba's \"word [freq] [tag]\")\n"
	"      --check-dict FILE\n"
	"                      verify a compiled dictionary, checksum included\n"
	ZC_CLI_COMMON_USAGE
	"\n"
	"With no FILE, or when FILE is -, read standard input.\n";

enum {
	OPT_NO_HMM = ZC_OPT_FIRST_FILTER_OPTION,
	OPT_DICT,
	OPT_USER_DICT,
	OPT_CHECK_DICT
};

static int
check_dict(const zc_cli *cli, const char *path)
{
	int rc = zc_segdict_verify(path);
	char line[4200];

	if (rc != ZC_OK)
		zc_cli_die(cli, path, rc);
	snprintf(line, sizeof line, "%s: ok\n", path);
	zc_cli_print_and_exit(cli, line);
	return ZC_EXIT_OK;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"delimiter", required_argument, NULL, 'd'},
		{"sentences", no_argument, NULL, 's'},
		{"traditional", no_argument, NULL, 't'},
		{"no-hmm", no_argument, NULL, OPT_NO_HMM},
		{"dict", required_argument, NULL, OPT_DICT},
		{"user-dict", required_argument, NULL, OPT_USER_DICT},
		{"check-dict", required_argument, NULL, OPT_CHECK_DICT},
		ZC_CLI_COMMON_LONGOPTS,
		{NULL, 0, NULL, 0}
	};
	zc_segment_opts opts = {NULL, 0, 0, 0};
	const char *dict_file = NULL, *user_dict = NULL, *check = NULL;
	char default_path[4096];
	zc_segdict *dict, *text_dict;
	zc_segmenter *seg;
	zc_filter filter;
	zc_cli cli;
	size_t bad_line;
	int c, rc, status;

	zc_cli_init(&cli, argv, "segment", usage);
	while ((c = getopt_long(argc, argv, "d:st" ZC_CLI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case 'd': opts.delimiter = optarg; break;
		case 's': opts.sentences = 1; break;
		case 't': opts.traditional = 1; break;
		case OPT_NO_HMM: opts.no_hmm = 1; break;
		case OPT_DICT: dict_file = optarg; break;
		case OPT_USER_DICT: user_dict = optarg; break;
		case OPT_CHECK_DICT: check = optarg; break;
		default: zc_cli_common_option(&cli, c, optarg);
		}
	}
	zc_cli_options_done(&cli);
	if (opts.delimiter != NULL && *opts.delimiter == '\0')
		zc_cli_usage_error(&cli, "the delimiter is empty");
	if (check != NULL) {
		if (optind != argc)
			zc_cli_usage_error(&cli, "--check-dict takes no other operands");
		return check_dict(&cli, check);
	}
	if ((rc = zc_segdict_open(&dict, NULL)) != ZC_OK)
		zc_cli_die(&cli, zc_segdict_default_path(default_path, sizeof default_path), rc);
	if (dict_file != NULL) {
		if ((rc = zc_segdict_load_jieba(&text_dict, dict_file, dict, &bad_line)) != ZC_OK)
			zc_cli_die_at_line(&cli, dict_file, bad_line, rc, "WORD FREQUENCY [TAG], as jieba's dict.txt");
		zc_segdict_close(dict);
		dict = text_dict;
	}
	if (user_dict != NULL &&
	    (rc = zc_segdict_add_user_words(dict, user_dict, &bad_line)) != ZC_OK)
		zc_cli_die_at_line(&cli, user_dict, bad_line, rc, "WORD [FREQUENCY] [TAG]");
	rc = zc_segmenter_new(&seg, dict, &opts);
	if (rc == ZC_EINVAL)
		zc_cli_usage_error(&cli, "the delimiter may not hold Han characters, ASCII "
		                   "letters or digits, or any of +#&._%-");
	if (rc != ZC_OK)
		zc_cli_die(&cli, opts.traditional ? "--traditional" : "segmenter", rc);
	zc_segmenter_filter(seg, &filter);
	status = zc_cli_run(&cli, &filter, argc - optind, argv + optind);
	zc_segmenter_free(seg);
	zc_segdict_close(dict);
	return status;
}
