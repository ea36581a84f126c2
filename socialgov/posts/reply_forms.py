"""The editor's "This is a reply to a customer" section: the customer's message,
where and when it arrived, the deadline that follows, and the brand's saved
replies with one field per placeholder. ``PostForm`` owns one ``ReplyFields``
and validates it with the rest of the post.

The post answers a customer when the customer's message is given; the other
fields then say where it was written and, if the author filled one in, which
saved reply with which values.
"""

from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from socialgov.brands.models import LANGUAGE_CHOICES, SavedReply
from socialgov.brands.saved_replies import VALUE_LIMIT, value_problem
from socialgov.lib.forms import Form
from socialgov.posts import replies
from socialgov.posts.models import Network

MESSAGE_LIMIT = 10000
LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)
# A clock a little ahead of the server's is not "the future".
CLOCK_SLACK = timedelta(minutes=5)


class ReplyForm(Form):
    reply_message = forms.CharField(
        label=_("Customer's message"), required=False, strip=False, max_length=MESSAGE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Paste what the customer wrote: the check reads your reply against it."),
    )
    reply_network = forms.ChoiceField(
        label=_("Network of the message"), required=False, choices=[("", "—"), *Network.choices],
    )
    reply_link = forms.URLField(
        label=_("Link to the message"), required=False, max_length=500, assume_scheme="https",
    )
    reply_received_at = forms.DateTimeField(
        label=_("Received at"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        help_text=_("On the brand's clock. Empty: now."),
    )
    saved_reply = forms.ChoiceField(
        label=_("Saved reply"), required=False,
        help_text=_("One of the brand's approved answers: fill in its values, then “Use this "
                    "reply” puts it in the text."),
    )

    def visible_fields(self):
        # The saved reply is chosen below the deadline, with its values.
        return [field for field in super().visible_fields() if field.name != "saved_reply"]


@dataclass
class Value:
    """One placeholder of a saved reply, as its input shows it."""

    placeholder: str
    name: str
    id: str
    value: str
    error: str = ""

    limit: int = VALUE_LIMIT

    @property
    def label(self):
        return "{" + self.placeholder + "}"


@dataclass
class Choice:
    """A saved reply the author may fill in, with its inputs."""

    saved: SavedReply
    values: list

    @property
    def pk(self):
        return self.saved.pk


def _value_name(saved_pk, placeholder):
    return f"reply_value-{saved_pk}-{placeholder}"


class ReplyFields:
    """The reply section of one editor form."""

    def __init__(self, post_form, brands):
        self.post_form = post_form
        self.brands = brands
        data = post_form.data if post_form.is_bound else None
        # A form sent without the section (a script, an older page) leaves the
        # post's reply as it is.
        self.absent = data is not None and "reply_message" not in data
        initial = post_form.initial.get("reply") or {}
        if self.absent:
            data = None
        self.form = ReplyForm(data, initial=initial)
        self.saved = list(SavedReply.objects.filter(brand__in=brands)
                          .select_related("brand").order_by("brand__name", "name", "pk"))
        by_brand = {}
        for saved in self.saved:
            by_brand.setdefault(saved.brand.name, []).append((str(saved.pk), saved.name))
        if len(by_brand) > 1:
            choices = list(by_brand.items())
        else:
            choices = next(iter(by_brand.values()), [])
        self.form.fields["saved_reply"].choices = [("", _("No saved reply")), *choices]
        self.value_errors = {}
        self.details = None
        self.message = ""

    # -- what the page shows ----------------------------------------------------------

    @property
    def choices(self):
        """Each saved reply with an input per placeholder, filled as the form stands."""
        data = self.post_form.data if self.post_form.is_bound else {}
        initial = self.post_form.initial.get("reply") or {}
        chosen = initial.get("saved_reply")
        out = []
        for saved in self.saved:
            given = initial.get("values", {}) if str(saved.pk) == chosen else {}
            values = []
            for placeholder in saved.placeholders:
                name = _value_name(saved.pk, placeholder)
                value = data.get(name, "") if data else given.get(placeholder, "")
                values.append(Value(placeholder, name, f"id_{name}", value,
                                    self.value_errors.get(name, "")))
            out.append(Choice(saved, values))
        return out

    @property
    def is_open(self):
        """Show the section open: the post answers a customer, or something in it is wrong."""
        form = self.form
        if form.is_bound:
            return bool(form.data.get("reply_message", "").strip() or form.errors
                        or self.value_errors)
        return bool(form.initial.get("reply_message"))

    def _brand(self):
        post = self.post_form.post
        if post is not None:
            return post.brand
        cleaned = getattr(self.post_form, "cleaned_data", None) or {}
        brand = cleaned.get("brand") or self.post_form.fields["brand"].initial
        return brand or self.brands.first()

    @cached_property
    def deadline(self):
        """By when the reply is due, as the section stands: the stored deadline
        while the received time is unchanged, else the brand's targets from it."""
        brand = self._brand()
        if brand is None:
            return None
        received = self._received_at(brand)
        post = self.post_form.post
        reply = post.reply if post is not None else None
        if reply is not None and (received is None or replies.same_minute(
                received, reply.received_at)):
            return reply.respond_by
        return replies.deadline_for(brand, received)

    @property
    def time_zone(self):
        brand = self._brand()
        return brand.time_zone if brand is not None else ""

    @property
    def overdue(self):
        return self.deadline is not None and self.deadline <= timezone.now()

    # -- validation ---------------------------------------------------------------------

    def _received_at(self, brand):
        form = self.form
        if not form.is_bound:
            return None
        if not hasattr(form, "cleaned_data"):
            form.is_valid()
        received = form.cleaned_data.get("reply_received_at")
        if received is None:
            return None
        # The browser sends a wall-clock time; it means the brand's clock.
        naive = timezone.make_naive(received) if timezone.is_aware(received) else received
        return timezone.make_aware(naive.replace(second=0), brand.tz)

    def is_valid(self, post_data):
        """Validate against the post's own cleaned fields (``post_data``: what of
        them is valid) and attach errors to the fields at fault. Sets
        ``message`` (the version's ``replying_to``) and ``details`` (None: the
        post answers nobody; ``replies.UNCHANGED``: the section was not sent)."""
        form = self.form
        if self.absent:
            post = self.post_form.post
            self.message = post.current_version.replying_to if post is not None else ""
            self.details = replies.UNCHANGED if post is not None else None
            return True
        if not form.is_valid():
            self.message = (form.cleaned_data.get("reply_message") or "").replace("\r\n", "\n")
            return False
        cleaned = form.cleaned_data
        message = cleaned["reply_message"].replace("\r\n", "\n").strip()
        self.message = message
        if not message:
            if any(cleaned[name] for name in ("reply_network", "reply_link", "reply_received_at",
                                              "saved_reply")):
                form.add_error("reply_message", gettext(
                    "Paste the customer's message, or empty the other fields of this section."))
                return False
            return True
        brand = post_data.get("brand")
        if not cleaned["reply_network"]:
            form.add_error("reply_network", gettext("Choose the network the customer wrote on."))
        received = self._received_at(brand) if brand is not None else None
        if received is not None and received > timezone.now() + CLOCK_SLACK:
            form.add_error("reply_received_at", gettext(
                "The message cannot have arrived in the future: give the time it arrived."))
        saved, values = self._saved_reply(cleaned["saved_reply"], brand,
                                          post_data.get("language"))
        if form.errors or self.value_errors or brand is None:
            return False
        self.details = replies.ReplyDetails(
            network=cleaned["reply_network"], link=cleaned["reply_link"], received_at=received,
            saved_reply=saved, values=values)
        return True

    def _saved_reply(self, chosen, brand, language):
        """The saved reply chosen and its values, errors attached; (None, {}) if none."""
        if not chosen:
            return None, {}
        saved = next((s for s in self.saved if str(s.pk) == chosen
                      and brand is not None and s.brand_id == brand.pk), None)
        if saved is None:
            self.form.add_error("saved_reply", gettext("Choose one of this brand's saved "
                                                       "replies."))
            return None, {}
        if language and saved.language != language:
            self.form.add_error("saved_reply", gettext(
                "“%(name)s” is written in another language (%(language)s): write the post in "
                "it, or choose another saved reply.") % {
                    "name": saved.name, "language": LANGUAGE_NAMES[saved.language]})
        values = {}
        for placeholder in saved.placeholders:
            name = _value_name(saved.pk, placeholder)
            value = " ".join(self.post_form.data.get(name, "").split())
            problem = value_problem(value)
            if problem:
                self.value_errors[name] = problem
            values[placeholder] = value
        return saved, values


def initial_of(post):
    """The section's initial values for ``post``."""
    version = post.current_version
    reply = post.reply
    if reply is None:
        return {"reply_message": version.replying_to}
    return {
        "reply_message": version.replying_to,
        "reply_network": reply.network,
        "reply_link": reply.link,
        "reply_received_at": reply.received_at.astimezone(post.brand.tz).replace(tzinfo=None),
        "saved_reply": str(reply.saved_reply_id) if reply.saved_reply_id else "",
        "values": reply.saved_reply_values,
    }
