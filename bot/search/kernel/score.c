/* The compiled part of bot/search/topk.py: a whole query in one call, without the GIL.
 *
 * A query is given as the index's segments (tuples of arrays, see topk.kernel_segments), the corpus-wide
 * idf of every term, the distinct query terms (each: its global number, then its number in each segment
 * or -1) and the query order (for each known query word, which distinct term it is). A contribution is
 * idf × table[code], rank-bm25's product, and a score is the sum of a document's contributions in query
 * order, as rank-bm25 adds them (compiled with -ffp-contract=off: no fused multiply-add, so the same bits).
 * topk.py's docstring says how the k best are found.
 */
#include <stdlib.h>
#include <string.h>

#include "score.h"

#define SEEDS 4 /* times k: documents of the strongest terms scored first, for a first bound */
#define SAMPLE 65536 /* postings of the strongest terms looked at for those documents */
#define BLOCK 32768 /* documents scored at a time when every term is added */

#define CODES_LOOP(CT, BODY)                                                                            \
    do {                                                                                                \
        const CT *codes = (const CT *)seg->codes.buf;                                                   \
        for (int64_t i = a; i < b; i++) {                                                               \
            double v = idf * table[codes[i]];                                                           \
            BODY                                                                                        \
        }                                                                                               \
    } while (0)

#define EACH_POSTING(q, term, BODY)                                                                     \
    for (int s = 0; s < (q)->nseg; s++) {                                                               \
        const Segment *seg = &(q)->segs[s];                                                             \
        int64_t a = (term)->a[s], b = (term)->b[s];                                                     \
        if (a >= b)                                                                                     \
            continue;                                                                                   \
        const int32_t *docs = seg->docs.buf;                                                            \
        const double *table = seg->table.buf;                                                           \
        double *out = q->buf + seg->base;                                                               \
        int32_t base = (int32_t)seg->base;                                                              \
        double idf = (term)->idf;                                                                       \
        (void)out;                                                                                      \
        (void)base;                                                                                     \
        (void)docs;                                                                                     \
        if (seg->wide)                                                                                  \
            CODES_LOOP(int32_t, BODY);                                                                  \
        else                                                                                            \
            CODES_LOOP(uint16_t, BODY);                                                                 \
    }

/* Add a term's contributions into the buffer; with ``track``, set each document's bit (a word of bits
 * is gathered in a register while the term's documents, ascending, stay within its 64). */
static void add_term(Query *q, const Term *term, int track)
{
    uint64_t *bits = q->bits;
    if (track) {
        int64_t at = 0;
        uint64_t word = 0;
        EACH_POSTING(q, term, {
            int32_t d = base + docs[i];
            out[docs[i]] += v;
            if (d >> 6 != at) {
                bits[at] |= word;
                at = d >> 6;
                word = 0;
            }
            word |= (uint64_t)1 << (d & 63);
        })
        bits[at] |= word;
    } else {
        EACH_POSTING(q, term, { out[docs[i]] += v; })
    }
}

/* Every document whose bit is set (met by a term), ascending; ``d`` names it in BODY. */
#define EACH_MET(q, BODY)                                                                               \
    for (int64_t w = 0; w < (q)->nwords; w++) {                                                         \
        for (uint64_t word = (q)->bits[w]; word; word &= word - 1) {                                    \
            int32_t d = (int32_t)(64 * w + __builtin_ctzll(word));                                      \
            BODY                                                                                        \
        }                                                                                               \
    }

static int worse(Hit x, Hit y) { return x.score < y.score || (x.score == y.score && x.doc > y.doc); }

/* A heap of the k best hits seen, its worst at the root. */
static void offer(Hit *heap, int64_t *n, int64_t k, Hit h)
{
    int64_t i;
    if (*n < k) {
        i = (*n)++;
        while (i > 0 && worse(h, heap[(i - 1) / 2])) {
            heap[i] = heap[(i - 1) / 2];
            i = (i - 1) / 2;
        }
    } else if (worse(heap[0], h)) {
        i = 0;
        for (;;) {
            int64_t c = 2 * i + 1;
            if (c >= k)
                break;
            if (c + 1 < k && worse(heap[c + 1], heap[c]))
                c++;
            if (!worse(heap[c], h))
                break;
            heap[i] = heap[c];
            i = c;
        }
    } else {
        return;
    }
    heap[i] = h;
}

static int by_rank(const void *x, const void *y)
{
    Hit a = *(const Hit *)x, b = *(const Hit *)y;
    return worse(b, a) ? -1 : worse(a, b) ? 1 : 0;
}

/* The k-th largest of the values the heap was offered (0 when fewer). */
static double kth(Hit *heap, int64_t n, int64_t k) { return n < k ? 0.0 : heap[0].score; }

/* The k best of the met documents' values into the heap. Documents come in ascending order: a later
 * one with an equal value is worse, so only a value greater than the k-th best so far (or than 0: not
 * met) is offered. */
static void best_met(Query *q, Hit *heap, int64_t *nheap, int64_t k)
{
    double bar = *nheap < k ? 0.0 : heap[0].score;
    EACH_MET(q, {
        double v = q->buf[d];
        if (v > bar) {
            offer(heap, nheap, k, (Hit){v, d});
            bar = *nheap < k ? 0.0 : heap[0].score;
        }
    })
}

/* Zero the cells of the documents met, then their bits. */
static void clear_met(Query *q)
{
    EACH_MET(q, { q->buf[d] = 0.0; })
    memset(q->bits, 0, q->nwords * sizeof(uint64_t));
}

/* First position in docs[lo, hi) holding a document >= x (galloping from lo). */
static int64_t seek(const int32_t *docs, int64_t lo, int64_t hi, int32_t x)
{
    if (lo >= hi || docs[lo] >= x)
        return lo;
    int64_t step = 1;
    while (lo + step < hi && docs[lo + step] < x) {
        lo += step;
        step <<= 1;
    }
    hi = lo + step < hi ? lo + step : hi;
    lo++;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (docs[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Exact scores of the (ascending) candidates, each term looked up, summed in query order, into the heap. */
static void score_candidates(Query *q, const int32_t *cands, int64_t n, Hit *heap, int64_t *nheap, int64_t k,
                             double *found, int64_t *cursor)
{
    int s = 0;
    for (int t = 0; t < q->nterms; t++)
        for (int j = 0; j < q->nseg; j++)
            cursor[t * q->nseg + j] = q->terms[t].a[j];
    for (int64_t c = 0; c < n; c++) {
        int32_t doc = cands[c];
        while (s + 1 < q->nseg && doc >= q->segs[s + 1].base)
            s++;
        const Segment *seg = &q->segs[s];
        int32_t local = doc - (int32_t)seg->base;
        const int32_t *docs = seg->docs.buf;
        const double *table = seg->table.buf;
        for (int t = 0; t < q->nterms; t++) {
            const Term *term = &q->terms[t];
            int64_t *at = &cursor[t * q->nseg + s];
            *at = seek(docs, *at, term->b[s], local);
            found[t] = 0.0;
            if (*at < term->b[s] && docs[*at] == local) {
                int64_t code = seg->wide ? ((const int32_t *)seg->codes.buf)[*at]
                                         : ((const uint16_t *)seg->codes.buf)[*at];
                found[t] = term->idf * table[code];
            }
        }
        double score = 0.0;
        for (int j = 0; j < q->norder; j++)
            score += found[q->order[j]];
        offer(heap, nheap, k, (Hit){score, doc});
    }
}

static int by_doc(const void *x, const void *y)
{
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    return (a > b) - (a < b);
}

/* MaxScore (see topk.py): 1 when the k best are in the heap, 0 when pruning does not pay (nothing
 * done that shows), -1 when out of memory. */
static int prune(Query *q, int64_t k, Hit *heap, int64_t *nheap, int64_t postings,
                 double lookup_cost)
{
    int64_t nseeds = SEEDS * k;
    void *memory = PyMem_RawMalloc(q->nterms * (sizeof(int) + sizeof(double) + q->nseg * sizeof(int64_t)) +
                                   nseeds * (sizeof(Hit) + sizeof(int32_t)));
    if (!memory)
        return -1;
    double *found = memory;
    int64_t *cursor = (int64_t *)(found + q->nterms);
    Hit *seeds = (Hit *)(cursor + q->nterms * q->nseg);
    int32_t *seed_docs = (int32_t *)(seeds + nseeds);
    int *by_bound = (int *)(seed_docs + nseeds);
    /* The terms by bound, ascending. */
    for (int t = 0; t < q->nterms; t++) {
        int i = t;
        for (; i > 0 && q->terms[by_bound[i - 1]].bound > q->terms[t].bound; i--)
            by_bound[i] = by_bound[i - 1];
        by_bound[i] = t;
    }
    /* theta, a lower bound on the k-th best score: the k-th best exact score of the documents where
     * the strongest terms weigh most (among their first SAMPLE postings, as many terms as it takes to
     * find SEEDS × k documents). */
    int64_t seen = 0, n = 0;
    double bar = 0.0;
    for (int j = q->nterms - 1; j >= 0 && n < nseeds && seen < SAMPLE; j--) {
        EACH_POSTING(q, &q->terms[by_bound[j]], {
            if (seen++ >= SAMPLE)
                break;
            if (v > bar) {
                offer(seeds, &n, nseeds, (Hit){v, base + docs[i]});
                bar = n < nseeds ? 0.0 : seeds[0].score;
            }
        })
    }
    for (int64_t i = 0; i < n; i++)
        seed_docs[i] = seeds[i].doc;
    qsort(seed_docs, n, sizeof(int32_t), by_doc);
    int64_t distinct = 0;
    for (int64_t i = 0; i < n; i++)
        if (i == 0 || seed_docs[i] != seed_docs[i - 1])
            seed_docs[distinct++] = seed_docs[i];
    score_candidates(q, seed_docs, distinct, heap, nheap, k, found, cursor);
    double theta = kth(heap, *nheap, k);
    *nheap = 0;
    /* Terms (weakest first) whose bounds add up to less than theta: not essential. */
    double weak_sum = 0.0;
    int weak = 0;
    int64_t essential = postings;
    for (; weak < q->nterms; weak++) {
        const Term *term = &q->terms[by_bound[weak]];
        if ((weak_sum + term->bound) * (1 + MARGIN) >= theta * (1 - MARGIN))
            break;
        weak_sum += term->bound;
        essential -= term->postings * term->times;
    }
    int done = 0;
    if (weak > 0 && 4 * essential <= postings) {
        for (int i = weak; i < q->nterms; i++)
            for (int r = 0; r < q->terms[by_bound[i]].times; r++)
                add_term(q, &q->terms[by_bound[i]], 1);
        /* One pass over the documents met: the k-th best partial sum (partial sums are at most the
         * exact scores: a better theta) and the documents that may still reach theta; then those that
         * reach it as it finally is. */
        double floor = theta * (1 - MARGIN) - weak_sum * (1 + MARGIN);
        int64_t m = 0;
        bar = 0.0;
        EACH_MET(q, {
            double v = q->buf[d];
            if (v > bar) {
                offer(heap, nheap, k, (Hit){v, 0});
                bar = *nheap < k ? 0.0 : heap[0].score;
                if (bar > theta) {
                    theta = bar;
                    floor = theta * (1 - MARGIN) - weak_sum * (1 + MARGIN);
                }
            }
            q->cands[m] = d;
            m += v >= floor; /* no branch: most documents are dropped */
        })
        *nheap = 0;
        int64_t kept = 0;
        for (int64_t i = 0; i < m; i++)
            if (q->buf[q->cands[i]] >= floor)
                q->cands[kept++] = q->cands[i];
        clear_met(q);
        if ((double)kept * q->nterms * lookup_cost <= (double)postings) {
            score_candidates(q, q->cands, kept, heap, nheap, k, found, cursor);
            done = 1;
        }
    }
    PyMem_RawFree(memory);
    return done;
}

void add_all(Query *q, int track)
{
    for (int j = 0; j < q->norder; j++)
        add_term(q, &q->terms[q->order[j]], track);
}

/* Every term added into the buffer in query order, a block of BLOCK documents at a time (so the block
 * stays in cache), and the k best of each block taken into the heap while it is there (documents
 * ascending: only a score greater than the k-th best so far enters); the buffer is zeroed again. Every
 * document is ranked, whatever its score. Returns -1 when out of memory. */
static int add_all_blocked(Query *q, Hit *heap, int64_t *nheap, int64_t k)
{
    int64_t width = (int64_t)q->nterms * q->nseg;
    int64_t *from = PyMem_RawMalloc(2 * width * sizeof(int64_t) + 1);
    if (!from)
        return -1;
    int64_t *to = from + width;
    for (int t = 0; t < q->nterms; t++)
        memcpy(from + t * q->nseg, q->terms[t].a, q->nseg * sizeof(int64_t));
    for (int64_t lo = 0; lo < q->size; lo += BLOCK) {
        int64_t hi = lo + BLOCK < q->size ? lo + BLOCK : q->size;
        for (int t = 0; t < q->nterms; t++)
            for (int s = 0; s < q->nseg; s++) {
                int64_t at = t * q->nseg + s, end = hi - q->segs[s].base;
                to[at] = end <= 0 ? from[at]
                                  : seek(q->segs[s].docs.buf, from[at], q->terms[t].b[s],
                                         (int32_t)(end < INT32_MAX ? end : INT32_MAX));
            }
        for (int j = 0; j < q->norder; j++) {
            Term part = q->terms[q->order[j]];
            part.a = from + q->order[j] * q->nseg;
            part.b = to + q->order[j] * q->nseg;
            add_term(q, &part, 0);
        }
        for (int64_t d = lo; d < hi; d++) {
            double v = q->buf[d];
            if (*nheap < k || v > heap[0].score)
                offer(heap, nheap, k, (Hit){v, (int32_t)d});
        }
        memset(q->buf + lo, 0, (hi - lo) * sizeof(double));
        memcpy(from, to, width * sizeof(int64_t));
    }
    PyMem_RawFree(from);
    return 0;
}

static int64_t best_unordered(Query *q, int64_t k, Hit *heap, double lookup_cost)
{
    int64_t nheap = 0, postings = 0;
    int positive = 1;
    for (int t = 0; t < q->nterms; t++) {
        Term *term = &q->terms[t];
        term->bound *= term->times;
        postings += term->postings * term->times;
        positive &= term->idf > 1e-200; /* every contribution > 0: a buffer cell at 0 was not met */
    }
    if (!positive) /* every document scored, all of them ranked */
        return add_all_blocked(q, heap, &nheap, k) < 0 ? -1 : nheap;
    if (8 * postings >= q->size && q->nterms > 1) {
        int pruned = prune(q, k, heap, &nheap, postings, lookup_cost);
        if (pruned)
            return pruned < 0 ? -1 : nheap;
    }
    if (2 * postings >= q->size) /* most documents met: the whole buffer, a block at a time */
        return add_all_blocked(q, heap, &nheap, k) < 0 ? -1 : nheap;
    add_all(q, 1);
    best_met(q, heap, &nheap, k);
    clear_met(q);
    return nheap;
}

int64_t run_top(Query *q, int64_t k, Hit *heap, double lookup_cost)
{
    int64_t n = best_unordered(q, k, heap, lookup_cost);
    if (n > 0)
        qsort(heap, n, sizeof(Hit), by_rank);
    return n;
}
