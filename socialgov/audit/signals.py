"""What the other apps hear when an event is recorded.

``recorded`` is sent inside the transaction that made the change, so a
receiver's own writes commit or roll back with it (the approval path takes a
deactivated member off every step at once). ``committed`` is sent once that
transaction has committed: e-mails and other messages to the outside world
listen there, so nobody is told of a change that did not happen.

Both send ``event``, the AuditEvent just written.
"""

from django.dispatch import Signal

recorded = Signal()
committed = Signal()
