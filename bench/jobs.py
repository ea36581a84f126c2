"""Jobs for bench/queue.py; imported by the RQ worker it starts."""


def noop():
    """The cheapest job there is: what RQ alone costs per job."""
    return None
