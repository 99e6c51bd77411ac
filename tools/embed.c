/* embed.c — build-time generator: writes a C file that compiles files into the binary with
 * the assembler's .incbin, plus a table describing them.
 *
 *   embed embedded DIR[:DIR...] OUT   -> OUT.c defining embedded_files[] (see src/embedded.h)
 *                                        names are "<last dir component>/<file>"
 *   embed assets DIR OUT              -> OUT.c defining assets_table[] (see src/assets.h)
 *                                        walks DIR recursively; text files get a gzip copy
 *                                        written under OUT.gz/ when it saves space
 */
#include <dirent.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

struct entry {
	char path[PATH_MAX]; /* absolute path of the file */
	char name[PATH_MAX]; /* name in the table */
};

static struct entry *entries;
static size_t nentries, capentries;

static void die(const char *msg, const char *arg)
{
	fprintf(stderr, "embed: %s %s\n", msg, arg ? arg : "");
	exit(1);
}

static void add(const char *path, const char *name)
{
	if (nentries == capentries) {
		capentries = capentries ? capentries * 2 : 64;
		entries = realloc(entries, capentries * sizeof *entries);
		if (!entries)
			die("out of memory", NULL);
	}
	if (!realpath(path, entries[nentries].path))
		die("cannot resolve", path);
	snprintf(entries[nentries].name, PATH_MAX, "%s", name);
	nentries++;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static void walk(const char *dir, const char *prefix, int recursive)
{
	DIR *d = opendir(dir);
	if (!d)
		return; /* a missing directory embeds nothing */
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[PATH_MAX], name[PATH_MAX];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		snprintf(name, sizeof name, "%s/%s", prefix, e->d_name);
		struct stat st;
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (recursive)
				walk(path, name, 1);
		} else if (S_ISREG(st.st_mode)) {
			add(path, name);
		}
	}
	closedir(d);
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		die("cannot read", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
		die("cannot read", path);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void emit_incbin(FILE *out, const char *sym, const char *path)
{
	fprintf(out,
	        "__asm__(\".section .rodata\\n.balign 16\\n.global %s\\n.hidden %s\\n%s:\\n"
	        ".incbin \\\"%s\\\"\\n.byte 0\\n.previous\\n\");\n"
	        "extern const unsigned char %s[];\n",
	        sym, sym, sym, path, sym);
}

static void c_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static const char *mime_of(const char *name)
{
	static const struct {
		const char *ext, *mime;
	} types[] = {
	        {".html", "text/html; charset=utf-8"},
	        {".js", "text/javascript; charset=utf-8"},
	        {".mjs", "text/javascript; charset=utf-8"},
	        {".css", "text/css; charset=utf-8"},
	        {".json", "application/json"},
	        {".svg", "image/svg+xml"},
	        {".png", "image/png"},
	        {".ico", "image/x-icon"},
	        {".woff2", "font/woff2"},
	        {".woff", "font/woff"},
	        {".txt", "text/plain; charset=utf-8"},
	        {".map", "application/json"},
	        {".webmanifest", "application/manifest+json"},
	};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].mime;
	return "application/octet-stream";
}

static int compressible(const char *mime)
{
	return strncmp(mime, "text/", 5) == 0 || strstr(mime, "json") || strstr(mime, "svg");
}

/* Deterministic gzip (zlib's default header carries no time stamp). */
static unsigned char *gzip(const unsigned char *in, size_t n, size_t *outlen)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
		die("deflateInit2 failed", NULL);
	size_t cap = deflateBound(&z, (uLong)n) + 64;
	unsigned char *out = malloc(cap);
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		die("deflate failed", NULL);
	*outlen = z.total_out;
	deflateEnd(&z);
	return out;
}

static uint64_t fnv1a(const unsigned char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static FILE *open_out(const char *prefix)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s.c", prefix);
	FILE *out = fopen(path, "w");
	if (!out)
		die("cannot write", path);
	fprintf(out, "/* Generated by tools/embed.c; do not edit. */\n#include <stddef.h>\n");
	return out;
}

static void gen_embedded(char *dirs, const char *prefix)
{
	for (char *dir = strtok(dirs, ":"); dir; dir = strtok(NULL, ":")) {
		const char *base = strrchr(dir, '/');
		walk(dir, base ? base + 1 : dir, 0);
	}
	qsort(entries, nentries, sizeof *entries, cmp_entry);
	FILE *out = open_out(prefix);
	fprintf(out, "#include <string.h>\n#include \"embedded.h\"\n");
	for (size_t i = 0; i < nentries; i++) {
		char sym[64];
		snprintf(sym, sizeof sym, "jaego_file_%zu", i);
		emit_incbin(out, sym, entries[i].path);
	}
	fprintf(out, "const struct embedded_file embedded_files[] = {\n");
	for (size_t i = 0; i < nentries; i++) {
		size_t len;
		free(slurp(entries[i].path, &len));
		fprintf(out, "\t{");
		c_string(out, entries[i].name);
		fprintf(out, ", jaego_file_%zu, %zu},\n", i, len);
	}
	fprintf(out, "\t{NULL, NULL, 0}\n};\nconst size_t embedded_count = %zu;\n", nentries);
	fprintf(out, "const struct embedded_file *embedded_find(const char *name)\n{\n"
	             "\tfor (size_t i = 0; i < embedded_count; i++)\n"
	             "\t\tif (strcmp(embedded_files[i].name, name) == 0)\n"
	             "\t\t\treturn &embedded_files[i];\n\treturn NULL;\n}\n");
	fclose(out);
}

static void gen_assets(const char *dir, const char *prefix)
{
	walk(dir, "", 1);
	qsort(entries, nentries, sizeof *entries, cmp_entry);
	char gzdir[PATH_MAX];
	snprintf(gzdir, sizeof gzdir, "%s.gz", prefix);
	mkdir(gzdir, 0755);
	FILE *out = open_out(prefix);
	fprintf(out, "#include \"assets.h\"\n");
	size_t *lens = calloc(nentries + 1, sizeof *lens),
	       *gzlens = calloc(nentries + 1, sizeof *gzlens);
	uint64_t *hashes = calloc(nentries + 1, sizeof *hashes);
	for (size_t i = 0; i < nentries; i++) {
		unsigned char *data = slurp(entries[i].path, &lens[i]);
		hashes[i] = fnv1a(data, lens[i]);
		char sym[64];
		snprintf(sym, sizeof sym, "jaego_asset_%zu", i);
		emit_incbin(out, sym, entries[i].path);
		if (compressible(mime_of(entries[i].name)) && lens[i] > 256) {
			size_t zl;
			unsigned char *z = gzip(data, lens[i], &zl);
			if (zl < lens[i] * 9 / 10) {
				char gzpath[PATH_MAX + 32];
				snprintf(gzpath, sizeof gzpath, "%s/%zu.gz", gzdir, i);
				FILE *g = fopen(gzpath, "wb");
				if (!g || fwrite(z, 1, zl, g) != zl)
					die("cannot write", gzpath);
				fclose(g);
				char abs[PATH_MAX];
				if (!realpath(gzpath, abs))
					die("cannot resolve", gzpath);
				snprintf(sym, sizeof sym, "jaego_asset_gz_%zu", i);
				emit_incbin(out, sym, abs);
				gzlens[i] = zl;
			}
			free(z);
		}
		free(data);
	}
	fprintf(out, "const struct asset assets_table[] = {\n");
	for (size_t i = 0; i < nentries; i++) {
		fprintf(out, "\t{");
		c_string(out, entries[i].name);
		fprintf(out, ", ");
		c_string(out, mime_of(entries[i].name));
		fprintf(out, ", jaego_asset_%zu, %zu, ", i, lens[i]);
		if (gzlens[i])
			fprintf(out, "jaego_asset_gz_%zu, %zu, ", i, gzlens[i]);
		else
			fprintf(out, "NULL, 0, ");
		fprintf(out, "\"\\\"%016llx\\\"\", %d},\n", (unsigned long long)hashes[i],
		        strncmp(entries[i].name, "/assets/", 8) == 0);
	}
	fprintf(out,
	        "\t{NULL, NULL, NULL, 0, NULL, 0, NULL, 0}\n};\n"
	        "const size_t assets_count = %zu;\n",
	        nentries);
	fclose(out);
	free(lens);
	free(gzlens);
	free(hashes);
}

int main(int argc, char **argv)
{
	if (argc != 4)
		die("usage: embed embedded|assets DIRS OUTPREFIX", NULL);
	if (strcmp(argv[1], "embedded") == 0)
		gen_embedded(argv[2], argv[3]);
	else if (strcmp(argv[1], "assets") == 0)
		gen_assets(argv[2], argv[3]);
	else
		die("unknown mode", argv[1]);
	return 0;
}
