/* test_fc_kernels.c — the engine's fits do not depend on the BLAS kernel OpenBLAS picks for
 * the CPU. OpenBLAS reads OPENBLAS_CORETYPE once, when it loads, so another kernel needs
 * another process: the test runs its own program again under each kernel below (SSE3, the
 * Core 2 and Nehalem kernels, AVX, AVX2 with FMA, AVX-512), each run printing its fits as
 * exact hexadecimal doubles, and compares them with the fits of the default kernel:
 *  - ARIMA (a fixed order on a flat likelihood, and the automatic search) and ETS (the
 *    automatic choice) bit for bit: they call no BLAS or LAPACK (fc_linalg.c);
 *  - the Prophet-style model to 1e-9 relative: its normal equations go through OpenBLAS
 *    (dsyrk, dgemv, dposv), but the fit is convex with a fixed number of steps, so the
 *    kernel moves only its last bits and no decision.
 * A kernel this CPU cannot run (the run dies of SIGILL) or that OpenBLAS does not know here
 * (it reports another core) is skipped with a message; on a CPU without AVX-512 the
 * comparison covers the kernels it has. The scripts/coretypes.sh run compares whole
 * forecasts of every model on real data across every kernel the machine supports. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cblas.h>
#include <cmocka.h>
#include <lapacke.h>

#include "fc_arima.h"
#include "fc_ets.h"
#include "forecast.h"

extern char **environ;

#define H       14
#define MAXN    2000
#define OUT_CAP (256 * 1024)

static const char *const series_names[] = {"pasta_b1_12", "pasta_b2_15p1", "retail_85123a"};
#define NSERIES 3

static const char *fixture_dir(void)
{
	const char *d = getenv("FC_FIXTURES");
	return d ? d : "tests/data/r_fixtures";
}

/* Reads one fixture series; returns its length, 0 when it cannot be read. */
static int read_series(const char *name, double *y)
{
	char path[512];
	snprintf(path, sizeof path, "%s/series_%s.txt", fixture_dir(), name);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	int n = 0;
	while (n < MAXN && fscanf(f, "%lf", &y[n]) == 1)
		n++;
	fclose(f);
	return n;
}

static void put_doubles(FILE *out, const char *label, const double *v, int n)
{
	fputs(label, out);
	for (int i = 0; i < n; i++)
		fprintf(out, " %a", v[i]);
	fputc('\n', out);
}

/* Every fit the comparison covers, one line each: "exact LABEL values..." lines must be
 * equal as text, "close LABEL values..." lines equal within 1e-9 relative. Returns 0, or
 * -1 when a series is missing or a fit fails (then the output says which). */
static int print_fits(FILE *out)
{
	static double y[NSERIES][MAXN];
	int n[NSERIES];
	for (int s = 0; s < NSERIES; s++)
		if ((n[s] = read_series(series_names[s], y[s])) < 100) {
			fprintf(out, "error cannot read %s\n", series_names[s]);
			return -1;
		}
	char label[128];
	double mean[H], var[H];
	for (int s = 0; s < NSERIES; s++) {
		const char *specs[2] = {NULL, s == 2 ? "1,0,1,1,0,1,1" : NULL};
		for (int k = 0; k < 2; k++) {
			if (k == 1 && !specs[1])
				continue;
			fc_arima *m = NULL;
			int rc = fc_arima_fit(y[s], n[s], 7, specs[k], &m);
			if (rc == FC_OK)
				rc = fc_arima_forecast(m, H, mean, var);
			snprintf(label, sizeof label, "exact arima %s %s %s", series_names[s],
			         specs[k] ? specs[k] : "auto", m ? fc_arima_name(m) : "-");
			fc_arima_free(m);
			if (rc != FC_OK) {
				fprintf(out, "error %s: %s\n", label, fc_strerror(rc));
				return -1;
			}
			put_doubles(out, label, mean, H);
		}
		fc_ets *e = NULL;
		int rc = fc_ets_fit(y[s], n[s], 7, NULL, &e);
		if (rc == FC_OK)
			rc = fc_ets_forecast(e, H, mean, var);
		snprintf(label, sizeof label, "exact ets %s %s", series_names[s],
		         e ? fc_ets_name(e) : "-");
		fc_ets_free(e);
		if (rc != FC_OK) {
			fprintf(out, "error %s: %s\n", label, fc_strerror(rc));
			return -1;
		}
		put_doubles(out, label, mean, H);
	}
	const double *ys[NSERIES] = {y[0], y[1], y[2]};
	fc_options opt;
	fc_options_init(&opt);
	opt.model = "prophet";
	opt.horizon = H;
	opt.nthreads = 1;
	fc_result res[NSERIES];
	int rc = fc_forecast_batch(ys, n, NSERIES, &opt, res);
	if (rc != FC_OK) {
		fprintf(out, "error prophet batch: %s\n", fc_strerror(rc));
		return -1;
	}
	for (int s = 0; s < NSERIES; s++) {
		snprintf(label, sizeof label, "close prophet %s %s", series_names[s], res[s].model);
		put_doubles(out, label, res[s].mean, H);
		fc_result_free(&res[s]);
	}
	return 0;
}

/* What the runs share: this program's own fits, and its path. */
typedef struct kstate {
	char *mine;
	size_t mine_len;
	char self[4096];
} kstate;

static int kernels_setup(void **state)
{
	kstate *k = calloc(1, sizeof *k);
	if (!k)
		return -1;
	*state = k;
	ssize_t len = readlink("/proc/self/exe", k->self, sizeof k->self - 1);
	if (len <= 0)
		return -1;
	k->self[len] = 0;
	FILE *f = open_memstream(&k->mine, &k->mine_len);
	if (!f)
		return -1;
	int rc = print_fits(f);
	fclose(f);
	if (rc != 0)
		print_error("%s", k->mine);
	return rc;
}

static int kernels_teardown(void **state)
{
	kstate *k = *state;
	if (k)
		free(k->mine);
	free(k);
	return 0;
}

/* Runs this program with --print-fits under OPENBLAS_CORETYPE=kernel; its standard output
 * goes to out (at most cap - 1 bytes, NUL-terminated). Returns the wait status, or -1 when
 * it could not be started. */
static int run_child(const char *self, const char *kernel, char *out, size_t cap)
{
	size_t nenv = 0;
	while (environ[nenv])
		nenv++;
	char **env = calloc(nenv + 2, sizeof *env);
	char setting[64];
	if (!env)
		return -1;
	snprintf(setting, sizeof setting, "OPENBLAS_CORETYPE=%s", kernel);
	size_t j = 0;
	for (size_t i = 0; i < nenv; i++)
		if (strncmp(environ[i], "OPENBLAS_CORETYPE=", 18) != 0)
			env[j++] = environ[i];
	env[j++] = setting;
	env[j] = NULL;
	int fd[2];
	if (pipe(fd) != 0) {
		free(env);
		return -1;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd[1], STDOUT_FILENO);
	posix_spawn_file_actions_addclose(&fa, fd[0]);
	posix_spawn_file_actions_addclose(&fa, fd[1]);
	char *argv[] = {(char *)self, "--print-fits", NULL};
	pid_t pid;
	int rc = posix_spawn(&pid, self, &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	free(env);
	close(fd[1]);
	if (rc != 0) {
		close(fd[0]);
		return -1;
	}
	size_t len = 0;
	for (;;) {
		char tmp[4096];
		ssize_t r = read(fd[0], tmp, sizeof tmp);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		size_t take = (size_t)r < cap - 1 - len ? (size_t)r : cap - 1 - len;
		memcpy(out + len, tmp, take);
		len += take;
	}
	out[len] = 0;
	close(fd[0]);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return status;
}

/* Compares two "close" lines: the same label and values within rel. Returns 1 if so. */
static int close_lines(const char *a, const char *b, double rel)
{
	const char *va = strstr(a, " 0x"), *vb = strstr(b, " 0x");
	if (!va || !vb || va - a != vb - b || strncmp(a, b, (size_t)(va - a)) != 0)
		return 0;
	for (;;) {
		char *ea, *eb;
		double x = strtod(va, &ea), y = strtod(vb, &eb);
		if (ea == va || eb == vb)
			return ea == va && eb == vb;
		if (!(fabs(x - y) <= rel * fmax(fabs(x), fabs(y))))
			return 0;
		va = ea;
		vb = eb;
	}
}

/* Checks one kernel's output against ours, line by line; fails with the first difference. */
static void compare_fits(const char *kernel, const char *mine, const char *theirs)
{
	const char *a = mine, *b = theirs;
	int line = 0;
	while (*a || *b) {
		const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
		size_t la = ea ? (size_t)(ea - a) : strlen(a),
		       lb = eb ? (size_t)(eb - b) : strlen(b);
		char sa[4096], sb[4096];
		snprintf(sa, sizeof sa, "%.*s", (int)la, a);
		snprintf(sb, sizeof sb, "%.*s", (int)lb, b);
		line++;
		int same = strncmp(sa, "close ", 6) == 0 ? close_lines(sa, sb, 1e-9)
		                                         : strcmp(sa, sb) == 0;
		if (!same)
			fail_msg("kernel %s, line %d:\n  default: %.300s\n  %s: %.300s", kernel,
			         line, sa, kernel, sb);
		a += la + (ea ? 1 : 0);
		b += lb + (eb ? 1 : 0);
	}
}

static void fits_do_not_depend_on_the_blas_kernel(void **state)
{
	kstate *k = *state;
	static const char *const kernels[] = {"Prescott",    "Core2",   "Nehalem",
	                                      "Sandybridge", "Haswell", "SkylakeX"};
	static char out[OUT_CAP];
	int compared = 0;
	for (size_t i = 0; i < sizeof kernels / sizeof kernels[0]; i++) {
		int status = run_child(k->self, kernels[i], out, sizeof out);
		assert_true(status != -1);
		if (WIFSIGNALED(status) && WTERMSIG(status) == SIGILL) {
			print_message("kernel %s: not runnable on this CPU, skipped\n", kernels[i]);
			continue;
		}
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			fail_msg("kernel %s: the run failed (status %d):\n%.500s", kernels[i],
			         status, out);
		/* the first line names the core the run used */
		char core[64] = "";
		sscanf(out, "core %63s", core);
		if (strcasecmp(core, kernels[i]) != 0) {
			print_message("kernel %s: OpenBLAS used %s instead, skipped\n", kernels[i],
			              core);
			continue;
		}
		const char *body = strchr(out, '\n');
		compare_fits(kernels[i], k->mine, body ? body + 1 : "");
		compared++;
	}
	print_message("compared %d kernels with the default (%s)\n", compared,
	              openblas_get_corename());
}

/* FNV-1a over the bytes of n doubles. */
static uint64_t fnv(uint64_t h, const double *v, size_t n)
{
	const unsigned char *p = (const unsigned char *)v;
	for (size_t i = 0; i < n * sizeof *v; i++)
		h = (h ^ p[i]) * 1099511628211ULL;
	return h;
}

/* For scripts/coretypes.sh: the core OpenBLAS runs and a fingerprint of the bits its kernels
 * give for the operations the engine calls (dot, norm, gemv, syrk, gemm, a Cholesky solve)
 * on fixed data. Two OPENBLAS_CORETYPE names with the same fingerprint share kernels. */
static int print_fingerprint(void)
{
	enum { N = 301, K = 7 };
	static double A[N * K], B[K * N], C[N * N], v[N], w[N];
	double S[K * K], y[K];
	uint64_t s = 42;
	for (int i = 0; i < N * K; i++) {
		s = s * 6364136223846793005ULL + 1442695040888963407ULL;
		A[i] = (double)(s >> 11) / 9007199254740992.0 - 0.3;
		B[i] = 1.7 * A[i] - 0.1;
	}
	for (int i = 0; i < N; i++) {
		v[i] = 3.1 * A[i];
		w[i] = A[i + N] - 0.2;
	}
	double d[2] = {cblas_ddot(N, v, 1, w, 1), cblas_dnrm2(N, v, 1)};
	uint64_t h = fnv(1469598103934665603ULL, d, 2);
	cblas_dgemv(CblasRowMajor, CblasTrans, N, K, 1.0, A, K, v, 1, 0.0, y, 1);
	h = fnv(h, y, K);
	cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, K, N, 1.0, A, K, 0.0, S, K);
	h = fnv(h, S, K * K);
	cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, N, N, K, 1.0, A, K, B, N, 0.0, C, N);
	h = fnv(h, C, (size_t)N * N);
	for (int i = 0; i < K; i++)
		S[i * K + i] += 1;
	if (LAPACKE_dposv(LAPACK_ROW_MAJOR, 'U', K, 1, S, K, y, 1) != 0)
		return 1;
	h = fnv(h, y, K);
	printf("core %s %016llx\n", openblas_get_corename(), (unsigned long long)h);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--print-fits") == 0) {
		printf("core %s\n", openblas_get_corename());
		return print_fits(stdout) == 0 ? 0 : 1;
	}
	if (argc == 2 && strcmp(argv[1], "--blas-fingerprint") == 0)
		return print_fingerprint();
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(fits_do_not_depend_on_the_blas_kernel,
	                                        kernels_setup, kernels_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
