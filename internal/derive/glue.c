/* glue.c: see glue.h. Policy (sizes, limits, retries, timeouts) lives in
 * Go; this file only says how each step is asked of libvips. */

#include "glue.h"

#include <malloc.h>

/* The loader classes we call directly, from a file path or from memory.
 * Init blocks every other loader, so that a file can only ever reach one
 * of these. */
static const char *dv_loaders[] = {
	"VipsForeignLoadJpegFile",
	"VipsForeignLoadPngFile",
	"VipsForeignLoadNsgifFile",
	"VipsForeignLoadWebpFile",
	"VipsForeignLoadHeifFile",
	"VipsForeignLoadTiffFile",
	"VipsForeignLoadJpegBuffer",
	"VipsForeignLoadPngBuffer",
	"VipsForeignLoadNsgifBuffer",
	"VipsForeignLoadWebpBuffer",
	"VipsForeignLoadHeifBuffer",
	"VipsForeignLoadTiffBuffer",
};

/* Decoders report damage they survive as GLib warnings on stderr, one line
 * per flaw: a broken upload could print thousands. What matters reaches Go
 * through return values and the error buffer, so warnings are dropped. */
static void
dv_ignore_log(const gchar *domain, GLogLevelFlags level, const gchar *message,
	gpointer user_data)
{
}

/* libvips computes a pipeline in strips of 16 lines (4 for some
 * operations), and every strip of every sink costs a round of locking and
 * thread hand-offs and a pass through each operation's region code. Our
 * images are small once shrunk on load (1000 pixels wide for a 12 MP JPEG),
 * so strips of 128 lines cost little memory and cut that overhead by a
 * quarter of the thread switches. Larger strips gain nothing more and cost
 * memory on wide images that cannot shrink on load: a 108 MP 16-bit PNG
 * peaks at 296 MB with 16 or 128 lines, at 455 MB with 256. libvips sets
 * these heights only from its command-line options, which it offers to
 * applications to parse. */
static int
dv_set_strip_height(void)
{
	char *argv[] = { "imagier",
		"--vips-thinstrip-height=128", "--vips-fatstrip-height=128",
		NULL };
	char **args = argv;
	int n = 3;
	GOptionContext *context;
	GOptionGroup *group;
	GError *error = NULL;
	int result = 0;

	context = g_option_context_new(NULL);
	group = g_option_group_new("vips", "libvips", "libvips", NULL, NULL);
	vips_add_option_entries(group);
	g_option_context_set_main_group(context, group);
	if (!g_option_context_parse(context, &n, &args, &error)) {
		vips_error("derive", "strip height: %s", error->message);
		g_error_free(error);
		result = -1;
	}
	g_option_context_free(context);

	return result;
}

/* Each image allocates and frees the same few large buffers (the file's
 * bytes, the decoder's strips, the intermediate, the sizes). Above glibc's
 * mmap threshold each one is a fresh mapping whose pages the kernel must
 * fault in and zero, about 400 faults per 12 MP photo; kept in the heap,
 * they are reused from one image to the next, and the heap is trimmed
 * only past what a few images use. One arena: libvips' worker threads
 * rotate, and with an arena each every one kept its own copy of those
 * buffers (peak memory 177 MB against 99 MB importing 24 MP photos on
 * two workers), for no gain in speed. glibc reads the arena limit when
 * the first thread is started, so this runs as the program loads, before
 * the Go runtime starts any. */
static void __attribute__((constructor))
dv_malloc_init(void)
{
	mallopt(M_ARENA_MAX, 1);
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
}

int
dv_init(void)
{
	size_t i;

	if (vips_init("imagier"))
		return -1;

	g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE,
		dv_ignore_log, NULL);

	if (dv_set_strip_height())
		return -1;

	/* We run one image per core; libvips threads would only compete. */
	vips_concurrency_set(1);

	/* Each derivative is made once: a cache would only hold memory and
	 * file descriptors. */
	vips_cache_set_max(0);
	vips_cache_set_max_mem(0);
	vips_cache_set_max_files(0);

	/* Untrusted loaders (ImageMagick, PDF, SVG, …) must never see
	 * uploaded bytes; we go further and block every loader but ours. */
	vips_block_untrusted_set(TRUE);
	vips_operation_block_set("VipsForeignLoad", TRUE);
	for (i = 0; i < VIPS_NUMBER(dv_loaders); i++)
		vips_operation_block_set(dv_loaders[i], FALSE);

	/* The error buffer is off until a call runs alone: see
	 * vipserrors.go. */
	vips_error_freeze();

	return 0;
}

/* 1 if the operation is blocked, 0 if not, -1 if this libvips lacks it. */
int
dv_operation_blocked(const char *nickname)
{
	GType type;
	VipsOperationClass *class;
	int blocked;

	type = vips_type_find("VipsOperation", nickname);
	if (!type)
		return -1;
	class = VIPS_OPERATION_CLASS(g_type_class_ref(type));
	blocked = (class->flags & VIPS_OPERATION_BLOCKED) != 0;
	g_type_class_unref(class);

	return blocked;
}

/* vips_<kind>load from path, or vips_<kind>load_buffer from buf when it
 * is set: one list of options serves both. */
#define DV_LOAD(kind, ...) (buf ? \
	vips_##kind##load_buffer((void *) buf, len, __VA_ARGS__) : \
	vips_##kind##load(path, __VA_ARGS__))

/* Loads from path, or from len bytes at buf when buf is set, which must
 * stay valid until the image and every image made from it are gone. */
int
dv_load(const char *path, const void *buf, size_t len, int format,
	int shrink, int fail_on, VipsImage **out)
{
	VipsAccess seq = VIPS_ACCESS_SEQUENTIAL;

	switch (format) {
	case DV_JPEG:
		return DV_LOAD(jpeg, out, "shrink", shrink,
			"access", seq, "fail_on", fail_on, NULL);
	case DV_PNG:
		return DV_LOAD(png, out,
			"access", seq, "fail_on", fail_on, NULL);
	case DV_GIF:
		return DV_LOAD(gif, out, "page", 0, "n", 1,
			"access", seq, "fail_on", fail_on, NULL);
	case DV_WEBP:
		return DV_LOAD(webp, out, "page", 0, "n", 1,
			"scale", 1.0 / shrink,
			"access", seq, "fail_on", fail_on, NULL);
	case DV_HEIF:
		/* Neither page nor n: heifload then picks the primary
		 * image, with libheif's irot/imir already applied. */
		return DV_LOAD(heif, out,
			"access", seq, "fail_on", fail_on, NULL);
	case DV_TIFF:
		return DV_LOAD(tiff, out, "page", 0, "n", 1,
			"access", seq, "fail_on", fail_on, NULL);
	}
	vips_error("derive", "no loader for format %d", format);
	return -1;
}

void
dv_header(VipsImage *im, int *width, int *height, int *pages,
	int *orientation)
{
	*width = vips_image_get_width(im);
	*height = vips_image_get_height(im);
	*pages = vips_image_get_n_pages(im);
	*orientation = 0;
	if (vips_image_get_typeof(im, VIPS_META_ORIENTATION))
		*orientation = vips_image_get_orientation(im);
}

/* Coded images (LabQ from 8-bit CIELab TIFF, Radiance) must be unpacked
 * before any pixel operation; for the rest this is a cheap copy. */
int
dv_decode(VipsImage *in, VipsImage **out)
{
	return vips_image_decode(in, out);
}

/* The value of an opaque pixel's alpha. libvips 8.14 has no function for
 * this; floats are 0–1 only in scRGB, 0–255 in Lab and the rest. */
static double
dv_max_alpha(VipsImage *im)
{
	switch (im->BandFmt) {
	case VIPS_FORMAT_USHORT:
		return 65535.0;
	case VIPS_FORMAT_SHORT:
		return 32767.0;
	case VIPS_FORMAT_FLOAT:
	case VIPS_FORMAT_DOUBLE:
		return im->Type == VIPS_INTERPRETATION_scRGB ? 1.0 : 255.0;
	default:
		return 255.0;
	}
}

/* Alpha is premultiplied around the resize so that the colour of fully
 * transparent pixels (often garbage) cannot bleed into their neighbours. */
int
dv_resize(VipsImage *in, double hscale, double vscale, VipsKernel kernel,
	VipsImage **out)
{
	VipsImage *pre = NULL, *small = NULL, *un = NULL;
	double max_alpha;
	int result;

	if (!vips_image_hasalpha(in))
		return vips_resize(in, out, hscale, "vscale", vscale,
			"kernel", kernel, NULL);

	max_alpha = dv_max_alpha(in);
	result = -1;
	if (!vips_premultiply(in, &pre, "max_alpha", max_alpha, NULL) &&
		!vips_resize(pre, &small, hscale, "vscale", vscale,
			"kernel", kernel, NULL) &&
		!vips_unpremultiply(small, &un, "max_alpha", max_alpha, NULL) &&
		!vips_cast(un, out, in->BandFmt, NULL))
		result = 0;
	VIPS_UNREF(pre);
	VIPS_UNREF(small);
	VIPS_UNREF(un);
	return result;
}

/* libvips' own Lanczos reduction, with no box shrink first: what
 * reduce.c's passes are checked against. */
int
dv_reduce(VipsImage *in, double hshrink, double vshrink, VipsKernel kernel,
	VipsImage **out)
{
	return vips_reduce(in, out, hshrink, vshrink, "kernel", kernel, NULL);
}

/* The pixels of in, packed, in a buffer to free with dv_free. */
void *
dv_pixels(VipsImage *in, size_t *len)
{
	return vips_image_write_to_memory(in, len);
}

/* Without a usable profile we trust the interpretation, after libvips has
 * sanity-checked it against the band count and format. */
static int
dv_colourspace_srgb8(VipsImage *in, VipsImage **out)
{
	VipsImage *typed = NULL, *srgb = NULL;
	int result = -1;

	if (vips_copy(in, &typed, "interpretation",
		vips_image_guess_interpretation(in), NULL))
		return -1;
	if (!vips_colourspace(typed, &srgb, VIPS_INTERPRETATION_sRGB, NULL)) {
		if (srgb->BandFmt == VIPS_FORMAT_UCHAR) {
			*out = srgb;
			srgb = NULL;
			result = 0;
		}
		else
			result = vips_cast(srgb, out, VIPS_FORMAT_UCHAR, NULL);
	}
	VIPS_UNREF(typed);
	VIPS_UNREF(srgb);
	return result;
}

/* Perceptual is the one intent every profile must support: LUT profiles
 * such as JPEG XYB's render wrongly, or not at all, with the others, and for
 * matrix profiles (sRGB, Adobe RGB, Display P3) all intents are the same. */
static int
dv_colour_srgb8(VipsImage *in, VipsImage **out)
{
	if (vips_image_get_typeof(in, VIPS_META_ICC_NAME)) {
		if (!vips_icc_transform(in, out, "srgb", "embedded", TRUE,
			"intent", VIPS_INTENT_PERCEPTUAL, "depth", 8, NULL))
			return 0;
		/* A broken or mismatched profile: fall back to the
		 * interpretation rather than reject the photo, and drop the
		 * profile's message. The buffer is on only while this call
		 * runs alone (vipserrors.go), so the message is its own. */
		g_free(vips_error_buffer_copy());
	}
	return dv_colourspace_srgb8(in, out);
}

static int
dv_alpha8(VipsImage *alpha, VipsImage **out)
{
	if (alpha->BandFmt == VIPS_FORMAT_UCHAR) {
		g_object_ref(alpha);
		*out = alpha;
		return 0;
	}
	return vips_linear1(alpha, out, 255.0 / dv_max_alpha(alpha), 0.0,
		"uchar", TRUE, NULL);
}

/* Colour goes to 8-bit sRGB through the embedded ICC profile when there is
 * one (CMYK, Adobe RGB, Display P3), through the interpretation otherwise
 * (16-bit, Lab, grey). Alpha is kept, scaled to 8 bits, for
 * dv_flatten_white. */
int
dv_to_srgb8(VipsImage *in, VipsImage **out)
{
	VipsImage *colour = NULL, *alpha = NULL, *c8 = NULL, *a8 = NULL;
	int n = in->Bands;
	int result = -1;

	if (!vips_image_hasalpha(in))
		return dv_colour_srgb8(in, out);

	if (!vips_extract_band(in, &colour, 0, "n", n - 1, NULL) &&
		!vips_extract_band(in, &alpha, n - 1, NULL) &&
		!dv_colour_srgb8(colour, &c8) &&
		!dv_alpha8(alpha, &a8) &&
		!vips_bandjoin2(c8, a8, out, NULL))
		result = 0;
	VIPS_UNREF(colour);
	VIPS_UNREF(alpha);
	VIPS_UNREF(c8);
	VIPS_UNREF(a8);
	return result;
}

/* Expects 8-bit sRGB, with or without alpha. */
int
dv_flatten_white(VipsImage *in, VipsImage **out)
{
	VipsArrayDouble *white;
	VipsImage *flat = NULL;
	int result;

	if (!vips_image_hasalpha(in))
		return vips_copy(in, out, NULL);

	white = vips_array_double_newv(3, 255.0, 255.0, 255.0);
	result = vips_flatten(in, &flat, "background", white,
		"max_alpha", 255.0, NULL);
	vips_area_unref(VIPS_AREA(white));
	if (result)
		return -1;
	result = vips_cast(flat, out, VIPS_FORMAT_UCHAR, NULL);
	VIPS_UNREF(flat);
	return result;
}

int
dv_copy_memory(VipsImage *in, VipsImage **out)
{
	VipsImage *mem;

	if (!(mem = vips_image_copy_memory(in)))
		return -1;
	*out = mem;
	return 0;
}

/* Applies EXIF orientation 1–8 (0 or out of range: none) and removes the
 * tag, so that nothing downstream can apply it a second time. */
int
dv_orient(VipsImage *in, int orientation, VipsImage **out)
{
	VipsImage *tagged = NULL;
	int result;

	if (vips_copy(in, &tagged, NULL))
		return -1;
	if (orientation < 2 || orientation > 8) {
		vips_image_remove(tagged, VIPS_META_ORIENTATION);
		*out = tagged;
		return 0;
	}
	vips_image_set_int(tagged, VIPS_META_ORIENTATION, orientation);
	result = vips_autorot(tagged, out, NULL);
	VIPS_UNREF(tagged);
	if (!result)
		vips_image_remove(*out, VIPS_META_ORIENTATION);
	return result;
}

int
dv_crop_centre(VipsImage *in, int width, int height, VipsImage **out)
{
	return vips_extract_area(in, out,
		(in->Xsize - width) / 2, (in->Ysize - height) / 2,
		width, height, NULL);
}

/* strip drops EXIF, XMP, IPTC and ICC: a derivative never carries GPS, and
 * its pixels are sRGB, which is what a JPEG without a profile means. */
int
dv_save_jpeg(VipsImage *in, int quality, int interlace, int optimize,
	void **buf, size_t *len)
{
	return vips_jpegsave_buffer(in, buf, len,
		"Q", quality,
		"optimize_coding", optimize ? TRUE : FALSE,
		"interlace", interlace ? TRUE : FALSE,
		"strip", TRUE,
		NULL);
}

int
dv_from_rgb(const void *rgb, size_t len, int width, int height,
	VipsImage **out)
{
	VipsImage *im;

	im = vips_image_new_from_memory_copy(rgb, len,
		width, height, 3, VIPS_FORMAT_UCHAR);
	if (!im)
		return -1;
	*out = im;
	return 0;
}

int
dv_width(VipsImage *im)
{
	return vips_image_get_width(im);
}

int
dv_height(VipsImage *im)
{
	return vips_image_get_height(im);
}

/* Called from the watchdog's thread while another thread computes the
 * image: libvips polls this flag between regions and stops with an error. */
void
dv_kill(VipsImage *im)
{
	vips_image_set_kill(im, TRUE);
}

static void *
dv_count_image(VipsObject *object, int *n, void *b)
{
	if (VIPS_IS_IMAGE(object))
		*n += 1;
	return NULL;
}

void
dv_usage(size_t *mem, size_t *highwater, int *allocs, int *files,
	int *images)
{
	*mem = vips_tracked_get_mem();
	*highwater = vips_tracked_get_mem_highwater();
	*allocs = vips_tracked_get_allocs();
	*files = vips_tracked_get_files();
	*images = 0;
	vips_object_map((VipsSListMap2Fn) dv_count_image, images, NULL);
}

void
dv_unref(VipsImage *im)
{
	g_object_unref(im);
}

/* Copies and clears the error buffer under libvips' lock. */
char *
dv_take_error(void)
{
	return vips_error_buffer_copy();
}

/* Turn the error buffer on, empty, for a call that runs alone, and off
 * again after it. Only that call runs libvips meanwhile, so nothing else
 * can write to the buffer. */
void
dv_errors_on(void)
{
	vips_error_clear();
	vips_error_thaw();
}

void
dv_errors_off(void)
{
	vips_error_freeze();
	vips_error_clear();
}

void
dv_free(void *p)
{
	g_free(p);
}
