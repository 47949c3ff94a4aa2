/* What the two halves of the query kernel share: module.c reads a query from Python, score.c works it
 * out (see score.c). */
#ifndef NEWSBOT_SCORE_H
#define NEWSBOT_SCORE_H
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

#define MARGIN 1e-9 /* relative slack on bounds: sums in another order differ by ~1e-16 */

typedef struct {
    Py_buffer indptr, docs, codes, table, maxpart;
    double scale;
    int64_t base, size, terms;
    int wide; /* codes are int32, else uint16 */
} Segment;

typedef struct {
    double idf, bound;
    int64_t postings;
    int times;
    int64_t *a, *b; /* per segment: the term's postings [a, b) */
} Term;

typedef struct {
    double score;
    int32_t doc;
} Hit;

typedef struct {
    Segment *segs;
    int nseg;
    Term *terms;
    int nterms;
    int *order;
    int norder;
    int64_t *spans;
    double *buf;
    uint64_t *bits; /* one per document: met */
    int64_t size, nwords;
    int64_t block; /* documents scored at a time when most are met (a multiple of 64) */
} Query;


/* The k best of the query into heap, best first; returns how many, -1 when out of memory. The buffer
 * and the bits are zero before and after. Runs without the GIL. */
int64_t run_top(Query *q, int64_t k, Hit *heap, double lookup_cost);

/* Every term in query order into the zero buffer: every document's exact score. */
void add_all(Query *q, int track);

#endif
