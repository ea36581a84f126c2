"""Small model helpers shared by the apps."""

from socialgov.lib.errors import ImmutableError


class KeptAsWritten:
    """A row saved once and then only read (a version, its texts, an audit event):
    saving it again or deleting it raises ImmutableError. Put it before
    models.Model in the bases."""

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError(f"{self._meta.verbose_name} {self.pk} never changes once written")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError(f"{self._meta.verbose_name} {self.pk} is kept forever")
