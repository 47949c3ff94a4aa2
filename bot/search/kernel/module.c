/* The Python face of the query kernel (score.c): reads the arrays and numbers of a query, runs it
 * without the GIL, returns the k best as [(doc, score)]. */
#include <string.h>

#include "score.h"

/* ---------- reading the arguments */

static int view(PyObject *obj, Py_buffer *v, Py_ssize_t itemsize, const char *kinds, int writable)
{
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, v, flags) < 0)
        return -1;
    const char *f = v->format ? v->format : "B";
    size_t n = strlen(f);
    int native = n == 1 || (n == 2 && (f[0] == '<' || f[0] == '=' || f[0] == '@'));
    if (v->itemsize != itemsize || !native || !strchr(kinds, f[n - 1])) {
        PyErr_Format(PyExc_TypeError, "array of format '%s' where %zd-byte '%s' was expected", f,
                     itemsize, kinds);
        PyBuffer_Release(v);
        v->obj = NULL;
        return -1;
    }
    return 0;
}

static void release_segments(Segment *segs, int n)
{
    for (int i = 0; i < n; i++) {
        Py_buffer *all[] = {&segs[i].indptr, &segs[i].docs, &segs[i].codes, &segs[i].table,
                            &segs[i].maxpart};
        for (int j = 0; j < 5; j++)
            if (all[j]->obj)
                PyBuffer_Release(all[j]);
    }
    PyMem_Free(segs);
}

static Segment *read_segments(PyObject *seq, int *count)
{
    PyObject *fast = PySequence_Fast(seq, "segments must be a sequence");
    if (!fast)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    Segment *segs = PyMem_Calloc(n ? n : 1, sizeof(Segment));
    if (!segs) {
        Py_DECREF(fast);
        PyErr_NoMemory();
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Segment *s = &segs[i];
        PyObject *indptr, *docs, *codes, *table, *maxpart;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(fast, i), "OOOOOdLL;a segment", &indptr, &docs,
                              &codes, &table, &maxpart, &s->scale, &s->base, &s->size) ||
            view(indptr, &s->indptr, 8, "qlQL", 0) < 0 || view(docs, &s->docs, 4, "il", 0) < 0 ||
            view(table, &s->table, 8, "d", 0) < 0 || view(maxpart, &s->maxpart, 8, "d", 0) < 0)
            goto fail;
        Py_buffer probe;
        if (view(codes, &probe, 2, "H", 0) == 0) {
            s->codes = probe;
        } else {
            PyErr_Clear();
            if (view(codes, &s->codes, 4, "il", 0) < 0)
                goto fail;
            s->wide = 1;
        }
        s->terms = s->indptr.len / 8 - 1;
        if (s->terms < 0 || s->maxpart.len / 8 < s->terms || s->docs.len / 4 != s->codes.len / s->codes.itemsize) {
            PyErr_SetString(PyExc_ValueError, "inconsistent segment arrays");
            goto fail;
        }
    }
    Py_DECREF(fast);
    *count = (int)n;
    return segs;
fail:
    Py_DECREF(fast);
    release_segments(segs, (int)n);
    return NULL;
}

/* The distinct terms (global number, then one number per segment or -1) and the query order. */
static int read_terms(Query *q, PyObject *idf_obj, PyObject *terms_obj, PyObject *order_obj)
{
    Py_buffer idf;
    if (view(idf_obj, &idf, 8, "d", 0) < 0)
        return -1;
    const double *idfs = idf.buf;
    Py_ssize_t nidf = idf.len / 8;
    PyObject *terms = PySequence_Fast(terms_obj, "terms must be a sequence");
    PyObject *order = terms ? PySequence_Fast(order_obj, "order must be a sequence") : NULL;
    int rc = -1;
    if (!order)
        goto done;
    Py_ssize_t width = q->nseg + 1, nt = PySequence_Fast_GET_SIZE(terms) / width;
    Py_ssize_t no = PySequence_Fast_GET_SIZE(order);
    q->nterms = (int)nt;
    q->norder = (int)no;
    q->terms = PyMem_Calloc(nt ? nt : 1, sizeof(Term));
    q->order = PyMem_Calloc(no ? no : 1, sizeof(int));
    int64_t *spans = q->spans = PyMem_Calloc(2 * nt * q->nseg + 1, sizeof(int64_t));
    if (!q->terms || !q->order || !spans) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t t = 0; t < nt; t++) {
        Term *term = &q->terms[t];
        long long g = PyLong_AsLongLong(PySequence_Fast_GET_ITEM(terms, t * width));
        if (g < 0 || g >= nidf) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_IndexError, "term number out of range");
            goto done;
        }
        term->idf = idfs[g];
        term->a = spans + 2 * t * q->nseg;
        term->b = term->a + q->nseg;
        double best = 0.0;
        for (int s = 0; s < q->nseg; s++) {
            const Segment *seg = &q->segs[s];
            long long local = PyLong_AsLongLong(PySequence_Fast_GET_ITEM(terms, t * width + 1 + s));
            if (local == -1 && PyErr_Occurred())
                goto done;
            if (local < 0)
                continue;
            if (local >= seg->terms) {
                PyErr_SetString(PyExc_IndexError, "segment term number out of range");
                goto done;
            }
            const int64_t *indptr = seg->indptr.buf;
            term->a[s] = indptr[local];
            term->b[s] = indptr[local + 1];
            if (term->a[s] < 0 || term->b[s] < term->a[s] || term->b[s] > seg->docs.len / 4) {
                PyErr_SetString(PyExc_ValueError, "postings out of range");
                goto done;
            }
            term->postings += term->b[s] - term->a[s];
            double bound = ((const double *)seg->maxpart.buf)[local] * seg->scale;
            best = bound > best ? bound : best;
        }
        term->bound = term->idf * best * (1 + MARGIN);
    }
    for (Py_ssize_t j = 0; j < no; j++) {
        long i = PyLong_AsLong(PySequence_Fast_GET_ITEM(order, j));
        if (i < 0 || i >= nt) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_IndexError, "order names no term");
            goto done;
        }
        q->order[j] = (int)i;
        q->terms[i].times++;
    }
    rc = 0;
done:
    Py_XDECREF(terms);
    Py_XDECREF(order);
    PyBuffer_Release(&idf);
    return rc;
}

static void free_query(Query *q)
{
    PyMem_Free(q->spans);
    PyMem_Free(q->terms);
    PyMem_Free(q->order);
    release_segments(q->segs, q->nseg);
}

/* ---------- the module's functions */

static int open_query(Query *q, PyObject *segments, PyObject *idf, PyObject *terms, PyObject *order,
                      PyObject *buffer, Py_buffer *bufview)
{
    memset(q, 0, sizeof(*q));
    q->segs = read_segments(segments, &q->nseg);
    if (!q->segs)
        return -1;
    if (read_terms(q, idf, terms, order) < 0 || view(buffer, bufview, 8, "d", 1) < 0) {
        free_query(q);
        return -1;
    }
    q->buf = bufview->buf;
    q->size = bufview->len / 8;
    for (int s = 0; s < q->nseg; s++) {
        if (q->segs[s].base < 0 || q->segs[s].base + q->segs[s].size > q->size || q->size > INT32_MAX) {
            PyErr_SetString(PyExc_ValueError, "a segment lies outside the buffer");
            PyBuffer_Release(bufview);
            free_query(q);
            return -1;
        }
    }
    return 0;
}

static PyObject *py_top(PyObject *self, PyObject *args)
{
    PyObject *segments, *idf, *terms, *order, *buffer, *bits;
    Py_ssize_t k, block;
    double lookup_cost;
    if (!PyArg_ParseTuple(args, "OOOOnOOdn", &segments, &idf, &terms, &order, &k, &buffer, &bits,
                          &lookup_cost, &block))
        return NULL;
    if (block <= 0 || block % 64) {
        PyErr_SetString(PyExc_ValueError, "block must be a positive multiple of 64");
        return NULL;
    }
    Query q;
    Py_buffer bufview, bitview = {0};
    if (open_query(&q, segments, idf, terms, order, buffer, &bufview) < 0)
        return NULL;
    PyObject *result = NULL;
    Hit *heap = NULL;
    if (view(bits, &bitview, 8, "QLqlL", 1) < 0)
        goto done;
    q.bits = bitview.buf;
    q.block = block;
    q.nwords = (q.size + 63) / 64;
    k = k < q.size ? k : q.size;
    heap = PyMem_RawMalloc((k > 0 ? k : 1) * sizeof(Hit));
    if (bitview.len / 8 < q.nwords || !heap) {
        PyErr_SetString(heap ? PyExc_ValueError : PyExc_MemoryError, "scratch too small");
        goto done;
    }
    int64_t n;
    Py_BEGIN_ALLOW_THREADS
    n = k > 0 ? run_top(&q, k, heap, lookup_cost) : 0;
    Py_END_ALLOW_THREADS
    if (n < 0) {
        PyErr_NoMemory();
        goto done;
    }
    /* Fewer than k documents hold a query term: the first others follow with score 0, in document
     * order, as in rank-bm25's ranking. */
    result = PyList_New(0);
    for (int64_t i = 0; result && i < n; i++) {
        PyObject *pair = Py_BuildValue("(id)", heap[i].doc, heap[i].score);
        if (!pair || PyList_Append(result, pair) < 0)
            Py_CLEAR(result);
        Py_XDECREF(pair);
    }
    for (int32_t d = 0; result && PyList_GET_SIZE(result) < k; d++) {
        int taken = 0;
        for (int64_t i = 0; i < n && !taken; i++)
            taken = heap[i].doc == d;
        if (taken)
            continue;
        PyObject *pair = Py_BuildValue("(id)", d, 0.0);
        if (!pair || PyList_Append(result, pair) < 0)
            Py_CLEAR(result);
        Py_XDECREF(pair);
    }
done:
    PyMem_RawFree(heap);
    if (bitview.obj)
        PyBuffer_Release(&bitview);
    PyBuffer_Release(&bufview);
    free_query(&q);
    return result;
}

static PyObject *py_dense(PyObject *self, PyObject *args)
{
    PyObject *segments, *idf, *terms, *order, *buffer;
    if (!PyArg_ParseTuple(args, "OOOOO", &segments, &idf, &terms, &order, &buffer))
        return NULL;
    Query q;
    Py_buffer bufview;
    if (open_query(&q, segments, idf, terms, order, buffer, &bufview) < 0)
        return NULL;
    Py_BEGIN_ALLOW_THREADS
    add_all(&q, 0);
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&bufview);
    free_query(&q);
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"top", py_top, METH_VARARGS,
     "top(segments, idf, terms, order, k, buffer, bits, lookup_cost, block) -> [(doc, score)]"},
    {"dense", py_dense, METH_VARARGS,
     "dense(segments, idf, terms, order, buffer): every document's score added into buffer"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_kernel", NULL, -1, methods};

PyMODINIT_FUNC PyInit__kernel(void) { return PyModule_Create(&module); }