/* glue.h: the few libvips steps package derive needs, one function per
 * step. Every function that makes an image returns 0 and sets *out to a new
 * reference the caller must unref, or returns -1 with a message in the
 * libvips error buffer and leaves *out untouched. */

#ifndef IMAGIER_DERIVE_GLUE_H
#define IMAGIER_DERIVE_GLUE_H

#include <stddef.h>
#include <vips/vips.h>

/* Formats we load, each with its own loader. */
enum {
	DV_JPEG = 1,
	DV_PNG,
	DV_GIF,
	DV_WEBP,
	DV_HEIF,
	DV_TIFF
};

int dv_init(void);
int dv_operation_blocked(const char *nickname);

int dv_load(const char *path, const void *buf, size_t len, int format,
	int shrink, int fail_on, VipsImage **out);
void dv_header(VipsImage *im, int *width, int *height, int *pages,
	int *orientation);

int dv_decode(VipsImage *in, VipsImage **out);
int dv_resize(VipsImage *in, double hscale, double vscale, VipsKernel kernel,
	VipsImage **out);
int dv_reduce(VipsImage *in, double hshrink, double vshrink, VipsKernel kernel,
	VipsImage **out);
void *dv_pixels(VipsImage *in, size_t *len);
/* reduce.c: Lanczos (a lobes, 1–3) reduction of an 8-bit image in
 * memory to a smaller width (RGB only) or height; the result is in memory
 * too. */
int dv_reduce_width(VipsImage *in, int width, int a, VipsImage **out);
int dv_reduce_height(VipsImage *in, int height, int a, VipsImage **out);
int dv_to_srgb8(VipsImage *in, VipsImage **out);
int dv_flatten_white(VipsImage *in, VipsImage **out);
int dv_copy_memory(VipsImage *in, VipsImage **out);
int dv_orient(VipsImage *in, int orientation, VipsImage **out);
int dv_crop_centre(VipsImage *in, int width, int height, VipsImage **out);
int dv_save_jpeg(VipsImage *in, int quality, int interlace, int optimize,
	void **buf, size_t *len);
int dv_from_rgb(const void *rgb, size_t len, int width, int height,
	VipsImage **out);

int dv_width(VipsImage *im);
int dv_height(VipsImage *im);
void dv_kill(VipsImage *im);
void dv_usage(size_t *mem, size_t *highwater, int *allocs, int *files,
	int *images);
void dv_unref(VipsImage *im);
char *dv_take_error(void);
void dv_errors_on(void);
void dv_errors_off(void);
void dv_free(void *p);

#endif
