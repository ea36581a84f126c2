"""The simulated people's form filling (not a stress test: it runs in `make test`)."""

import pytest

from tests.stress.html_forms import form_in

PAGE = """
<form action="/logout/" method="post"><button>Log out</button></form>
<form method="post" id="post-form">
  <input type="hidden" name="csrfmiddlewaretoken" value="tok">
  <select name="brand"><option value="1">A</option><option value="2" selected>B</option></select>
  <select name="language"><option value="fr">French</option><option value="en">En</option></select>
  <input type="checkbox" name="networks" value="x" checked>
  <input type="checkbox" name="networks" value="linkedin">
  <input type="text" name="disabled_one" value="no" disabled>
  <input type="file" name="images">
  <textarea name="text">
Bonjour &amp; merci</textarea>
  <input type="hidden" name="rows-TOTAL_FORMS" value="1">
  <template><input name="rows-__prefix__-text" value="inert"></template>
  <button type="submit" name="action" value="save">Save</button>
  <button type="submit" name="action" value="submit">Submit</button>
</form>
"""


def test_a_form_sends_what_a_browser_sends_with_the_fields_set():
    form = form_in(PAGE, id="post-form")
    assert form.fill({"networks": ["linkedin"]}, press=("action", "submit")) == [
        ("networks", "linkedin"),
        ("csrfmiddlewaretoken", "tok"),
        ("brand", "2"),  # the selected option
        ("language", "fr"),  # none selected: the first
        ("text", "Bonjour & merci"),  # without the newline after <textarea>
        ("rows-TOTAL_FORMS", "1"),
        ("action", "submit"),
    ]


def test_a_field_or_a_choice_the_form_does_not_have_is_refused():
    form = form_in(PAGE, id="post-form")
    with pytest.raises(ValueError, match="no field"):
        form.fill({"rows-__prefix__-text": "x"})  # inside <template>: not the form's
    with pytest.raises(ValueError, match="offers"):
        form.fill({"brand": "3"})
    with pytest.raises(ValueError, match="no button"):
        form.fill(press=("action", "publish"))


def test_a_form_is_found_by_its_action_or_id():
    assert form_in(PAGE, action="/logout/").method == "post"
    with pytest.raises(LookupError):
        form_in(PAGE, id="comment-form")
