/* cli.c - the command-line conventions shared by the four filters. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void
zc_cli_init(zc_cli *cli, char **argv, const char *prog, const char *usage)
{
	memset(cli, 0, sizeof *cli);
	argv[0] = (char *)prog;
	cli->prog = prog;
	cli->usage = usage;
	cli->stream.mode = ZC_MODE_TEXT;
}

void
zc_cli_usage_error(const zc_cli *cli, const char *message)
{
	if (message)
		fprintf(stderr, "%s: %s\n", cli->prog, message);
	fputs(cli->usage, stderr);
	exit(ZC_EXIT_USAGE);
}

void
zc_cli_print_and_exit(const zc_cli *cli, const char *text)
{
	fputs(text, stdout);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "%s: stdout: %s\n", cli->prog, strerror(errno));
		exit(ZC_EXIT_FAILURE);
	}
	exit(ZC_EXIT_OK);
}

static void
print_version(const zc_cli *cli)
{
	char line[256];

	snprintf(line, sizeof line, "%s (%s) %s\n", cli->prog, PACKAGE_NAME, PACKAGE_VERSION);
	zc_cli_print_and_exit(cli, line);
}

/* -z and --jsonl each choose how documents are delimited: one at most. */
static void
set_mode(zc_cli *cli, enum zc_mode mode)
{
	if (cli->mode_given && cli->stream.mode != mode)
		zc_cli_usage_error(cli, "-z and --jsonl cannot be used together");
	cli->mode_given = 1;
	cli->stream.mode = mode;
}

int
zc_cli_common_option(zc_cli *cli, int c, const char *arg)
{
	switch (c) {
	case 'h':
		zc_cli_print_and_exit(cli, cli->usage);
		break;
	case 'V':
		print_version(cli);
		break;
	case 'z':
		set_mode(cli, ZC_MODE_NUL);
		return 1;
	case ZC_OPT_JSONL:
		set_mode(cli, ZC_MODE_JSONL);
		if (arg != NULL && *arg == '\0')
			zc_cli_usage_error(cli, "--jsonl: the field name is empty");
		cli->stream.json_field = arg;
		return 1;
	case ZC_OPT_STRICT:
		cli->stream.strict = 1;
		return 1;
	case '?':
		zc_cli_usage_error(cli, NULL);
		break;
	}
	return 0;
}

void
zc_cli_options_done(const zc_cli *cli)
{
	if (cli->stream.strict && cli->stream.mode != ZC_MODE_JSONL)
		zc_cli_usage_error(cli, "--strict works with --jsonl only");
}

void
zc_cli_warn(const zc_cli *cli, const char *what, int err)
{
	fprintf(stderr, "%s: %s: %s\n", cli->prog, what, zc_strerror(err));
}

void
zc_cli_die(const zc_cli *cli, const char *what, int err)
{
	zc_cli_warn(cli, what, err);
	exit(ZC_EXIT_FAILURE);
}

void
zc_cli_die_at_line(const zc_cli *cli, const char *file, size_t line, int err,
                   const char *format)
{
	if (line == 0 || err != ZC_EDATA)
		zc_cli_die(cli, file, err);
	fprintf(stderr, "%s: %s:%zu: malformed line (want %s)\n", cli->prog, file, line, format);
	exit(ZC_EXIT_FAILURE);
}

/* The output can no longer be written: say so (unless the reader simply
 * went away, as with `| head -1`) and stop. */
static void
output_failed(const zc_cli *cli, int err)
{
	if (err != ZC_EPIPE)
		zc_cli_warn(cli, "stdout", err);
	exit(ZC_EXIT_FAILURE);
}

static void
run_one(zc_cli *cli, const zc_filter *filter, const char *name)
{
	zc_stream_stats stats;
	FILE *in = stdin;
	int rc;

	if (strcmp(name, "-") != 0 && (in = fopen(name, "rb")) == NULL) {
		rc = errno;
		fprintf(stderr, "%s: %s: %s\n", cli->prog, name, strerror(rc));
		cli->status = ZC_EXIT_FAILURE;
		return;
	}
	errno = 0;
	rc = zc_stream_run(filter, &cli->stream, in, stdout, &stats);
	if (rc == ZC_EWRITE || rc == ZC_EPIPE)
		output_failed(cli, rc);
	if (rc == ZC_ERECORD) {
		fprintf(stderr, "%s: %s:%lu: not a JSON object with a string \"%s\" field\n",
		        cli->prog, in == stdin ? "stdin" : name, stats.error_record,
		        cli->stream.json_field ? cli->stream.json_field : "text");
		cli->status = ZC_EXIT_FAILURE;
	} else if (rc != ZC_OK) {
		zc_cli_warn(cli, in == stdin ? "stdin" : name, rc);
		cli->status = ZC_EXIT_FAILURE;
	}
	if (stats.bad_records > 0)
		fprintf(stderr, "%s: %s: %lu line(s) not a JSON object with a string "
		        "\"%s\" field, passed through unchanged\n", cli->prog,
		        in == stdin ? "stdin" : name, stats.bad_records,
		        cli->stream.json_field ? cli->stream.json_field : "text");
	if (in != stdin)
		fclose(in);
	else
		clearerr(stdin);
}

int
zc_cli_run(zc_cli *cli, const zc_filter *filter, int argc, char **argv)
{
	int i;

	if (argc == 0)
		run_one(cli, filter, "-");
	for (i = 0; i < argc; i++)
		run_one(cli, filter, argv[i]);
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout))
		output_failed(cli, errno == EPIPE ? ZC_EPIPE : ZC_EWRITE);
	return cli->status;
}
