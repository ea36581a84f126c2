"""Images in the engine: ImageInput, the image_alt and image_limits kinds, their built-ins,
and the per-network table of socialgov.checks.media. Expected figures are read from the
table, so updating a figure does not break these tests."""

import math
import re
from dataclasses import replace

import pytest

from socialgov.checks import media, networks
from socialgov.checks.base import IMAGE_FORMATS, NETWORKS
from socialgov.checks.engine import (
    BUILTIN_IMAGE_ALT,
    BUILTIN_IMAGE_LIMITS,
    ImageInput,
    PostInput,
    RuleSpec,
    compile,
)
from socialgov.checks.rules.images import alt_is_file_name

GOOD_ALT = "A barista pours a heart in the foam of an oat latte"
CHECKS = {"images", "format", "animated", "ratio", "small", "large", "bytes", "frames"}
# How each problem's English message reads (the messages name the problem this way).
PROBLEM_WORDS = {
    "images": "one too many",
    "format": "formats",
    "animated": "animated",
    "ratio": "aspect ratio",
    "small": "too small",
    "large": "too large",
    "bytes": "too heavy",
    "frames": "frames;",
}


def image(position=0, width=1080, height=1080, format="jpeg", size=200_000, alt=GOOD_ALT,
          frames=1):
    return ImageInput(position=position, width=width, height=height, format=format,
                      size=size, alt=alt, frames=frames)


def check(images, nets=(), rules=(), text="Bonjour", language="fr"):
    post = PostInput(text=text, networks=tuple(nets), images=tuple(images), language=language)
    return compile(list(rules)).check(post).findings


def limit_findings(network, images):
    return [f for f in check(images, (network,)) if f.rule_id == "builtin:image_limits"]


def problems(network, images, problem):
    word = PROBLEM_WORDS[problem]
    return [f for f in limit_findings(network, images) if word in f.message["en"]]


def expected_severity(network, problem):
    return "warning" if problem in media.IMAGE_LIMITS[network].advisory else "error"


# --- the value types ---------------------------------------------------------------------


def test_image_input_and_post_input():
    still = ImageInput(position=0, width=800, height=600, format="png", size=1234, alt="x")
    assert still.frames == 1 and not still.animated
    assert replace(still, frames=12).animated
    post = PostInput(text="Hi", images=(still,))
    assert PostInput(text="Hi").images == ()
    assert hash(post) == hash(PostInput(text="Hi", images=(still,)))  # still a cache key


def test_image_rules_are_built_ins_of_every_rule_set():
    assert {BUILTIN_IMAGE_ALT.id, BUILTIN_IMAGE_LIMITS.id} <= {r.id for r in compile([]).builtins}
    assert BUILTIN_IMAGE_ALT.severity == "warning"
    assert BUILTIN_IMAGE_LIMITS.severity == "error"
    own = RuleSpec(id="alt", kind="image_alt", params={}, severity="error")
    assert "builtin:image_alt" not in {r.id for r in compile([own]).builtins}


# --- image_alt ---------------------------------------------------------------------------


@pytest.mark.parametrize("alt", ["", "   ", "\u00a0", "📸", "..."])
def test_an_image_without_alt_text_is_a_finding(alt):
    found = check([image(alt=GOOD_ALT), image(position=1, alt=alt)])
    (finding,) = [f for f in found if f.kind == "image_alt"]
    assert finding.rule_id == "builtin:image_alt"
    assert finding.severity == "warning"
    assert finding.image == 1
    assert (finding.start, finding.end, finding.matched) == (0, 0, "")
    assert "Image 2" in finding.message["en"] and "image 2" in finding.message["fr"]


@pytest.mark.parametrize(
    "alt",
    [
        "IMG_1234.jpg", "IMG_1234", "DSC01234.JPG", "PXL_20240501_123456789.jpg",
        "Screenshot 2024-05-01 at 10.22.33", "Capture d’écran 2024-05-01 à 10.22.33.png",
        "image", "Image", "photo (2)", "image1", "Untitled-1", "sans titre", "alt text",
        "1234", "mon-visuel-final.png", "WhatsApp Image 2024-05-01 at 10.22.33",
    ],
)  # fmt: skip
def test_an_alt_text_that_is_a_file_name_is_a_finding(alt):
    assert alt_is_file_name(alt)
    (finding,) = [f for f in check([image(alt=alt)]) if f.kind == "image_alt"]
    assert finding.matched == alt
    assert finding.image == 0
    assert "file name" in finding.message["en"]


@pytest.mark.parametrize(
    "alt",
    [
        GOOD_ALT, "Photo of our new tote bag on a wooden bench", "Logo de la marque sur fond bleu",
        "Une tasse en céramique posée sur une table", "Screenshot of the new checkout page",
        "Notre équipe devant la boutique du Mile End",
    ],
)  # fmt: skip
def test_a_description_is_not_a_file_name(alt):
    assert not alt_is_file_name(alt)
    assert [f for f in check([image(alt=alt)]) if f.kind == "image_alt"] == []


def test_image_alt_severity_and_file_names_param_come_from_the_rule():
    strict = RuleSpec(id="a", kind="image_alt", params={}, severity="error")
    (finding,) = [f for f in check([image(alt="")], rules=[strict]) if f.kind == "image_alt"]
    assert (finding.rule_id, finding.severity) == ("a", "error")
    lenient = RuleSpec(id="a", kind="image_alt", params={"file_names": False})
    found = check([image(alt="IMG_1234.jpg"), image(position=1, alt="")], rules=[lenient])
    assert [(f.image, f.matched) for f in found if f.kind == "image_alt"] == [(1, "")]


def test_a_rules_own_message_gets_the_image_number():
    rule = RuleSpec(id="a", kind="image_alt", params={},
                    message={"en": "Describe image %s.", "fr": "Décrivez l’image %s."})
    (finding,) = check([image(alt=GOOD_ALT), image(position=1, alt="")], rules=[rule])
    assert finding.message == {"en": "Describe image 2.", "fr": "Décrivez l’image 2."}


# --- image_limits, figure by figure from the table ------------------------------------------


def test_the_table_covers_every_network_and_reads_right():
    assert set(media.IMAGE_LIMITS) == set(NETWORKS)
    for network, limits in media.IMAGE_LIMITS.items():
        assert limits.max_images >= 1, network
        assert limits.formats <= set(IMAGE_FORMATS) and limits.formats, network
        assert 0 < limits.min_ratio < 1 < limits.max_ratio, network
        assert limits.max_bytes > 0 and limits.max_animated_bytes >= limits.max_bytes, network
        assert limits.advisory <= CHECKS, network


@pytest.mark.parametrize("network", NETWORKS)
def test_a_plain_square_photo_fits_every_network(network):
    assert limit_findings(network, [image()]) == []


@pytest.mark.parametrize("network", NETWORKS)
def test_one_finding_per_image_past_the_networks_count(network):
    cap = media.IMAGE_LIMITS[network].max_images
    images = [image(position=i) for i in range(cap + 2)]
    found = problems(network, images, "images")
    assert [f.image for f in found] == [cap, cap + 1]
    name = networks.display_name(network)
    for finding in found:
        assert finding.severity == expected_severity(network, "images")
        assert f"{name} takes {cap} images" in finding.message["en"]
        assert f"{name} accepte {cap}\u00a0images" in finding.message["fr"]
        assert (finding.start, finding.end, finding.matched) == (0, 0, "")
    assert problems(network, images[:cap], "images") == []


@pytest.mark.parametrize("network", NETWORKS)
def test_aspect_ratio_out_of_range(network):
    limits = media.IMAGE_LIMITS[network]
    height = 1000
    wide = math.ceil(height * limits.max_ratio * 1.05)
    tall = math.floor(height * limits.min_ratio * 0.95)
    for width in (wide, tall):
        (finding,) = problems(network, [image(width=width, height=height)], "ratio")
        assert finding.severity == expected_severity(network, "ratio")
        assert networks.display_name(network) in finding.message["en"]
    inside = math.floor(height * limits.max_ratio * 0.99)
    assert problems(network, [image(width=inside, height=height)], "ratio") == []


@pytest.mark.parametrize("network", NETWORKS)
def test_too_small(network):
    limits = media.IMAGE_LIMITS[network]
    side = max(limits.min_width, limits.min_height)
    (finding,) = problems(network, [image(width=side - 1, height=side - 1)], "small")
    assert finding.severity == expected_severity(network, "small")
    assert f"at least {limits.min_width} × {limits.min_height} px" in finding.message["en"]
    assert problems(network, [image(width=side, height=side)], "small") == []


@pytest.mark.parametrize("network", NETWORKS)
def test_too_large(network):
    limits = media.IMAGE_LIMITS[network]
    if limits.max_width is None and limits.max_pixels is None:
        assert problems(network, [image(width=20_000, height=20_000)], "large") == []
        return
    if limits.max_width is not None:
        side = max(limits.max_width, limits.max_height)
    else:
        side = math.isqrt(limits.max_pixels)
    (finding,) = problems(network, [image(width=side + 1, height=side + 1)], "large")
    assert finding.severity == expected_severity(network, "large")
    assert problems(network, [image(width=side - 1, height=side - 1)], "large") == []


@pytest.mark.parametrize("network", NETWORKS)
def test_file_too_heavy(network):
    limits = media.IMAGE_LIMITS[network]
    (finding,) = problems(network, [image(size=limits.max_bytes + 1)], "bytes")
    assert finding.severity == expected_severity(network, "bytes")
    name = networks.display_name(network)
    assert f"too heavy for {name}" in finding.message["en"]
    assert re.search(r"la limite est de \d+(,\d+)?\u00a0Mo\.$", finding.message["fr"])
    assert problems(network, [image(size=limits.max_bytes)], "bytes") == []


@pytest.mark.parametrize("network", NETWORKS)
def test_formats(network):
    limits = media.IMAGE_LIMITS[network]
    for fmt in IMAGE_FORMATS:
        found = problems(network, [image(format=fmt)], "format")
        if fmt in limits.formats:
            assert found == []
        else:
            (finding,) = found
            assert finding.severity == expected_severity(network, "format")


@pytest.mark.parametrize("network", NETWORKS)
def test_animated_images(network):
    limits = media.IMAGE_LIMITS[network]
    fmt = "gif" if "gif" in limits.formats else sorted(limits.formats)[0]
    gif = image(format=fmt, frames=10, alt="A looping clip of steam rising from a cup")
    alone = problems(network, [gif], "animated")
    beside = problems(network, [gif, image(position=1)], "animated")
    if not limits.animated:
        assert [f.image for f in alone] == [0]
        assert "does not play" in alone[0].message["en"]
    else:
        assert alone == []
        assert [f.image for f in beside] == ([0] if limits.animated_alone else [])
    for finding in alone + beside:
        assert finding.severity == expected_severity(network, "animated")
    if limits.max_frames is not None:
        many = replace(gif, frames=limits.max_frames + 1)
        (finding,) = problems(network, [many], "frames")
        assert finding.severity == expected_severity(network, "frames")


def test_format_names_are_read_loosely():
    for name in ("JPEG", "jpg", "JPG", " jpeg "):
        assert problems("instagram", [image(format=name)], "format") == []
    (finding,) = problems("instagram", [image(format="PNG")], "format")
    assert finding.message["en"].startswith("Image 1 is a PNG file")


def test_animated_images_have_their_own_size_and_dimension_limits():
    x = media.IMAGE_LIMITS["x"]
    gif = image(format="gif", frames=5, size=x.max_bytes + 1)
    assert problems("x", [gif], "bytes") == []  # an animated GIF may weigh more
    assert problems("x", [replace(gif, size=x.max_animated_bytes + 1)], "bytes")
    big = replace(gif, width=x.max_animated_width + 1, height=x.max_animated_height)
    assert problems("x", [big], "large")
    assert problems("x", [replace(big, frames=1, format="png")], "large") == []


def test_only_targeted_networks_are_checked_and_each_is_named():
    heavy = image(size=2_000_000)  # over Bluesky's 1 MB only
    assert [f for f in check([heavy], ()) if f.kind == "image_limits"] == []
    found = [f for f in check([heavy], ("x", "bluesky")) if f.kind == "image_limits"]
    assert [f.message["en"].split(":")[0] for f in found] == ["Image 1 is too heavy for Bluesky"]


def test_findings_follow_the_images_order_not_the_input_order():
    images = [image(position=2, alt=""), image(position=0, alt=""), image(position=1)]
    found = check(images, ("bluesky",))
    assert [f.image for f in found if f.kind == "image_alt"] == [0, 2]


def test_advisory_figures_never_block():
    # A brand's own image_limits rule at error: a published limit keeps the error, an
    # advisory one is a warning.
    rule = RuleSpec(id="lim", kind="image_limits", params={}, severity="error")
    ig = media.IMAGE_LIMITS["instagram"]
    assert "ratio" not in ig.advisory and "small" in ig.advisory
    found = check([image(width=300, height=1000)], ("instagram",), [rule])
    severities = {("aspect ratio" in f.message["en"], f.severity) for f in found}
    assert severities == {(True, "error"), (False, "warning")}


# --- French typography ------------------------------------------------------------------

def french_typography_errors(text):
    """Places where French typography wants a no-break space (U+00A0) and has none: before
    ; : ! ? (a ratio such as 4:5 is not punctuation) and inside « »."""
    errors = []
    for i, char in enumerate(text):
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if char == ":" and before.isdigit() and after.isdigit():
            continue
        if char in ";:!?»" and before != "\u00a0":
            errors.append(i)
        if char == "«" and after != "\u00a0":
            errors.append(i)
    return errors


def test_the_typography_check_itself():
    assert french_typography_errors("Trop lourde\u00a0: 2\u00a0Mo\u00a0; de 4:5 à 1,91:1") == []
    assert french_typography_errors("Trop lourde : 2 Mo; «\u00a0x »") == [12, 18, 24]


def test_french_messages_use_no_break_spaces():
    images = [
        image(alt=""), image(1, alt="IMG_1.jpg"), image(2, width=5000, height=100, size=9 * 2**20),
        image(3, format="webp", width=100, height=100), image(4, format="gif", frames=400),
        image(5, width=3000, height=3000), image(6), image(7), image(8), image(9), image(10),
        image(11), image(12), image(13), image(14), image(15), image(16), image(17), image(18),
        image(19), image(20), image(21),
    ]  # fmt: skip
    found = check(images, NETWORKS)
    kinds = {f.kind for f in found}
    assert kinds == {"image_alt", "image_limits"}
    assert len({f.message["en"].split(":")[0].split(" ")[-1] for f in found}) >= 7  # networks
    for finding in found:
        for text in (finding.message["fr"], finding.suggestion["fr"]):
            assert french_typography_errors(text) == [], text
            assert " :" not in text and " ;" not in text, text
            assert "'" not in text, text  # typographic apostrophe


# --- text-only posts do not pay for images --------------------------------------------------


def test_image_rules_do_not_run_for_a_text_only_post():
    checker = compile([])
    calls = []

    def spy(post, normalized):
        calls.append(post.images)
        return []

    spy.images_only = True
    checker._all = [
        (rule, scope, spy if rule.kind in ("image_alt", "image_limits") else check_)
        for rule, scope, check_ in checker._all
    ]
    checker.check(PostInput(text="No image here", networks=("x",)))
    assert calls == []
    checker.check(PostInput(text="One image", networks=("x",), images=(image(),)))
    assert len(calls) == 2
    every_rule, text_rules = checker._plans_for(frozenset())
    assert {r.kind for r, _, _ in every_rule} - {r.kind for r, _, _ in text_rules} == {
        "image_alt", "image_limits"
    }
