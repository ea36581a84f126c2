"""What each network accepts in a post's images: the one table the image rules read.

``IMAGE_LIMITS[network]`` is an ``ImageLimits``. Every figure says where it comes from
(the network's own page, and the date it was read as far as we know it). To update a
figure, change it here, with its comment; nothing else in the code holds one.

Three kinds of figures:

* published limits the network enforces (it refuses the image or the post): a finding
  on them has the rule's own severity;
* ``advisory`` figures (named in ``ImageLimits.advisory``): the network publishes no
  figure, so the table holds a conservative one (it flags what may be cropped, blurred
  or refused), or the network adapts the image itself (scales it up, crops it, shows an
  animation as a still). Their findings are warnings at most, never blocking;
* ``None``: the network publishes that it scales larger images down; nothing to flag.

Ratios are width / height. Sizes are bytes: ``MIB`` for "MB" on pages that mean
1,048,576 bytes, exact bytes where the network gives them (Bluesky).

Plain Python: no Django here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from socialgov.checks.base import IMAGE_FORMATS

MIB = 1024 * 1024
ALL_FORMATS = frozenset(IMAGE_FORMATS)

# Used where a network publishes no figure (each use says so below).
CONSERVATIVE_MIN_RATIO = 1 / 3  # 1:3, a tall strip; timelines crop anything taller
CONSERVATIVE_MAX_RATIO = 3.0  # 3:1, a wide banner; timelines crop anything wider
CONSERVATIVE_MIN_SIDE = 200  # px: below this an image shows blurred on every network


@dataclass(frozen=True)
class ImageLimits:
    max_images: int  # images in one post
    formats: frozenset[str]  # formats the network takes (of base.IMAGE_FORMATS)
    animated: bool  # an animated image plays (False: shown as a still, or refused)
    animated_alone: bool  # an animated image must be the post's only image
    min_ratio: float  # width / height
    max_ratio: float
    min_width: int  # px
    min_height: int
    max_width: int | None  # px; None: larger images are scaled down, never refused
    max_height: int | None
    max_pixels: int | None  # width × height; None: no such limit
    max_bytes: int  # file size of a still image
    max_animated_bytes: int  # file size of an animated image
    max_animated_width: int | None = None  # px, animated images only (None: as stills)
    max_animated_height: int | None = None
    max_frames: int | None = None  # frames of an animated image; None: no limit
    # Figures whose breach the network does not refuse (see the module's doc): the names
    # of the checks "images", "format", "animated", "ratio", "small", "large", "bytes",
    # "frames".
    advisory: frozenset[str] = field(default_factory=frozenset)


IMAGE_LIMITS: dict[str, ImageLimits] = {
    "x": ImageLimits(
        # docs.x.com/x-api/media/quickstart/best-practices (read 2025): "up to 4 photos,
        # 1 animated GIF or 1 video in a Post"; help.x.com/en/using-x/posting-gifs-and-pictures
        max_images=4,
        # Same page: "Supported image media types: JPG, PNG, GIF, WEBP".
        formats=frozenset({"jpeg", "png", "gif", "webp"}),
        animated=True,
        animated_alone=True,  # one animated GIF per post, with no photo beside it
        # X publishes no ratio for photos (the timeline crops extreme ones): conservative.
        min_ratio=CONSERVATIVE_MIN_RATIO,
        max_ratio=CONSERVATIVE_MAX_RATIO,
        # No minimum on X's own pages we know of (third-party guides say 4 × 4 px):
        # conservative.
        min_width=CONSERVATIVE_MIN_SIDE,
        min_height=CONSERVATIVE_MIN_SIDE,
        # Not on X's own pages we know of; third-party guides give 8192 × 8192 px.
        max_width=8192,
        max_height=8192,
        max_pixels=None,
        # docs.x.com/x-api/media (read 2025): "Image: 5 MB", "GIF: 15 MB".
        max_bytes=5 * MIB,
        max_animated_bytes=15 * MIB,
        # Media best practices (read 2025): GIF "Resolution should be <= 1280x1080
        # (width x height)", "Number of frames <= 350".
        max_animated_width=1280,
        max_animated_height=1080,
        max_frames=350,
        advisory=frozenset({"ratio", "small", "large"}),
    ),
    "linkedin": ImageLimits(
        # learn.microsoft.com/linkedin/marketing/community-management/shares/
        # multiimage-post-api (read 2025): a multi-image post has 2 to 20 images.
        max_images=20,
        # learn.microsoft.com/linkedin/marketing/community-management/shares/images-api
        # (read 2025): JPG, GIF, PNG; animated GIF up to 250 frames.
        formats=frozenset({"jpeg", "png", "gif"}),
        animated=True,
        animated_alone=False,
        # LinkedIn Help (as quoted by HubSpot's knowledge base, May 2025): the feed shows
        # 3:1 to 2:3 and centres and crops anything beyond.
        min_ratio=2 / 3,
        max_ratio=3.0,
        # LinkedIn recommends at least 552 × 276 px (same source); smaller shows blurred.
        min_width=552,
        min_height=276,
        max_width=None,
        max_height=None,
        # Images API (read 2025): an image may have up to 36,152,320 pixels.
        max_pixels=36_152_320,
        # LinkedIn Help, as quoted by HubSpot (May 2025): "The size limit for an upload
        # is 5 MB" (some guides say 8 MB: 5 is the conservative one).
        max_bytes=5 * MIB,
        max_animated_bytes=5 * MIB,
        max_frames=250,
        advisory=frozenset({"ratio", "small", "bytes"}),
    ),
    "facebook": ImageLimits(
        # Facebook publishes no cap on the photos of one Page post; 10 is conservative
        # (what Meta's multi-photo publishing examples and schedulers use).
        max_images=10,
        # developers.facebook.com/docs/graph-api/photo-uploads (read 2025): JPEG, BMP,
        # PNG, GIF, TIFF. WebP is not listed there (the web composer takes it): advisory.
        formats=frozenset({"jpeg", "png", "gif"}),
        animated=True,
        animated_alone=False,
        # No ratio for Page posts; Meta's ads guide (facebook.com/business/ads-guide,
        # read 2025) shows feed images from 4:5 to 1.91:1 and crops beyond: conservative.
        min_ratio=4 / 5,
        max_ratio=1.91,
        # No minimum for Page posts; the ads guide asks at least 600 px wide (600 × 315
        # for a 1.91:1 link image): conservative.
        min_width=600,
        min_height=315,
        # Photo uploads page: Facebook "resizes images to different dimensions".
        max_width=None,
        max_height=None,
        max_pixels=None,
        # Photo uploads page: "We recommend uploading photos under 4MB" (a
        # recommendation, not a refusal).
        max_bytes=4 * MIB,
        max_animated_bytes=4 * MIB,
        advisory=frozenset({"images", "format", "ratio", "small", "bytes"}),
    ),
    "instagram": ImageLimits(
        # developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/
        # ig-user/media (read 2025): a carousel has up to 10 images (the app took 20
        # from August 2024; publishing tools go through the API).
        max_images=10,
        # Same page: "Format: JPEG" is the only officially supported format (the app
        # converts PNG and WebP; a publishing tool may not): advisory.
        formats=frozenset({"jpeg"}),
        # Instagram shows a GIF as a still image.
        animated=False,
        animated_alone=False,
        # Same page: "Aspect ratio: Must be within a 4:5 to 1.91:1 range" (refused).
        min_ratio=4 / 5,
        max_ratio=1.91,
        # Same page: "Minimum width: 320 (will be scaled up to the minimum if necessary)";
        # no height figure: 320 as well, conservative.
        min_width=320,
        min_height=320,
        # Same page: "Maximum width: 1440 (will be scaled down to the maximum if
        # necessary)".
        max_width=None,
        max_height=None,
        max_pixels=None,
        # Same page: "File size: 8 MB maximum".
        max_bytes=8 * MIB,
        max_animated_bytes=8 * MIB,
        advisory=frozenset({"format", "animated", "small"}),
    ),
    "threads": ImageLimits(
        # developers.facebook.com/docs/threads/posts#carousel-posts (read 2025): a
        # carousel has up to 20 images or videos (10 before 2024).
        max_images=20,
        # developers.facebook.com/docs/threads/overview#image-specifications (read
        # 2025): "JPEG and PNG image types are the officially supported formats".
        formats=frozenset({"jpeg", "png"}),
        animated=False,
        animated_alone=False,
        # Same page: "Aspect Ratio Limit: 10:1".
        min_ratio=1 / 10,
        max_ratio=10.0,
        # Same page: "Minimum Width: 320 (will be scaled up to the minimum if
        # necessary)"; no height figure: 320 as well, conservative.
        min_width=320,
        min_height=320,
        # Same page: "Maximum Width: 1440 (will be scaled down ...)".
        max_width=None,
        max_height=None,
        max_pixels=None,
        # Same page: "File Size: 8 MB maximum".
        max_bytes=8 * MIB,
        max_animated_bytes=8 * MIB,
        advisory=frozenset({"small"}),
    ),
    "bluesky": ImageLimits(
        # github.com/bluesky-social/atproto, lexicons/app/bsky/embed/images.json (read
        # 2025): "images" has maxLength 4.
        max_images=4,
        # Same lexicon: the blob accepts "image/*".
        formats=ALL_FORMATS,
        # Bluesky shows an animated GIF as a still image (GIFs go as video or links).
        animated=False,
        animated_alone=False,
        # Bluesky publishes no ratio (the lexicon's aspectRatio is only for display):
        # conservative.
        min_ratio=CONSERVATIVE_MIN_RATIO,
        max_ratio=CONSERVATIVE_MAX_RATIO,
        # No minimum published: conservative.
        min_width=CONSERVATIVE_MIN_SIDE,
        min_height=CONSERVATIVE_MIN_SIDE,
        # No maximum published today; the lexicon's first version had maxWidth and
        # maxHeight 2000, and the app scales images down to 2000 px: conservative.
        max_width=2000,
        max_height=2000,
        max_pixels=None,
        # Same lexicon: the image blob has maxSize 1000000 (bytes).
        max_bytes=1_000_000,
        max_animated_bytes=1_000_000,
        advisory=frozenset({"animated", "ratio", "small", "large"}),
    ),
    "mastodon": ImageLimits(
        # docs.joinmastodon.org/user/posting/#media (read 2025): up to 4 attachments
        # (each server may change it; 4 is Mastodon's default).
        max_images=4,
        # Same page: JPEG, PNG, GIF, WebP (HEIC and AVIF too).
        formats=ALL_FORMATS,
        # An animated GIF becomes a looping video ("GIFV"), and a video cannot share a
        # post with images.
        animated=True,
        animated_alone=True,
        # Mastodon publishes no ratio: conservative.
        min_ratio=CONSERVATIVE_MIN_RATIO,
        max_ratio=CONSERVATIVE_MAX_RATIO,
        # No minimum published: conservative.
        min_width=CONSERVATIVE_MIN_SIDE,
        min_height=CONSERVATIVE_MIN_SIDE,
        # Same page: images over 8.3 megapixels (3840 × 2160) are scaled down.
        max_width=None,
        max_height=None,
        max_pixels=None,
        # Same page: images up to 16 MB (Mastodon 4.2 and later; 10 MB before).
        max_bytes=16 * MIB,
        max_animated_bytes=16 * MIB,
        advisory=frozenset({"ratio", "small"}),
    ),
}
