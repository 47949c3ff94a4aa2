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
#define TRACK_COST 1.5 /* a posting added and its document noted, in postings added alone */
#define PRUNE_GAIN 2.0 /* a block is pruned only when that looks this many times cheaper */
#define SAMPLE 65536 /* postings of the strongest terms looked at for those documents */

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
/* Lookup cursors: per term and segment, where its postings were last looked at; documents looked up
 * must come in ascending order. */
static void start_cursors(Query *q, int64_t *cursor)
{
    for (int t = 0; t < q->nterms; t++)
        memcpy(cursor + t * q->nseg, q->terms[t].a, q->nseg * sizeof(int64_t));
}

/* The exact score of a document of segment ``s``: each term looked up by galloping from its cursor,
 * the contributions summed in query order. */
static double exact(Query *q, int s, int32_t doc, double *found, int64_t *cursor)
{
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
    return score;
}

/* The segment holding document ``doc``, searching on from ``s`` (documents ascending). */
static int segment_of(const Query *q, int s, int32_t doc)
{
    while (s + 1 < q->nseg && doc >= q->segs[s + 1].base)
        s++;
    return s;
}

static int by_doc(const void *x, const void *y)
{
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    return (a > b) - (a < b);
}

/* A first lower bound on the k-th best score: the k-th best exact score of the documents where the
 * strongest terms (``by_bound`` ascending) weigh most, among their first SAMPLE postings, as many terms
 * as it takes to find SEEDS × k documents. 0 when fewer than k were found; -1 when out of memory. */
static double seed_theta(Query *q, int64_t k, const int *by_bound, double *found, int64_t *cursor)
{
    int64_t nseeds = SEEDS * k, seen = 0, n = 0, nheap = 0;
    Hit *seeds = PyMem_RawMalloc(nseeds * sizeof(Hit) + nseeds * sizeof(int32_t) + k * sizeof(Hit));
    if (!seeds)
        return -1.0;
    int32_t *docs_of = (int32_t *)(seeds + nseeds);
    Hit *heap = (Hit *)(docs_of + nseeds);
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
        docs_of[i] = seeds[i].doc;
    qsort(docs_of, n, sizeof(int32_t), by_doc);
    start_cursors(q, cursor);
    int s = 0;
    for (int64_t i = 0; i < n; i++) {
        if (i > 0 && docs_of[i] == docs_of[i - 1])
            continue;
        s = segment_of(q, s, docs_of[i]);
        offer(heap, &nheap, k, (Hit){exact(q, s, docs_of[i], found, cursor), docs_of[i]});
    }
    double theta = kth(heap, nheap, k);
    PyMem_RawFree(seeds);
    return theta;
}

/* How the documents of one block are scored (see blocks). */
typedef struct {
    int64_t *from, *to; /* per term and segment: the block's postings [from, to) */
    int64_t *cursor;    /* per term and segment: the lookups' position */
    double *found;      /* per term: a looked-up contribution */
    int *by_bound;      /* the terms by bound, ascending */
    int64_t *in_block;  /* per term: its postings in the block, times its repeats */
    Hit *partial;       /* the k best partial sums of the pruned blocks so far */
    int64_t npartial;
} Blocks;

/* Every term added in query order into the block's cells (exact scores); the block's k best into the
 * heap while it is in cache (documents ascending: only a score greater than the k-th best so far
 * enters; every document is ranked, whatever its score); its cells zeroed again. */
static void dense_block(Query *q, Blocks *w, int64_t lo, int64_t hi, Hit *heap, int64_t *nheap, int64_t k)
{
    for (int j = 0; j < q->norder; j++) {
        Term part = q->terms[q->order[j]];
        part.a = w->from + q->order[j] * q->nseg;
        part.b = w->to + q->order[j] * q->nseg;
        add_term(q, &part, 0);
    }
    for (int64_t d = lo; d < hi; d++) {
        double v = q->buf[d];
        q->buf[d] = 0.0;
        if (*nheap < k || v > heap[0].score)
            offer(heap, nheap, k, (Hit){v, (int32_t)d});
    }
}

/* Only the essential terms (by_bound[weak:]) added, noting the documents met; the k best partial sums
 * raise theta; the documents whose partial sum could still reach theta with every weak term at its
 * bound are scored exactly (looked up) into the heap, raising theta as it fills. Returns how many were
 * looked up, or -1 (the block's cells and bits zeroed again) when that many look-ups would cost more
 * than adding the block's ``all`` postings. */
static int64_t pruned_block(Query *q, Blocks *w, int weak, double weak_sum, double *theta, int64_t lo,
                            int64_t hi, Hit *heap, int64_t *nheap, int64_t k, int64_t all, double lookup_cost)
{
    for (int i = weak; i < q->nterms; i++) {
        int t = w->by_bound[i];
        Term part = q->terms[t];
        part.a = w->from + t * q->nseg;
        part.b = w->to + t * q->nseg;
        for (int r = 0; r < part.times; r++)
            add_term(q, &part, 1);
    }
    /* The k best partial sums so far: each at most its document's exact score, so the k-th of them
     * is a lower bound on the k-th best score. */
    double bar = kth(w->partial, w->npartial, k);
    for (int64_t x = lo >> 6; x < (hi + 63) >> 6; x++) {
        for (uint64_t word = q->bits[x]; word; word &= word - 1) {
            int32_t d = (int32_t)(64 * x + __builtin_ctzll(word));
            if (q->buf[d] > bar) {
                offer(w->partial, &w->npartial, k, (Hit){q->buf[d], d});
                bar = kth(w->partial, w->npartial, k);
            }
        }
    }
    *theta = bar > *theta ? bar : *theta;
    double floor = *theta * (1 - MARGIN) - weak_sum * (1 + MARGIN);
    int64_t looked = 0;
    for (int64_t x = lo >> 6; x < (hi + 63) >> 6; x++)
        for (uint64_t word = q->bits[x]; word; word &= word - 1)
            looked += q->buf[64 * x + __builtin_ctzll(word)] >= floor;
    if ((double)looked * q->nterms * lookup_cost > (double)all) { /* adding every term costs less */
        for (int64_t x = lo >> 6; x < (hi + 63) >> 6; x++) {
            for (uint64_t word = q->bits[x]; word; word &= word - 1)
                q->buf[64 * x + __builtin_ctzll(word)] = 0.0;
            q->bits[x] = 0;
        }
        return -1;
    }
    looked = 0;
    int s = segment_of(q, 0, (int32_t)lo);
    for (int64_t x = lo >> 6; x < (hi + 63) >> 6; x++) {
        for (uint64_t word = q->bits[x]; word; word &= word - 1) {
            int32_t d = (int32_t)(64 * x + __builtin_ctzll(word));
            double v = q->buf[d];
            q->buf[d] = 0.0;
            if (v < floor)
                continue;
            looked++;
            s = segment_of(q, s, d);
            offer(heap, nheap, k, (Hit){exact(q, s, d, w->found, w->cursor), d});
            if (*nheap == k && heap[0].score > *theta) {
                *theta = heap[0].score;
                floor = *theta * (1 - MARGIN) - weak_sum * (1 + MARGIN);
            }
        }
        q->bits[x] = 0;
    }
    return looked;
}

/* The k best, a block of q->block documents at a time (its cells stay in cache). With ``prunable`` (every
 * contribution positive), MaxScore: theta, a lower bound on the k-th best score, starts at seed_theta
 * and rises with the exact scores found; the weakest terms whose bounds add up to less than theta (weak)
 * cannot lift a document into the k best on their own, so a block adds only the other terms and looks
 * up the documents that may still reach theta (pruned_block). A block where that would cost more than
 * adding every term (its essential postings, plus look-ups at the rate of the last pruned block, against
 * all its postings) is scored whole (dense_block). Returns -1 when out of memory. */
static int blocks(Query *q, int64_t k, Hit *heap, int64_t *nheap, double lookup_cost, int prunable)
{
    int64_t width = (int64_t)q->nterms * q->nseg;
    void *memory = PyMem_RawMalloc(k * sizeof(Hit) + 3 * width * sizeof(int64_t) +
                                   q->nterms * (sizeof(double) + sizeof(int) + sizeof(int64_t)) + 8);
    if (!memory)
        return -1;
    Blocks w = {.partial = memory};
    w.from = (int64_t *)(w.partial + k);
    w.to = w.from + width;
    w.cursor = w.to + width;
    w.in_block = w.cursor + width;
    w.found = (double *)(w.in_block + q->nterms);
    w.by_bound = (int *)(w.found + q->nterms);
    for (int t = 0; t < q->nterms; t++) {
        memcpy(w.from + t * q->nseg, q->terms[t].a, q->nseg * sizeof(int64_t));
        int i = t;
        for (; i > 0 && q->terms[w.by_bound[i - 1]].bound > q->terms[t].bound; i--)
            w.by_bound[i] = w.by_bound[i - 1];
        w.by_bound[i] = t;
    }
    double theta = prunable ? seed_theta(q, k, w.by_bound, w.found, w.cursor) : 0.0;
    if (theta < 0) {
        PyMem_RawFree(memory);
        return -1;
    }
    start_cursors(q, w.cursor);
    int most_weak = q->nterms;
    double rate = 0.0; /* look-ups per essential posting in the last pruned block */
    for (int64_t lo = 0; lo < q->size; lo += q->block) {
        int64_t hi = lo + q->block < q->size ? lo + q->block : q->size, all = 0;
        for (int t = 0; t < q->nterms; t++) {
            w.in_block[t] = 0;
            for (int s = 0; s < q->nseg; s++) {
                int64_t at = t * q->nseg + s, end = hi - q->segs[s].base;
                w.to[at] = end <= 0 ? w.from[at]
                                    : seek(q->segs[s].docs.buf, w.from[at], q->terms[t].b[s],
                                           (int32_t)(end < INT32_MAX ? end : INT32_MAX));
                w.in_block[t] += (w.to[at] - w.from[at]) * q->terms[t].times;
            }
            all += w.in_block[t];
        }
        int weak = 0;
        double weak_sum = 0.0;
        while (prunable && weak < most_weak &&
               (weak_sum + q->terms[w.by_bound[weak]].bound) * (1 + MARGIN) < theta * (1 - MARGIN))
            weak_sum += q->terms[w.by_bound[weak++]].bound;
        int64_t essential = all;
        for (int i = 0; i < weak; i++)
            essential -= w.in_block[w.by_bound[i]];
        int64_t looked = -1;
        if (weak > 0 && PRUNE_GAIN * (TRACK_COST + rate * q->nterms * lookup_cost) * essential < all) {
            looked = pruned_block(q, &w, weak, weak_sum, &theta, lo, hi, heap, nheap, k, all, lookup_cost);
            if (looked < 0) /* too many candidates: fewer weak terms next time */
                most_weak = weak - 1;
            rate = looked < 0 ? 0.0 : essential ? (double)looked / (double)essential : rate;
        }
        if (looked < 0) {
            dense_block(q, &w, lo, hi, heap, nheap, k);
            if (prunable && *nheap == k && heap[0].score > theta)
                theta = heap[0].score;
        }
        memcpy(w.from, w.to, width * sizeof(int64_t));
    }
    PyMem_RawFree(memory);
    return 0;
}

void add_all(Query *q, int track)
{
    for (int j = 0; j < q->norder; j++)
        add_term(q, &q->terms[q->order[j]], track);
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
    if (!positive || 8 * postings >= q->size) /* pruned, or most documents met: a block at a time */
        return blocks(q, k, heap, &nheap, lookup_cost, positive && q->nterms > 1) < 0 ? -1 : nheap;
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
