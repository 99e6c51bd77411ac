/* fc_trained.c — trained global models kept between runs (forecast.h: fc_train and
 * fc_trained_*): a nightly run trains the boosted trees and the LSTM once and saves them;
 * a daytime request loads the bytes and forecasts through opt->trained without training.
 *
 * Saved form: one text line
 *   "JTRAINED <version> <horizon> <models> <gbm bytes> <lstm bytes> <checksum>\n"
 * then the boosted trees' bytes (fc_gbm_save) and the LSTM's (fc_lstm_save). The checksum
 * (64-bit FNV-1a over everything after the line) catches a damaged file that would still
 * parse: a flipped digit in a tree's JSON or in an LSTM weight is otherwise silent. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fc_gbm.h"
#include "fc_lstm.h"
#include "fc_model.h"

#define MAGIC    "JTRAINED "
#define VERSION  1
#define HEAD_MAX 160

struct fc_trained {
	int horizon;
	fc_gbm *gbm;   /* NULL when not trained (too little history, or not wanted) */
	fc_lstm *lstm; /* likewise */
};

const struct fc_gbm *fc_trained_gbm(const struct fc_trained *t)
{
	return t ? t->gbm : NULL;
}

const struct fc_lstm *fc_trained_lstm(const struct fc_trained *t)
{
	return t ? t->lstm : NULL;
}

int fc_trained_horizon(const fc_trained *t)
{
	return t ? t->horizon : 0;
}

int fc_trained_models(const fc_trained *t)
{
	if (!t)
		return 0;
	return (t->gbm ? FC_TRAINED_GBM : 0) | (t->lstm ? FC_TRAINED_LSTM : 0);
}

void fc_trained_free(fc_trained *t)
{
	if (!t)
		return;
	fc_gbm_free(t->gbm);
	fc_lstm_free(t->lstm);
	free(t);
}

int fc_train(const double *const *ys, const int *ns, int nseries, const fc_options *opt,
             fc_trained **out)
{
	if (!out || !opt || nseries < 0 || (nseries > 0 && (!ys || !ns)) || opt->horizon < 1 ||
	    opt->horizon > FC_MAX_HORIZON)
		return FC_EINVAL;
	*out = NULL;
	for (int i = 0; i < nseries; i++)
		if (ns[i] < 0 || (ns[i] > 0 && !ys[i]))
			return FC_EINVAL;
	int want_auto = !opt->model || strcmp(opt->model, "auto") == 0;
	const fc_model_def *defs[2] = {&fc_model_gbm, &fc_model_lstm};
	int want[2];
	for (int k = 0; k < 2; k++)
		want[k] = want_auto ? fc_model_in_set(defs[k], opt)
		                    : strcmp(opt->model, defs[k]->name) == 0;
	if (!want[0] && !want[1])
		return FC_EINVAL;
	fc_trained *t = calloc(1, sizeof *t);
	if (!t)
		return FC_ENOMEM;
	t->horizon = opt->horizon;
	/* The adapters' own prepare steps, so the models are exactly those a batch trains. */
	fc_options o = *opt;
	o.trained = NULL;
	void *st[2] = {NULL, NULL};
	for (int k = 0; k < 2; k++) {
		if (!want[k])
			continue;
		/* as in a batch, a model that cannot train (too little history, or XGBoost
		 * failing) is left out; only memory is fatal */
		int rc = defs[k]->prepare(ys, ns, nseries, &o, &st[k]);
		if (rc == FC_ENOMEM) {
			defs[k]->release(st[k]);
			if (k == 1)
				defs[0]->release(st[0]);
			free(t);
			return rc;
		}
		if (rc != FC_OK) {
			defs[k]->release(st[k]);
			st[k] = NULL;
		}
	}
	t->gbm = st[0];
	t->lstm = st[1];
	if (!t->gbm && !t->lstm) {
		free(t);
		return FC_ENODATA;
	}
	*out = t;
	return FC_OK;
}

static uint64_t fnv1a(const unsigned char *p, size_t n)
{
	uint64_t h = 14695981039346656037ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

int fc_trained_save(const fc_trained *t, void **buf, size_t *len)
{
	if (!t || !buf || !len)
		return FC_EINVAL;
	void *gb = NULL, *lb = NULL;
	size_t gl = 0, ll = 0;
	int rc = FC_OK;
	if (t->gbm)
		rc = fc_gbm_save(t->gbm, &gb, &gl);
	if (rc == FC_OK && t->lstm)
		rc = fc_lstm_save(t->lstm, &lb, &ll);
	char *out = NULL;
	if (rc == FC_OK) {
		out = malloc(HEAD_MAX + gl + ll);
		if (!out)
			rc = FC_ENOMEM;
	}
	if (rc == FC_OK) {
		/* the body first, so that the header can carry its checksum */
		char *body = out + HEAD_MAX;
		if (gl)
			memcpy(body, gb, gl);
		if (ll)
			memcpy(body + gl, lb, ll);
		char head[HEAD_MAX];
		int hl = snprintf(head, sizeof head, MAGIC "%d %d %d %zu %zu %016llx\n", VERSION,
		                  t->horizon, fc_trained_models(t), gl, ll,
		                  (unsigned long long)fnv1a((const unsigned char *)body, gl + ll));
		memmove(out + hl, body, gl + ll);
		memcpy(out, head, (size_t)hl);
		*buf = out;
		*len = (size_t)hl + gl + ll;
	}
	free(gb);
	free(lb);
	return rc;
}

int fc_trained_load(const void *buf, size_t len, const int *ns, int nseries, fc_trained **out)
{
	if (!buf || !out || nseries < 0 || (nseries > 0 && !ns))
		return FC_EINVAL;
	*out = NULL;
	const char *p = buf;
	size_t ml = sizeof MAGIC - 1;
	if (len < ml || memcmp(p, MAGIC, ml) != 0)
		return FC_EINVAL;
	const char *nl = memchr(p, '\n', len < HEAD_MAX ? len : HEAD_MAX);
	if (!nl)
		return FC_EINVAL;
	char head[HEAD_MAX];
	size_t hl = (size_t)(nl - p) + 1;
	memcpy(head, p, hl - 1);
	head[hl - 1] = '\0';
	int version = 0, horizon = 0, models = 0, used = 0;
	unsigned long long gl = 0, ll = 0, sum = 0;
	if (sscanf(head + ml, "%d %d %d %llu %llu %16llx%n", &version, &horizon, &models, &gl, &ll,
	           &sum, &used) != 6 ||
	    head[ml + (size_t)used] != '\0')
		return FC_EINVAL;
	if (version != VERSION || horizon < 1 || horizon > FC_MAX_HORIZON || models < 1 ||
	    models > 3 || (!!(models & FC_TRAINED_GBM)) != (gl > 0) ||
	    (!!(models & FC_TRAINED_LSTM)) != (ll > 0) || gl > len || ll > len ||
	    hl + gl + ll != len)
		return FC_EINVAL;
	const unsigned char *body = (const unsigned char *)p + hl;
	if (fnv1a(body, (size_t)(gl + ll)) != sum)
		return FC_EINVAL;
	/* fc_gbm/fc_lstm_load want lengths; an empty batch still loads */
	static const int none = 0;
	const int *lens = nseries > 0 ? ns : &none;
	fc_trained *t = calloc(1, sizeof *t);
	if (!t)
		return FC_ENOMEM;
	t->horizon = horizon;
	int rc = FC_OK;
	if (gl)
		rc = fc_gbm_load(body, (size_t)gl, lens, nseries, &t->gbm);
	if (rc == FC_OK && ll)
		rc = fc_lstm_load(body + gl, (size_t)ll, lens, nseries, &t->lstm);
	if (rc == FC_OK && ((t->gbm && fc_gbm_horizon(t->gbm) != horizon) ||
	                    (t->lstm && fc_lstm_horizon(t->lstm) != horizon)))
		rc = FC_EINVAL;
	if (rc != FC_OK) {
		fc_trained_free(t);
		return rc;
	}
	*out = t;
	return FC_OK;
}
