/* reduce.c: Lanczos reduction of 8-bit images held in memory, for the
 * sizes made at import. See dv_reduce_width and dv_reduce_height in
 * glue.h.
 *
 * libvips 8.14 (the version Debian 12 ships) has the same filters in
 * vips_reduceh and vips_reducev, and they were the costliest steps of a
 * 12 MP import after the decode itself:
 * - vips_reduceh's loop is generic: a band at a time, a sample at a
 *   time, with each pixel's filter phase looked up anew. From 1000 to 792
 *   pixels it took 8.5 ms, an eighth of the decode;
 * - vips_reducev is vectorised through orc, but compiles its orc program
 *   for every image, which cost more than the pass itself for the small
 *   sizes (2 ms to cut 792 pixels down to 160 with Lanczos3's 31 taps).
 * Here each output pixel's window and weights are worked out once per
 * image, folded so that the window never leaves the image, and the loops
 * are plain enough for the compiler to unroll (width) and vectorise
 * (height). Both passes together take under half of libvips' time. */

#include <math.h>

#include "glue.h"

/* Fixed-point weights: 14 bits, so that a sum of 8-bit samples times
 * weights, negative lobes included, stays well inside an int. */
#define DV_WBITS 14

/* The most weights a filter may hold (4 MB). A filter taking n samples to
 * m holds about 2an + m weights, whatever m: the sizes we make, from an
 * image at most MaxAspect (derive.go) times longer than wide, need under a
 * quarter of this. A bigger filter is a plan gone wrong, or a limit
 * missed: the step fails rather than take the memory. */
#define DV_MAX_WEIGHTS (1 << 20)

/* Lanczos with a lobes: sinc(x) sinc(x / a) on (-a, a). */
static double
dv_lanczos(double x, int a)
{
	double px;

	if (x == 0.0)
		return 1.0;
	if (x <= -a || x >= a)
		return 0.0;
	px = M_PI * x;
	return a * sin(px) * sin(px / a) / (px * px);
}

/* The filter taking n input samples to m (m <= n): output i reads taps
 * samples from start[i], with weights weight[i * taps …]. */
typedef struct {
	int taps;
	int *start;
	int *weight;
} dv_filter;

static void
dv_filter_free(dv_filter *f)
{
	g_free(f->start);
	g_free(f->weight);
}

/* Sample centres line up as libvips' do: output i sits at input
 * (i + 0.5) * scale - 0.5. Taps that fall past either edge are added to
 * the edge sample, and the window is shifted to stay inside, so that the
 * loops never test for edges. Fails, with a libvips error, on a filter
 * over DV_MAX_WEIGHTS or out of memory: g_new would abort the process. */
static int
dv_filter_init(dv_filter *f, int n, int m, int a)
{
	double scale = (double) n / m;
	double support = a * scale;
	double *w;
	int i, t;

	f->taps = (int) VIPS_MIN(ceil(2.0 * support) + 1, n);
	f->start = NULL;
	f->weight = NULL;
	if ((size_t) m * f->taps > DV_MAX_WEIGHTS) {
		vips_error("derive", "reduce: %d to %d pixels needs %zu filter "
			"weights, over %d", n, m, (size_t) m * f->taps,
			DV_MAX_WEIGHTS);
		return -1;
	}
	f->start = g_try_new(int, m);
	f->weight = g_try_new(int, (size_t) m * f->taps);
	w = g_try_new(double, f->taps);
	if (!f->start || !f->weight || !w) {
		vips_error("derive", "reduce: out of memory");
		g_free(w);
		dv_filter_free(f);
		return -1;
	}
	for (i = 0; i < m; i++) {
		double centre = (i + 0.5) * scale - 0.5;
		int lo = (int) ceil(centre - support);
		int s = VIPS_CLIP(0, lo, n - f->taps);
		int *wi = f->weight + (size_t) i * f->taps;
		double sum = 0.0;
		int isum = 0, peak = 0;

		for (t = 0; t < f->taps; t++)
			w[t] = 0.0;
		for (t = 0; t < f->taps; t++) {
			int j = lo + t;
			double v = dv_lanczos((j - centre) / scale, a);

			w[VIPS_CLIP(0, j, n - 1) - s] += v;
			sum += v;
		}
		for (t = 0; t < f->taps; t++) {
			wi[t] = (int) lrint(w[t] / sum * (1 << DV_WBITS));
			isum += wi[t];
			if (wi[t] > wi[peak])
				peak = t;
		}
		/* Rounding must not brighten or darken a flat area. */
		wi[peak] += (1 << DV_WBITS) - isum;
		f->start[i] = s;
	}
	g_free(w);
	return 0;
}

static inline VipsPel
dv_clip(int acc)
{
	int v = (acc + (1 << (DV_WBITS - 1))) >> DV_WBITS;

	return (VipsPel) VIPS_CLIP(0, v, 255);
}

/* One row of RGB; inlined with taps constant, the compiler unrolls the
 * window. */
static inline __attribute__((always_inline)) void
dv_width_row3(const VipsPel *row, VipsPel *q, int width,
	const dv_filter *f, int taps)
{
	int x, t;

	for (x = 0; x < width; x++) {
		const int *wx = f->weight + (size_t) x * taps;
		const VipsPel *p = row + (size_t) f->start[x] * 3;
		int r = 0, g = 0, b = 0;

		for (t = 0; t < taps; t++) {
			r += wx[t] * p[3 * t];
			g += wx[t] * p[3 * t + 1];
			b += wx[t] * p[3 * t + 2];
		}
		q[0] = dv_clip(r);
		q[1] = dv_clip(g);
		q[2] = dv_clip(b);
		q += 3;
	}
}

/* Checks in and makes the output image, width × height. */
static int
dv_reduce_prepare(VipsImage *in, int width, int height, int a,
	VipsImage **out)
{
	VipsImage *o;

	if (in->BandFmt != VIPS_FORMAT_UCHAR ||
		in->Coding != VIPS_CODING_NONE ||
		in->Bands < 1 || in->Bands > 4 ||
		width < 1 || width > in->Xsize ||
		height < 1 || height > in->Ysize ||
		a < 1 || a > 3) {
		vips_error("derive", "reduce: unsupported image");
		return -1;
	}
	if (vips_image_wio_input(in))
		return -1;
	o = vips_image_new_memory();
	vips_image_init_fields(o, width, height, in->Bands,
		VIPS_FORMAT_UCHAR, VIPS_CODING_NONE, in->Type,
		in->Xres, in->Yres);
	if (vips_image_write_prepare(o)) {
		g_object_unref(o);
		return -1;
	}
	*out = o;
	return 0;
}

int
dv_reduce_width(VipsImage *in, int width, int a, VipsImage **out)
{
	dv_filter f;
	VipsImage *o;
	int y;

	if (in->Bands != 3) {
		vips_error("derive", "reduce_width: %d bands, want 3", in->Bands);
		return -1;
	}
	if (dv_reduce_prepare(in, width, in->Ysize, a, &o))
		return -1;
	if (dv_filter_init(&f, in->Xsize, width, a)) {
		g_object_unref(o);
		return -1;
	}
	for (y = 0; y < in->Ysize; y++) {
		const VipsPel *row = VIPS_IMAGE_ADDR(in, 0, y);
		VipsPel *q = VIPS_IMAGE_ADDR(o, 0, y);

		/* 6 and 7 taps: Lanczos2 after shrink-on-load. */
		if (f.taps == 6)
			dv_width_row3(row, q, width, &f, 6);
		else if (f.taps == 7)
			dv_width_row3(row, q, width, &f, 7);
		else
			dv_width_row3(row, q, width, &f, f.taps);
	}
	dv_filter_free(&f);
	*out = o;
	return 0;
}

/* acc[i] += w * p[i]: the height pass's inner loop, which the compiler
 * vectorises (at -O3, see vips.go) once told the two cannot overlap. In
 * floats: x86-64's baseline SIMD has no 32-bit integer multiply, and
 * every SIMD unit converts bytes to floats and multiplies them. */
static void
dv_mac(float *restrict acc, const VipsPel *restrict p, float w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		acc[i] += w * p[i];
}

int
dv_reduce_height(VipsImage *in, int height, int a, VipsImage **out)
{
	dv_filter f;
	VipsImage *o;
	size_t n = VIPS_IMAGE_SIZEOF_LINE(in);
	float *acc;
	int y, t;
	size_t i;

	if (dv_reduce_prepare(in, in->Xsize, height, a, &o))
		return -1;
	if (dv_filter_init(&f, in->Ysize, height, a)) {
		g_object_unref(o);
		return -1;
	}
	if (!(acc = g_try_new(float, n))) {
		vips_error("derive", "reduce: out of memory");
		dv_filter_free(&f);
		g_object_unref(o);
		return -1;
	}
	for (y = 0; y < height; y++) {
		const int *wy = f.weight + (size_t) y * f.taps;
		VipsPel *q = VIPS_IMAGE_ADDR(o, 0, y);

		for (i = 0; i < n; i++)
			acc[i] = 0.5f;
		for (t = 0; t < f.taps; t++)
			dv_mac(acc, VIPS_IMAGE_ADDR(in, 0, f.start[y] + t),
				(float) wy[t] / (1 << DV_WBITS), n);
		for (i = 0; i < n; i++)
			q[i] = (VipsPel) VIPS_CLIP(0.0f, acc[i], 255.0f);
	}
	g_free(acc);
	dv_filter_free(&f);
	*out = o;
	return 0;
}
