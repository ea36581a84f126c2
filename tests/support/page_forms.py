"""The forms a page offers, read from its HTML as a browser would post them.

Each ``<form>`` (and each htmx element that posts a form's fields elsewhere with
``hx-post`` + ``hx-include``) becomes a ``PageForm``: where it goes, how, and its
named fields with the values the page filled in and the options it offers.
"""

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


@dataclass
class Field:
    name: str
    kind: str  # an input's type, "textarea" or "select"
    value: str = ""
    options: list = field(default_factory=list)  # a select's values; a checkbox's own
    checked: bool = False
    multiple: bool = False
    required: bool = False


@dataclass
class Button:
    name: str
    value: str
    action: str | None  # its formaction or hx-post, if it posts elsewhere


@dataclass
class PageForm:
    method: str
    action: str
    element_id: str = ""
    fields: list = field(default_factory=list)
    buttons: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)  # hx-vals
    multipart: bool = False

    def key(self):
        """What makes two forms the same form, wherever they appear."""
        names = tuple(sorted({f.name for f in self.fields if f.name != "csrfmiddlewaretoken"}))
        # The same form for another object of the same kind (/calendar/14/delete/).
        return self.method, re.sub(r"/\d+/", "/N/", self.action), names


class _Reader(HTMLParser):
    def __init__(self, page_url):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms = []
        self.by_id = {}
        self.current = None
        self.select = None
        self.textarea = None
        self.htmx = []  # (url, include id, vals)
        self.in_template = 0  # a <template>'s fields are not sent

    def _url(self, action):
        return urljoin(self.page_url, action or self.page_url)

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "template":
            self.in_template += 1
        if self.in_template or "disabled" in attrs:
            return
        owner = self.by_id.get(attrs["form"]) if "form" in attrs else self.current
        if tag == "form":
            self.current = PageForm(
                method=(attrs.get("method") or "get").lower(),
                action=self._url(attrs.get("hx-post") or attrs.get("action")),
                element_id=attrs.get("id", ""),
                multipart="multipart" in attrs.get("enctype", ""),
            )
            if attrs.get("hx-post"):
                self.current.method = "post"
            self.forms.append(self.current)
            if self.current.element_id:
                self.by_id[self.current.element_id] = self.current
        elif "hx-post" in attrs and "hx-include" in attrs and tag != "button":
            vals = {}
            try:
                vals = json.loads(attrs.get("hx-vals") or "{}")
            except ValueError:
                pass
            self.htmx.append((self._url(attrs["hx-post"]), attrs["hx-include"], vals))
        if owner is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "image"):
                owner.buttons.append(Button(name, attrs.get("value", ""), None))
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            owner.fields.append(Field(name, kind, attrs.get("value", default),
                                      options=[attrs.get("value", default)],
                                      checked="checked" in attrs,
                                      multiple="multiple" in attrs,
                                      required="required" in attrs))
        elif tag == "textarea" and name:
            self.textarea = Field(name, "textarea", required="required" in attrs)
            owner.fields.append(self.textarea)
        elif tag == "select" and name:
            self.select = Field(name, "select", multiple="multiple" in attrs,
                                required="required" in attrs)
            owner.fields.append(self.select)
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if "selected" in attrs or not self.select.options:
                self.select.value = value
            self.select.options.append(value)
        elif tag == "button" and attrs.get("type", "submit") == "submit":
            other = attrs.get("hx-post") or attrs.get("formaction")
            owner.buttons.append(Button(name or "", attrs.get("value", ""),
                                        self._url(other) if other else None))

    def handle_endtag(self, tag):
        if tag == "template":
            self.in_template -= 1
        elif tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            if self.textarea is not None and self.textarea.value.startswith("\n"):
                # A browser drops the newline that follows <textarea>.
                self.textarea.value = self.textarea.value[1:]
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data


def forms_of(html, page_url):
    """Every form of the page, plus one for each button or htmx element that
    sends a form's fields to another address."""
    reader = _Reader(page_url)
    reader.feed(html)
    found = list(reader.forms)
    for form in reader.forms:
        for button in form.buttons:
            if button.action and button.action != form.action:
                found.append(PageForm("post", button.action, form.element_id, form.fields,
                                      [Button(button.name, button.value, None)],
                                      multipart=form.multipart))
    for url, include, vals in reader.htmx:
        source = reader.by_id.get(include.lstrip("#"))
        if source is not None:
            found.append(PageForm("post", url, source.element_id, source.fields, [], vals,
                                  source.multipart))
    return found


def path_of(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
