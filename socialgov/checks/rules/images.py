"""Image rules: ``image_alt`` and ``image_limits``. They read ``PostInput.images`` only.

Their findings are about an image: ``Finding.image`` is the image's ``position``,
``start = end = 0``, and ``matched`` is "" (or, for an alt text that is a file name, the
alt text). Message and suggestion ``%s``: the image's number as people count (position
+ 1). The engine runs these kinds only on posts that have images (``images_only``), so
text-only checks do not pay for them.

``image_alt``: every image needs an alt text that describes it.

* An image whose alt text is empty or has no letter or digit is a finding.
* ``file_names`` (optional, default true): an alt text that is only a file name or a
  placeholder ("IMG_1234.jpg", "DSC01234", "Screenshot 2024-05-01 at 10.22.33",
  "image", "photo (2)", "Capture d’écran", "sans titre") is a finding too.

Severity: the rule's (``builtin:image_alt`` is a warning).

``image_limits``: the images fit each network the post targets, per
``socialgov.checks.media.IMAGE_LIMITS``. One finding per image, per network and per
problem: one too many (each image past the network's count), a format the network does
not take, an animation it does not play, an animation beside other images where it must
be alone, too many frames, an aspect ratio out of range, too small, too large, too heavy.
The message names the network and the figure. A problem with an ``advisory`` figure of
the table (a conservative guess, or something the network adapts itself) is at most a
warning; the others have the rule's severity (``builtin:image_limits`` is an error).

French messages follow the OQLF: a no-break space (U+00A0) before ``:`` ``;`` ``!`` ``?``
and inside « », and in numbers (``2,5 Mo``, ``1080 × 1350 px``).
"""

from __future__ import annotations

import re
from fractions import Fraction

from socialgov.checks import media, networks, params
from socialgov.checks.base import (
    IMAGE_FORMATS,
    NETWORKS,
    SEVERITIES,
    Finding,
    ImageInput,
    PostInput,
    RuleSpec,
    render,
)
from socialgov.checks.normalize import Normalized
from socialgov.checks.registry import register

NBSP = "\u00a0"
FORMAT_NAMES = {"jpeg": "JPEG", "png": "PNG", "webp": "WebP", "gif": "GIF"}


def images_only(check):
    """Mark ``check`` as one that finds nothing in a post without images: the engine
    skips it for such posts (see ``engine.Checker``)."""
    check.images_only = True
    return check


def _finding(rule: RuleSpec, image: ImageInput, severity: str, matched: str,
             message: dict, suggestion: dict) -> Finding:
    number = str(image.position + 1)
    return Finding(
        rule_id=rule.id,
        kind=rule.kind,
        severity=severity,
        start=0,
        end=0,
        matched=matched,
        message=render(rule.message, number, message),
        suggestion=render(rule.suggestion, number, suggestion),
        guideline=rule.guideline,
        image=image.position,
    )


def _ordered(images) -> list[ImageInput]:
    return sorted(images, key=lambda image: image.position)


FORMAT_ALIASES = {"jpg": "jpeg", "jpe": "jpeg"}


def image_format(image: ImageInput) -> str:
    """The image's format as ``base.IMAGE_FORMATS`` names it ("JPG" -> "jpeg")."""
    name = image.format.strip().lower()
    return FORMAT_ALIASES.get(name, name)


# --- image_alt -----------------------------------------------------------------------

_IMAGE_EXTENSION = re.compile(
    r"\.(?:jpe?g|jfif|png|gif|webp|hei[cf]|avif|tiff?|bmp|svg)$", re.IGNORECASE
)
_NOT_A_FILE_NAME = re.compile(r"[,;!?«»“”\"\n]")
_SEPARATORS = re.compile(r"[\d\s_\-.:()\[\]#@+=~,'’]+")
# Words that describe nothing: camera and phone file names, screenshot names and the
# placeholders editors leave ("image", "alt text", "sans titre"), in English and French.
PLACEHOLDER_WORDS = frozenset(
    """
    image images img imgs photo photos picture pictures pic pics pict dsc dscn dscf dcim
    pxl mvimg vid wp whatsapp signal telegram snapchat screenshot screenshots screen shot
    capture captures écran ecran scan scanned untitled sans titre alt text texte
    description graphic graphique graphics visuel visual illustration banner bannière
    logo file fichier gif jpeg jpg png webp heic placeholder test todo tbd xxx copy copie
    final finale edit edited export exported at à de d l of the le la un une an a v
    """.split()
)


def alt_is_blank(alt: str) -> bool:
    """No letter or digit: empty, spaces, dots or an emoji are no alt text."""
    return not any(char.isalnum() for char in alt)


def alt_is_file_name(alt: str) -> bool:
    """The alt text is a file name or a placeholder, not a description."""
    text = alt.strip().casefold()
    if not text or alt_is_blank(text):
        return False
    if _IMAGE_EXTENSION.search(text) and not _NOT_A_FILE_NAME.search(text):
        if len(text.split()) <= 8:
            return True  # "IMG_1234.jpg", "Capture d’écran 2024-05-01.png"
    text = _IMAGE_EXTENSION.sub("", text)
    words = [w for w in _SEPARATORS.split(text) if w]
    # Digits and separators only ("1234", "2024-05-01"), or only placeholder words.
    return all(word in PLACEHOLDER_WORDS for word in words)


_ALT_MISSING = {
    "en": "Image %s has no alt text: people who use a screen reader will not know what "
    "it shows.",
    "fr": f"L’image %s n’a pas de texte de remplacement{NBSP}: les personnes qui utilisent "
    "un lecteur d’écran ne sauront pas ce qu’elle montre.",
}
_ALT_FILE_NAME = {
    "en": "The alt text of image %s does not describe it: it reads like a file name or "
    "a placeholder.",
    "fr": f"Le texte de remplacement de l’image %s ne la décrit pas{NBSP}: on dirait un nom "
    "de fichier ou un texte par défaut.",
}
_ALT_SUGGESTION = {
    "en": "Describe in a sentence or two what the image shows and why it is in the post.",
    "fr": "Décrivez en une ou deux phrases ce que montre l’image et pourquoi elle est "
    "dans la publication.",
}


@register("image_alt")
def compile_image_alt(rule: RuleSpec):
    file_names = params.boolean(rule, "file_names", True)

    @images_only
    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        findings = []
        for image in _ordered(post.images):
            alt = image.alt or ""
            if alt_is_blank(alt):
                template, matched = _ALT_MISSING, ""
            elif file_names and alt_is_file_name(alt):
                template, matched = _ALT_FILE_NAME, alt
            else:
                continue
            number = str(image.position + 1)
            message = {lang: text.replace("%s", number) for lang, text in template.items()}
            findings.append(
                _finding(rule, image, rule.severity, matched, message, _ALT_SUGGESTION)
            )
        return findings

    return check


# --- image_limits: how figures read --------------------------------------------------


def _number(value: float, lang: str, decimals: int = 0) -> str:
    """``value`` grouped by thousands, with at most ``decimals`` decimals (no trailing
    zeros); French: no-break space between thousands, decimal comma."""
    text = f"{value:,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    if lang == "fr":
        text = text.replace(",", NBSP).replace(".", ",")
    return text


def _count(value: int, lang: str) -> str:
    """An integer; grouped by thousands from five digits (1080, 36,152,320)."""
    if value < 10_000:
        return str(value)
    return _number(value, lang)


def _dims(width: int | None, height: int | None, lang: str) -> str:
    sep = f"{NBSP}×{NBSP}" if lang == "fr" else " × "
    unit = f"{NBSP}px" if lang == "fr" else " px"
    return f"{_count(width or 0, lang)}{sep}{_count(height or 0, lang)}{unit}"


def _px(value: int, lang: str) -> str:
    return f"{_count(value, lang)}{NBSP if lang == 'fr' else ' '}px"


def _bytes_unit(limit: int) -> tuple[int, dict]:
    if limit % media.MIB == 0:
        return media.MIB, {"en": "MB", "fr": "Mo"}
    if limit % 1_000_000 == 0:
        return 1_000_000, {"en": "MB", "fr": "Mo"}
    if limit % 1024 == 0:
        return 1024, {"en": "KB", "fr": "Ko"}
    return 1, {"en": "bytes", "fr": "octets"}


def _sizes(size: int, limit: int, lang: str) -> tuple[str, str]:
    """The image's size and the limit, in the limit's unit (the size with as many
    decimals as it takes to read larger than the limit)."""
    unit, names = _bytes_unit(limit)
    space = NBSP if lang == "fr" else " "
    shown_limit = limit / unit
    for decimals in (1, 2, 3):
        if round(size / unit, decimals) > shown_limit:
            break
    value = f"{size / unit:.{decimals}f}"
    if lang == "fr":
        value = value.replace(".", ",")
    return (f"{value}{space}{names[lang]}",
            f"{_number(shown_limit, lang, 2)}{space}{names[lang]}")


def _ratio(value: float, lang: str) -> str:
    """4:5, 1.91:1, 1:3 (French: 1,91:1)."""
    fraction = Fraction(value).limit_denominator(10)
    if abs(float(fraction) - value) < 1e-6 and fraction.numerator <= 20:
        return f"{fraction.numerator}:{fraction.denominator}"
    if value >= 1:
        return f"{_number(value, lang, 2)}:1"
    return f"1:{_number(1 / value, lang, 2)}"


def _formats(formats) -> str:
    return ", ".join(FORMAT_NAMES.get(f, f.upper()) for f in IMAGE_FORMATS if f in formats)


# --- image_limits: the problems --------------------------------------------------------


def _too_many(name: str, image: ImageInput, limits: media.ImageLimits, count: int):
    n, cap = image.position + 1, limits.max_images
    message = {
        "en": f"Image {n} is one too many for {name}: {name} takes {cap} images per post "
        f"and this one has {count}.",
        "fr": f"L’image {n} est de trop pour {name}{NBSP}: {name} accepte {cap}{NBSP}images "
        f"par publication et celle-ci en a {count}.",
    }
    suggestion = {
        "en": f"Keep at most {cap} images for {name}, or post the others separately.",
        "fr": f"Gardez au plus {cap}{NBSP}images pour {name}, ou publiez les autres à part.",
    }
    return message, suggestion


def _format(name: str, image: ImageInput, limits: media.ImageLimits):
    n = image.position + 1
    shown = FORMAT_NAMES.get(image_format(image), image.format.upper())
    message = {
        "en": f"Image {n} is a {shown} file; formats {name} takes: "
        f"{_formats(limits.formats)}.",
        "fr": f"L’image {n} est un fichier {shown}{NBSP}; formats acceptés par "
        f"{name}{NBSP}: {_formats(limits.formats)}.",
    }
    suggestion = {
        "en": f"Export it as {_formats(limits.formats).replace(', ', ' or ')}.",
        "fr": f"Exportez-la en {_formats(limits.formats).replace(', ', ' ou ')}.",
    }
    return message, suggestion


def _animated(name: str, image: ImageInput, limits: media.ImageLimits):
    n = image.position + 1
    message = {
        "en": f"Image {n} is animated ({image.frames} frames); {name} does not play "
        "animated images.",
        "fr": f"L’image {n} est animée ({image.frames}{NBSP}trames){NBSP}; {name} ne lit pas "
        "les images animées.",
    }
    suggestion = {
        "en": f"Use a still image for {name}, or post the animation as a video.",
        "fr": f"Utilisez une image fixe pour {name}, ou publiez l’animation en vidéo.",
    }
    return message, suggestion


def _not_alone(name: str, image: ImageInput, limits: media.ImageLimits):
    n = image.position + 1
    message = {
        "en": f"Image {n} is animated: on {name} an animated image must be the post's "
        "only image.",
        "fr": f"L’image {n} est animée{NBSP}: sur {name}, une image animée doit être la "
        "seule image de la publication.",
    }
    suggestion = {
        "en": f"On {name}, post the animation on its own, or use still images only.",
        "fr": f"Sur {name}, publiez l’animation seule, ou n’utilisez que des images fixes.",
    }
    return message, suggestion


def _frames(name: str, image: ImageInput, limits: media.ImageLimits):
    n, cap = image.position + 1, limits.max_frames
    message = {
        "en": f"Image {n} has {_count(image.frames, 'en')} frames; {name} takes at most "
        f"{_count(cap, 'en')}.",
        "fr": f"L’image {n} compte {_count(image.frames, 'fr')}{NBSP}trames{NBSP}; {name} en "
        f"accepte au plus {_count(cap, 'fr')}.",
    }
    suggestion = {
        "en": "Shorten the animation or drop frames.",
        "fr": "Raccourcissez l’animation ou retirez des trames.",
    }
    return message, suggestion


def _aspect(name: str, image: ImageInput, limits: media.ImageLimits):
    n = image.position + 1
    ratio = image.width / image.height
    low, high = limits.min_ratio, limits.max_ratio
    message = {
        "en": f"Image {n} has an aspect ratio of {_ratio(ratio, 'en')} "
        f"({_dims(image.width, image.height, 'en')}); {name} takes {_ratio(low, 'en')} "
        f"to {_ratio(high, 'en')}.",
        "fr": f"L’image {n} a un rapport largeur-hauteur de {_ratio(ratio, 'fr')} "
        f"({_dims(image.width, image.height, 'fr')}){NBSP}; {name} accepte de "
        f"{_ratio(low, 'fr')} à {_ratio(high, 'fr')}.",
    }
    suggestion = {
        "en": f"Crop it to between {_ratio(low, 'en')} and {_ratio(high, 'en')} for {name}.",
        "fr": f"Recadrez-la entre {_ratio(low, 'fr')} et {_ratio(high, 'fr')} pour {name}.",
    }
    return message, suggestion


def _small(name: str, image: ImageInput, limits: media.ImageLimits):
    n = image.position + 1
    least = {lang: _dims(limits.min_width, limits.min_height, lang) for lang in ("en", "fr")}
    message = {
        "en": f"Image {n} is too small for {name}: {_dims(image.width, image.height, 'en')}, "
        f"at least {least['en']}.",
        "fr": f"L’image {n} est trop petite pour {name}{NBSP}: "
        f"{_dims(image.width, image.height, 'fr')}, au moins {least['fr']}.",
    }
    suggestion = {
        "en": f"Use a larger version of the image (at least {least['en']}).",
        "fr": f"Utilisez une version plus grande de l’image (au moins {least['fr']}).",
    }
    return message, suggestion


def _large(name: str, image: ImageInput, limits: media.ImageLimits, width, height, pixels):
    n = image.position + 1
    if pixels is not None:
        most = {lang: f"{_count(pixels, lang)}{NBSP if lang == 'fr' else ' '}pixels"
                for lang in ("en", "fr")}
    elif width is not None and height is not None:
        most = {lang: _dims(width, height, lang) for lang in ("en", "fr")}
    else:
        side = width if width is not None else height
        what = {"en": "wide" if width is not None else "high",
                "fr": "de large" if width is not None else "de haut"}
        most = {lang: f"{_px(side, lang)} {what[lang]}" for lang in ("en", "fr")}
    message = {
        "en": f"Image {n} is too large for {name}: {_dims(image.width, image.height, 'en')}, "
        f"at most {most['en']}.",
        "fr": f"L’image {n} est trop grande pour {name}{NBSP}: "
        f"{_dims(image.width, image.height, 'fr')}, au plus {most['fr']}.",
    }
    suggestion = {
        "en": f"Resize it to at most {most['en']}.",
        "fr": f"Redimensionnez-la à {most['fr']} au plus.",
    }
    return message, suggestion


def _heavy(name: str, image: ImageInput, limit: int):
    n = image.position + 1
    en_size, en_limit = _sizes(image.size, limit, "en")
    fr_size, fr_limit = _sizes(image.size, limit, "fr")
    message = {
        "en": f"Image {n} is too heavy for {name}: {en_size}, the limit is {en_limit}.",
        "fr": f"L’image {n} est trop lourde pour {name}{NBSP}: {fr_size}, la limite est de "
        f"{fr_limit}.",
    }
    suggestion = {
        "en": f"Compress or resize it to under {en_limit}.",
        "fr": f"Compressez-la ou réduisez-la sous {fr_limit}.",
    }
    return message, suggestion


def image_problems(network: str, images) -> list[tuple[ImageInput, str, tuple[dict, dict]]]:
    """``(image, check, (message, suggestion))`` for each problem of ``images`` on
    ``network`` (its ``media.IMAGE_LIMITS``); ``check`` is one of the ``advisory`` names."""
    limits = media.IMAGE_LIMITS.get(network)
    if limits is None:
        return []
    name = networks.display_name(network)
    ordered = _ordered(images)
    out = []
    for index, image in enumerate(ordered):
        found = []
        if index >= limits.max_images:
            found.append(("images", _too_many(name, image, limits, len(ordered))))
        if image_format(image) not in limits.formats:
            found.append(("format", _format(name, image, limits)))
        if image.animated:
            if not limits.animated:
                found.append(("animated", _animated(name, image, limits)))
            elif limits.animated_alone and len(ordered) > 1:
                found.append(("animated", _not_alone(name, image, limits)))
            if limits.max_frames is not None and image.frames > limits.max_frames:
                found.append(("frames", _frames(name, image, limits)))
        if image.width > 0 and image.height > 0:
            ratio = image.width / image.height
            if not limits.min_ratio - 1e-9 <= ratio <= limits.max_ratio + 1e-9:
                found.append(("ratio", _aspect(name, image, limits)))
            if image.width < limits.min_width or image.height < limits.min_height:
                found.append(("small", _small(name, image, limits)))
            width, height = limits.max_width, limits.max_height
            if image.animated and limits.max_animated_width is not None:
                width, height = limits.max_animated_width, limits.max_animated_height
            too_wide = width is not None and image.width > width
            too_high = height is not None and image.height > height
            too_many_pixels = (
                limits.max_pixels is not None and image.width * image.height > limits.max_pixels
            )
            if too_wide or too_high:
                found.append(("large", _large(name, image, limits, width, height, None)))
            elif too_many_pixels:
                found.append(("large", _large(name, image, limits, None, None,
                                              limits.max_pixels)))
        limit = limits.max_animated_bytes if image.animated else limits.max_bytes
        if image.size > limit:
            found.append(("bytes", _heavy(name, image, limit)))
        out.extend((image, check, texts) for check, texts in found)
    return out


def _at_most_warning(severity: str) -> str:
    if SEVERITIES.index(severity) > SEVERITIES.index("warning"):
        return "warning"
    return severity


@register("image_limits")
def compile_image_limits(rule: RuleSpec):
    @images_only
    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        targeted = {network.lower() for network in post.networks}
        findings = []
        for network in NETWORKS:
            if network not in targeted:
                continue
            advisory = media.IMAGE_LIMITS[network].advisory
            for image, kind, (message, suggestion) in image_problems(network, post.images):
                severity = rule.severity
                if kind in advisory:
                    severity = _at_most_warning(severity)
                findings.append(_finding(rule, image, severity, "", message, suggestion))
        findings.sort(key=lambda f: f.image)
        return findings

    return check
