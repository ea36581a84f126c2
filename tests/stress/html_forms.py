"""The forms of a page as a browser sees them, and what it sends when one is submitted.

The simulated users fill the pages' real forms: whatever a form holds (hidden
fields, the selected options, the formsets' management fields) is sent as a
browser sends it, and only the fields a person would touch are set. Setting a
field or pressing a button the form does not have is an error, so a form that
changes shape fails the run instead of being sent wrong.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Control:
    kind: str  # text, hidden, checkbox, radio, select, textarea, submit…
    name: str
    value: str
    on: bool = True  # checked (checkbox, radio); a select's chosen options are its values
    options: list = field(default_factory=list)  # a select's (value, selected)
    multiple: bool = False


@dataclass
class Form:
    action: str
    method: str
    attrs: dict
    controls: list = field(default_factory=list)

    def names(self):
        return {c.name for c in self.controls}

    def button(self, name, value):
        return any(c.kind == "submit" and c.name == name and c.value == value
                   for c in self.controls)

    def fill(self, values=None, press=None):
        """The (name, value) pairs a browser sends with ``values`` set (a name
        to a string, or a list for checkboxes and multiple selects) and the
        button ``press`` = (name, value) pressed."""
        values = dict(values or {})
        unknown = set(values) - self.names()
        if unknown:
            raise ValueError(f"the form {self.action!r} has no field {sorted(unknown)}")
        if press is not None and not self.button(*press):
            raise ValueError(f"the form {self.action!r} has no button {press!r}")
        pairs = []
        for name, value in values.items():
            chosen = value if isinstance(value, list) else [value]
            choices = self._choices(name)
            if choices is not None and not set(chosen) <= choices:
                raise ValueError(f"{name!r} offers {sorted(choices)}, not {chosen}")
            pairs.extend((name, v) for v in chosen)
        for control in self.controls:
            if control.name in values or not control.name:
                continue
            if control.kind == "submit":
                continue
            if control.kind in ("checkbox", "radio"):
                if control.on:
                    pairs.append((control.name, control.value))
            elif control.kind == "select":
                chosen = [v for v, selected in control.options if selected]
                if not chosen and control.options and not control.multiple:
                    chosen = [control.options[0][0]]
                pairs.extend((control.name, v) for v in chosen)
            elif control.kind not in ("file", "button", "reset", "image"):
                pairs.append((control.name, control.value))
        if press is not None:
            pairs.append(press)
        return pairs

    def _choices(self, name):
        """The values a checkbox group, radio group or select offers; None for free text."""
        found = [c for c in self.controls if c.name == name]
        if found and all(c.kind in ("checkbox", "radio") for c in found):
            return {c.value for c in found}
        if len(found) == 1 and found[0].kind == "select":
            return {v for v, _selected in found[0].options}
        return None


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.form = None
        self.in_template = 0
        self.textarea = None
        self.select = None
        self.option = None

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "template":
            self.in_template += 1  # inert: a browser sends none of its fields
            return
        if self.in_template:
            return
        if tag == "form":
            self.form = Form(attrs.get("action", ""), attrs.get("method", "get").lower(), attrs)
            self.forms.append(self.form)
            return
        if self.form is None:
            return
        name = attrs.get("name", "")
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            default = "on" if kind in ("checkbox", "radio") else ""
            if "disabled" in attrs:
                return
            self.form.controls.append(Control(kind, name, attrs.get("value", default),
                                              on="checked" in attrs))
        elif tag == "button":
            kind = attrs.get("type", "submit").lower()
            self.form.controls.append(Control(kind, name, attrs.get("value", "")))
        elif tag == "textarea":
            self.textarea = Control("textarea", name, "")
            if "disabled" not in attrs:
                self.form.controls.append(self.textarea)
        elif tag == "select":
            self.select = Control("select", name, "", multiple="multiple" in attrs)
            if "disabled" not in attrs:
                self.form.controls.append(self.select)
        elif tag == "option" and self.select is not None:
            self.option = [attrs.get("value"), "selected" in attrs, ""]
            self.select.options.append(self.option)

    def handle_endtag(self, tag):
        if tag == "template":
            self.in_template = max(0, self.in_template - 1)
        elif tag == "form":
            self.form = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            if self.select is not None:
                self.select.options = [
                    (value if value is not None else text.strip(), selected)
                    for value, selected, text in self.select.options]
            self.select = None
        elif tag == "option":
            self.option = None

    def handle_data(self, data):
        if self.textarea is not None:
            # A browser drops the one newline that follows <textarea>.
            self.textarea.value += data.removeprefix("\n") if not self.textarea.value else data
        elif self.option is not None:
            self.option[2] += data


def forms_in(html):
    """Every form of the page, in order."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.forms


def form_in(html, *, action=None, id=None):  # noqa: A002  (the HTML attribute)
    """The page's form with that action (or id); LookupError when there is none."""
    for form in forms_in(html):
        if (action is None or form.action == action) and (id is None or form.attrs.get("id") == id):
            return form
    raise LookupError(f"no form with action={action!r} id={id!r} on the page")
