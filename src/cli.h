/*
 * cli.h - the command-line conventions every zhclean filter shares:
 * common options, the operand loop, error messages and exit codes.
 * Linked into the programs, not into libzhclean (this part prints and exits).
 */
#ifndef ZC_CLI_H
#define ZC_CLI_H

#include <getopt.h>

#include "zhclean.h"

enum { ZC_EXIT_OK = 0, ZC_EXIT_FAILURE = 1, ZC_EXIT_USAGE = 2 };

/* Long-option codes of the common options that have no short letter. */
enum { ZC_OPT_JSONL = 0x100, ZC_OPT_STRICT, ZC_OPT_FIRST_FILTER_OPTION = 0x120 };

#define ZC_CLI_COMMON_SHORTOPTS "hVz"
#define ZC_CLI_COMMON_LONGOPTS \
	{"help", no_argument, NULL, 'h'}, \
	{"version", no_argument, NULL, 'V'}, \
	{"null-data", no_argument, NULL, 'z'}, \
	{"jsonl", optional_argument, NULL, ZC_OPT_JSONL}, \
	{"strict", no_argument, NULL, ZC_OPT_STRICT}

/* The common options as they appear in every filter's usage text. */
#define ZC_CLI_COMMON_USAGE \
	"  -z, --null-data     documents are separated by NUL bytes\n" \
	"      --jsonl[=FIELD] each line is a JSON object; filter its FIELD\n" \
	"                      (default: text) and keep the other fields\n" \
	"      --strict        with --jsonl, a line that is not such an object\n" \
	"                      is an error (default: passed through, counted)\n" \
	"  -h, --help          print this help and exit\n" \
	"  -V, --version       print the version and exit\n"

typedef struct zc_cli {
	const char *prog;
	const char *usage;      /* "Usage: ..." text, ending in a newline */
	zc_stream_opts stream;
	int mode_given;         /* -z or --jsonl was given */
	int status;             /* exit status so far */
} zc_cli;

/* Set up the conventions for program prog; argv[0] becomes prog, so that
 * getopt's messages name it as every other message does. */
void zc_cli_init(zc_cli *cli, char **argv, const char *prog, const char *usage);
/* Handle a common option or an unknown one (getopt's '?'); exits for
 * -h, -V and usage errors. Returns 1 if handled, 0 if c is not common. */
int zc_cli_common_option(zc_cli *cli, int c, const char *arg);
/* After the options: exit with a usage error where the common ones do not
 * go together (--strict without --jsonl). */
void zc_cli_options_done(const zc_cli *cli);
/* Print text to stdout and exit: 0, or 1 with a message if it could not
 * be written (--help > /dev/full). */
void zc_cli_print_and_exit(const zc_cli *cli, const char *text);
/* Print "usage" to stderr and exit 2, after an optional message. */
void zc_cli_usage_error(const zc_cli *cli, const char *message);
/* Print "prog: what: reason" (reason from a ZC_E* code) to stderr. */
void zc_cli_warn(const zc_cli *cli, const char *what, int err);
/* Print "prog: what: reason" and exit 1: for setup failures. */
void zc_cli_die(const zc_cli *cli, const char *what, int err);
/* The same for a malformed line of a text file given as an option:
 * "prog: file:line: malformed line (want FORMAT)" (line 0: "prog: file:
 * reason" from err). */
void zc_cli_die_at_line(const zc_cli *cli, const char *file, size_t line, int err,
                        const char *format);
/* Run the filter over each operand (none or "-": stdin) to stdout; return
 * the exit status. An unreadable operand is reported and skipped. */
int zc_cli_run(zc_cli *cli, const zc_filter *filter, int argc, char **argv);

#endif /* ZC_CLI_H */
