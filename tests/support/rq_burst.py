"""Running the jobs of an RQ queue in the test process, as a worker would."""

from rq import SimpleWorker


class _BurstWorker(SimpleWorker):
    """A worker without the command channel, which a test process sends nothing on. RQ
    stops that channel's thread at the end of the burst without a time limit, and the
    thread may then be waiting for a message for up to 60 s (RQ's sleep_time) when the
    reply to the unsubscribe was read before the stop: on a busy machine, tests took a
    minute each."""

    def subscribe(self):
        pass  # no pubsub thread: RQ's unsubscribe then has nothing to stop


def run_burst(queue) -> None:
    """Run every job waiting in ``queue`` (RQ's own worker loop), then return."""
    _BurstWorker([queue], connection=queue.connection).work(burst=True)
