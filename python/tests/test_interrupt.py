"""Ctrl-C stops a long run without killing the interpreter; the GIL is released meanwhile."""

import os
import signal
import subprocess
import sys
import textwrap
import threading

import cordon

CHILD = textwrap.dedent(
    """
    import sys, cordon
    started = []
    def progress(done, total):
        if not started:
            started.append(done)
            print("started", flush=True)
    try:
        cordon.{call}
    except KeyboardInterrupt:
        print("interrupted", flush=True)
    # The interpreter is alive and Cordon still works.
    print(len(cordon.simulate(cordon.load(), mean_field=True).trajectory) > 0, flush=True)
    """
)


def run_child(call: str) -> list:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(call=call)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "started"
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=300)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0, err
    return out.split()


def test_sigint_stops_compare():
    assert run_child("compare(cordon.load(), reps=1_000_000, progress=progress)") == ["interrupted", "True"]


def test_sigint_stops_sensitivity():
    call = 'sensitivity(cordon.load(), "sobol", 4096, "fighters_total", reps=100, progress=progress)'
    assert run_child(call) == ["interrupted", "True"]


def test_gil_is_released_during_a_run():
    ticks = []
    stop = threading.Event()

    def count():
        while not stop.is_set():
            ticks.append(1)
            stop.wait(0.001)

    before = len(ticks)
    t = threading.Thread(target=count)
    t.start()
    try:
        cordon.compare(cordon.load(), reps=30, progress=False)
    finally:
        stop.set()
        t.join()
    assert len(ticks) > before + 1
    assert os.getpid() > 0


def test_an_interrupted_results_directory_resumes(tmp_path):
    import pandas as pd
    import pytest

    from conftest import FIXTURES

    s = cordon.load(str(FIXTURES / "insurgency.toml"))
    seen = []

    def stop(done, total):
        seen.append((done, total))
        if done > 0:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        cordon.compare(s, reps=3000, seed=3, out=tmp_path, progress=stop)
    assert 0 < seen[-1][0] < seen[-1][1]
    resumed = cordon.compare(s, reps=3000, seed=3, out=tmp_path, resume=True, progress=False)
    whole = cordon.compare(s, reps=3000, seed=3, progress=False)
    pd.testing.assert_frame_equal(resumed.summary, whole.summary, check_exact=True)


def test_sigint_stops_explore():
    call = "explore(cordon.load(), worlds=100_000, reps=10, progress=progress)"
    assert run_child(call) == ["interrupted", "True"]


def test_an_interrupted_exploration_resumes(tmp_path):
    import pandas as pd
    import pytest

    from conftest import FIXTURES

    s = cordon.load(str(FIXTURES / "insurgency.toml"))
    seen = []

    def stop(done, total):
        seen.append((done, total))
        if done > 0:
            raise KeyboardInterrupt

    # 18,000 campaigns: far more than run in the first progress report's 0.1 s, so the
    # interruption falls mid-way on any machine (60 worlds finished within it on an idle one).
    with pytest.raises(KeyboardInterrupt):
        cordon.explore(s, worlds=600, reps=10, seed=3, out=tmp_path, progress=stop)
    assert 0 < seen[-1][0] < seen[-1][1]
    resumed = cordon.explore(s, worlds=600, reps=10, seed=3, out=tmp_path, resume=True, progress=False)
    whole = cordon.explore(s, worlds=600, reps=10, seed=3, progress=False)
    for name in ("results", "robustness", "discovery", "boxes"):
        pd.testing.assert_frame_equal(getattr(resumed, name), getattr(whole, name), check_exact=True, obj=name)
