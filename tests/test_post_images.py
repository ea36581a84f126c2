"""A post's images: uploaded from the editor (at once, or with the form), each
with its alt text, part of the version (a change makes a new version and shows
in the diff), and refused with a clear message that loses nothing."""

import os

import pytest

from socialgov.images.models import ImageFile
from socialgov.posts import actions
from socialgov.posts.models import Post, State
from socialgov.posts.versions import image_changes
from tests.conftest import reload
from tests.support.image_files import (
    MB,
    photo_jpeg,
    png_then_html,
    svg_with_script,
    truncated_jpeg,
    uploaded,
)

pytestmark = pytest.mark.django_db

EDITOR = {"networks": ["x", "instagram"], "objective": "inform", "language": "en",
          "text": "Fresh bread on Monday.", "action": "save"}


def editor_data(brand, images=(), **extra):
    data = {**EDITOR, "brand": brand.pk, **extra}
    data["image"] = [str(pk) for pk, _alt in images]
    data.update({f"image-alt-{pk}": alt for pk, alt in images})
    return data


def test_the_upload_keeps_the_good_files_and_says_why_each_bad_one_was_refused(
        client, brand, intern):
    client.force_login(intern)
    response = client.post("/posts/images/", {"brand": brand.pk, "images": [
        uploaded(photo_jpeg(640, 480), "shop.jpg"),
        uploaded(png_then_html(), "html.png", "image/png"),
        uploaded(svg_with_script(), "script.svg", "image/svg+xml"),
        uploaded(truncated_jpeg(), "cut.jpg"),
        uploaded(photo_jpeg(320, 240), "counter.jpg"),
    ]})
    page = response.content.decode()
    assert response.status_code == 200
    kept = list(ImageFile.objects.order_by("pk"))
    assert [(i.width, i.height) for i in kept] == [(640, 480), (320, 240)]
    # A row per image kept, with its alt text field, in the order chosen.
    assert page.index(f'value="{kept[0].pk}"') < page.index(f'value="{kept[1].pk}"')
    assert page.count('<label for="image-alt-') == 2
    for name in ("html.png", "script.svg", "cut.jpg"):
        assert f"{name}: " in page
    assert "shop.jpg: " not in page


def test_a_file_over_the_limit_is_refused_without_being_kept(client, brand, intern, settings):
    settings.IMAGES_MAX_BYTES = 2 * MB
    client.force_login(intern)
    response = client.post("/posts/images/", {"brand": brand.pk, "images": [
        uploaded(photo_jpeg(64, 64)[:200] + b"\0" * (3 * MB), "huge.jpg")]})
    assert "huge.jpg: This file is 3.0\xa0MB; an image may be at most 2.0\xa0MB." in \
        response.content.decode()
    assert not ImageFile.objects.exists()


def test_another_brands_images_cannot_be_attached(client, brand, other_brand, intern,
                                                  make_image):
    theirs = make_image(for_brand=other_brand)
    client.force_login(intern)
    response = client.post("/posts/new/", editor_data(brand, [(theirs.pk, "Stolen")]))
    assert "An image is no longer available: add it again." in response.content.decode()
    assert not Post.objects.exists()


def test_uploading_for_a_brand_one_cannot_write_for_is_refused(client, other_brand, intern):
    client.force_login(intern)
    response = client.post("/posts/images/", {"brand": other_brand.pk, "images": [
        uploaded(photo_jpeg(64, 64))]})
    assert "Choose the brand before adding images." in response.content.decode()
    assert not ImageFile.objects.exists()


def test_images_and_their_alt_texts_belong_to_the_version(client, brand, intern, make_image):
    first, second = make_image(), make_image(640, 640)
    client.force_login(intern)
    client.post("/posts/new/", editor_data(brand, [(first.pk, "  The shop\r\nfront "),
                                                   (second.pk, "")]))
    post = Post.objects.get()
    version = post.current_version
    assert version.image_specs == [{"image": first.pk, "alt": "The shop front"},
                                   {"image": second.pk, "alt": ""}]
    # The same images and alt texts: no new version.
    client.post(f"/posts/{post.pk}/edit/", editor_data(brand, [(first.pk, "The shop front"),
                                                               (second.pk, "")]))
    assert reload(post).current_version == version
    # Each change of order, alt text or number of images makes a new version.
    steps = [
        [(second.pk, ""), (first.pk, "The shop front")],
        [(second.pk, "A loaf"), (first.pk, "The shop front")],
        [(second.pk, "A loaf")],
    ]
    for images in steps:
        before = reload(post).current_version
        client.post(f"/posts/{post.pk}/edit/", editor_data(brand, images))
        after = reload(post).current_version
        assert after.number == before.number + 1
        assert after.image_specs == [{"image": pk, "alt": alt} for pk, alt in images]
    versions = list(post.versions.order_by("number"))
    said = [[c.summary for c in image_changes(a, b)] for a, b in zip(versions, versions[1:],
                                                                       strict=False)]
    assert said == [
        ["Image 1 moved (it was image 2)", "Image 2 moved (it was image 1)"],
        ["Image 1: alt text changed"],
        ["Image 2 removed"],
    ]


def test_an_added_image_restarts_the_review_and_shows_in_the_diff(
        client, brand, intern, manager, make_post, make_image):
    post = make_post(State.APPROVED)
    image = make_image()
    client.force_login(intern)
    client.post(f"/posts/{post.pk}/edit/", {
        **editor_data(brand, [(image.pk, "The team")]),
        "text": post.current_version.text, "networks": post.current_version.networks,
        "objective": post.current_version.objective,
        "language": post.current_version.language,
    })
    post = reload(post)
    assert post.state == State.DRAFT
    client.force_login(manager)
    page = client.get(f"/posts/{post.pk}/").content.decode()
    assert "Image 1 added" in page


def test_without_javascript_the_form_takes_the_files_and_loses_nothing_when_one_is_bad(
        client, brand, intern):
    client.force_login(intern)
    response = client.post("/posts/new/", {
        **editor_data(brand), "images": [uploaded(photo_jpeg(640, 480), "shop.jpg"),
                                         uploaded(svg_with_script(), "script.svg",
                                                  "image/svg+xml")]})
    page = response.content.decode()
    assert response.status_code == 200 and not Post.objects.exists()
    assert "script.svg: " in page
    assert "Fresh bread on Monday." in page
    kept = ImageFile.objects.get()
    # The good one waits in the form as a row: saving again keeps it.
    assert f'name="image" value="{kept.pk}"' in page
    client.post("/posts/new/", editor_data(brand, [(kept.pk, "The shop")]))
    assert Post.objects.get().current_version.image_specs == [{"image": kept.pk,
                                                               "alt": "The shop"}]


def test_the_reviewer_sees_the_images_in_each_networks_preview(
        client, brand, intern, manager, make_image):
    image = make_image()
    post = actions.create(intern, brand, {
        "text": "Fresh bread.", "networks": ["x", "instagram"], "objective": "inform",
        "planned_at": None, "language": "en",
        "image_specs": [{"image": image.pk, "alt": "Three loaves"}]})
    client.force_login(manager)
    page = client.get(f"/posts/{post.pk}/").content.decode()
    assert page.count(f'src="/images/{image.pk}/thumbnail/" alt="Three loaves"') == 2


def test_the_upload_handler_keeps_no_more_than_the_limit(settings):
    from socialgov.images.uploads import CappedUploadHandler, OversizedUpload

    settings.IMAGES_MAX_BYTES = 3 * MB
    handler = CappedUploadHandler()
    handler.new_file("images", "huge.jpg", "image/jpeg", 8 * MB)
    chunk = b"\xff" * MB
    passed = [handler.receive_data_chunk(chunk, n * MB) for n in range(8)]
    assert [p is not None for p in passed] == [False] * 8  # written here, not passed on
    handler.file.flush()
    assert os.fstat(handler.file.fileno()).st_size == 0  # what was written is given back
    upload = handler.file_complete(8 * MB)
    assert isinstance(upload, OversizedUpload)
    assert (upload.name, upload.size, upload.read()) == ("huge.jpg", 8 * MB, b"")


def test_a_reviewer_comments_on_an_image_and_the_thread_follows_it(
        client, brand, intern, manager, make_image):
    first, second = make_image(), make_image()
    post = actions.create(intern, brand, {
        "text": "Fresh bread.", "networks": ["x"], "objective": "inform", "planned_at": None,
        "language": "en", "image_specs": [{"image": first.pk, "alt": ""},
                                          {"image": second.pk, "alt": "Loaves"}]})
    client.force_login(manager)
    page = client.get(f"/posts/{post.pk}/").content.decode()
    assert '<label for="id_comment_image">On an image</label>' in page
    assert "No alt text" in page and "Loaves" in page
    client.post(f"/posts/{post.pk}/comments/", {
        "version": post.current_version.pk, "image": second.pk, "body": "Too dark."})
    thread = post.comments.get()
    assert thread.image_id == second.pk
    assert "On image 2" in client.get(f"/posts/{post.pk}/").content.decode()
    # The author removes the first image: the thread follows its image to place 1.
    actions.edit(intern, reload(post), {
        "text": "Fresh bread.", "networks": ["x"], "objective": "inform", "planned_at": None,
        "language": "en", "image_specs": [{"image": second.pk, "alt": "Loaves"}]})
    assert "On image 1" in client.get(f"/posts/{post.pk}/").content.decode()
    # An image that is not in the version read is refused, with a message.
    response = client.post(f"/posts/{post.pk}/comments/", {
        "version": reload(post).current_version.pk, "image": first.pk, "body": "And this one?"},
        follow=True)
    assert "This image is not in the version you read" in response.content.decode()
    assert post.comments.count() == 1


def test_the_check_reads_the_images_and_a_missing_alt_text_weighs_what_the_brand_says(
        client, brand, intern, make_image, submit):
    image = make_image(1200, 800)
    fields = {"text": "Fresh bread.", "networks": ["x", "instagram"], "objective": "inform",
              "planned_at": None, "language": "en",
              "image_specs": [{"image": image.pk, "alt": ""}]}
    post = actions.create(intern, brand, fields)
    submit(intern, post)
    [finding] = [f for f in reload(post).current_check.findings.all() if f.image is not None]
    assert (finding.kind, finding.severity, finding.image, finding.variant_id) == (
        "image_alt", "warning", 0, None)
    assert reload(post).state == State.IN_REVIEW  # a warning does not send it back
    client.force_login(intern)
    page = client.get(f"/posts/{post.pk}/").content.decode()
    assert 'href="#image-1"' in page and 'id="image-1"' in page
    # The brand makes it an error: the next check sends such a post back.
    brand.alt_text_severity = "error"
    brand.save()
    brand.ruleset.bump()
    second = actions.create(intern, brand, fields)
    submit(intern, second)
    assert reload(second).state == State.SENT_BACK


def test_the_live_check_says_which_image_lacks_its_alt_text(client, brand, intern, make_image):
    image = make_image()
    client.force_login(intern)
    response = client.post("/posts/live-check/", {
        "brand": brand.pk, "networks": ["x"], "objective": "inform", "language": "en",
        "text": "Fresh bread.", "image": [image.pk], f"image-alt-{image.pk}": "",
        "network_texts-TOTAL_FORMS": "0"})
    [card] = [c for c in response.context["live"].cards if c.kind == "image_alt"]
    assert [(p.text_key, p.text_label) for p in card.images] == [
        (f"image-alt-{image.pk}", "Image 1")]
    assert f'data-target="image-alt-{image.pk}"' in response.content.decode()
