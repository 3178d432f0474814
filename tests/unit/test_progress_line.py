"""The progress line of a long run, driven by a fake clock and counter: quiet when short, a line rewritten in
place on a terminal, a line every N seconds or N resources in a CI log, and never in the way of a message."""

from __future__ import annotations

import io

from retail_ai_components.preview.progress import ProgressLine


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def line(*, tty: bool) -> tuple[ProgressLine, io.StringIO, Clock, list[int]]:
    stream, clock, count = io.StringIO(), Clock(), [0]
    progress = ProgressLine(
        stream, tty=tty, clock=clock, quiet_seconds=3, every_seconds=10, every_resources=1000
    )
    progress.start(lambda: count[0], ticking=False)
    return progress, stream, clock, count


def at(progress: ProgressLine, clock: Clock, count: list[int], seconds: float, resources: int) -> None:
    clock.now = 100.0 + seconds
    count[0] = resources
    progress.tick()


def test_a_short_run_prints_nothing():
    progress, stream, clock, count = line(tty=False)
    at(progress, clock, count, 1.0, 40)
    at(progress, clock, count, 2.9, 80)
    progress.stop()
    assert stream.getvalue() == ""


def test_a_ci_log_gets_a_line_every_ten_seconds_or_thousand_resources():
    progress, stream, clock, count = line(tty=False)
    at(progress, clock, count, 3.0, 950)  # the first line once the run is no longer short
    at(progress, clock, count, 3.5, 990)  # neither 10 s nor a new thousand: nothing
    at(progress, clock, count, 4.0, 1020)  # passed 1,000
    at(progress, clock, count, 9.0, 1500)
    at(progress, clock, count, 14.0, 1600)  # 10 s after the last line
    at(progress, clock, count, 19.0, 6000)  # passed several thousands at once: one line
    progress.stop()
    assert stream.getvalue().splitlines() == [
        "Running the program: 950 resources registered (3 s)",
        "Running the program: 1,020 resources registered (4 s)",
        "Running the program: 1,600 resources registered (14 s)",
        "Running the program: 6,000 resources registered (19 s)",
    ]
    assert "\r" not in stream.getvalue() and "\x1b" not in stream.getvalue()


def test_a_terminal_gets_one_line_rewritten_in_place_and_cleared_at_the_end():
    progress, stream, clock, count = line(tty=True)
    at(progress, clock, count, 3.0, 1)
    at(progress, clock, count, 3.1, 1)  # the same text is not drawn twice
    progress.stage("Judging the stack with the policy packs")
    at(progress, clock, count, 4.0, 12)
    progress.stop()
    assert stream.getvalue() == (
        "\rRunning the program: 1 resource registered (3 s)\x1b[K"
        "\rJudging the stack with the policy packs: 12 resources registered (4 s)\x1b[K"
        "\r\x1b[K"
    )
    assert "\n" not in stream.getvalue()


def test_a_message_never_lands_in_the_middle_of_the_line():
    progress, stream, clock, count = line(tty=True)
    at(progress, clock, count, 5.0, 300)
    with progress.paused():
        stream.write("Registered 300 resources\n")
    at(progress, clock, count, 5.5, 300)  # drawn again after the message
    assert stream.getvalue().split("\r")[1:] == [
        "Running the program: 300 resources registered (5 s)\x1b[K",
        "\x1b[KRegistered 300 resources\n",
        "Running the program: 300 resources registered (6 s)\x1b[K",
    ]


def test_a_closed_stream_does_not_end_the_run():
    progress, stream, clock, count = line(tty=False)
    stream.close()
    at(progress, clock, count, 30.0, 5000)
    progress.stop()
