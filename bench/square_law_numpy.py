#!/usr/bin/env python3
"""The peer of the side-by-side kernel: Engel's Iwo Jima square-law battle as a vectorised NumPy
tau-leaping ensemble (replications as the array dimension), the model Cordon steps for
bench/iwo-jima-1000.toml in stochastic mode:

- rates per day: US kill Japanese at lambda_A * A, Japanese kill US at lambda_J * J * min(A, 1);
- a leap draws Poisson counts at those rates, each capped by the targets left (aimed fire);
- a leap in which both sides would lose more than 5% of themselves is split into up to 20 equal
  substeps, rates recomputed at each (Cordon's MAX_LEAP_FRACTION and MAX_SUBSTEPS);
- when one leap would wipe out both sides, the last two shots are a race won in proportion to
  fire (Cordon's rule against mutual annihilation).

Usage: square_law_numpy.py [REPS] [STEPS] [SEED] [--early-stop]; prints the time of the kernel
and the mean outcomes (US losses, Japanese survivors, day the garrison falls) to compare with
Cordon's. With --early-stop the loop ends at the first step after which no replication has a
battle left (both sides present): the remaining steps would draw nothing and change nothing
(every rate is 0), so the outcomes are the same to the bit, only the empty steps are skipped.
"""

import sys
import time

import numpy as np

LAMBDA_A = 0.0106  # Japanese killed per US soldier-day (Engel 1954)
LAMBDA_J = 0.0544  # US killed per Japanese fighter-day
A0, J0 = 54000.0, 21500.0
DT = 1.0
MAX_LEAP_FRACTION = 0.05
MAX_SUBSTEPS = 20


def share(rate, n, dt):
    """Share of a population of n that a leap at `rate` removes (all of it, at most)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.minimum(rate * dt, n) / n
    return np.where(n >= 1.0, s, 0.0)


def run(reps, steps, seed, early_stop=False):
    rng = np.random.default_rng(seed)
    a = np.full(reps, A0)  # US engaged
    j = np.full(reps, J0)  # Japanese fighters
    losses = np.zeros(reps)
    fell = np.full(reps, np.nan)  # day the garrison is wiped out
    for step in range(steps):
        kill_rate = np.where((a > 0) & (j > 0), LAMBDA_A * a, 0.0)
        loss_rate = np.where((a > 0) & (j > 0), LAMBDA_J * j * np.minimum(a, 1.0), 0.0)
        own = share(kill_rate, np.round(j), DT)
        opp = share(loss_rate, np.floor(a), DT)
        worst = np.where(np.minimum(own, opp) > MAX_LEAP_FRACTION, np.maximum(own, opp), 0.0)
        m = np.where(
            worst > MAX_LEAP_FRACTION,
            np.minimum(np.ceil(worst / MAX_LEAP_FRACTION), MAX_SUBSTEPS),
            1,
        ).astype(np.int64)
        h = DT / m
        for i in range(int(m.max())):
            live = i < m
            if i > 0:
                kill_rate = np.where((a > 0) & (j > 0), LAMBDA_A * a, 0.0)
                loss_rate = np.where((a > 0) & (j > 0), LAMBDA_J * j * np.minimum(a, 1.0), 0.0)
            y = np.round(j)
            n = np.floor(a)
            kills = np.minimum(rng.poisson(np.where(live, kill_rate * h, 0.0)), y)
            lost = np.minimum(rng.poisson(np.where(live, loss_rate * h, 0.0)), n)
            both = (y >= 1) & (y - kills < 0.5) & (n >= 1) & (lost >= n) & live
            if both.any():
                total = kill_rate + loss_rate
                coalition_first = rng.random(reps) * total < kill_rate
                lost = np.where(both & coalition_first, lost - 1, lost)
                kills = np.where(both & ~coalition_first & (kills >= 1), kills - 1, kills)
            j = j - kills
            a = a - lost
            losses += lost
        newly = np.isnan(fell) & (j < 0.5)
        fell[newly] = (step + 1) * DT
        if early_stop and not ((a >= 1) & (j >= 0.5)).any():
            break
    return losses, j, fell


def main():
    early_stop = "--early-stop" in sys.argv
    args = [x for x in sys.argv[1:] if x != "--early-stop"]
    reps = int(args[0]) if len(args) > 0 else 10_000
    steps = int(args[1]) if len(args) > 1 else 1_000
    seed = int(args[2]) if len(args) > 2 else 1
    t0, c0 = time.perf_counter(), time.process_time()
    losses, j, fell = run(reps, steps, seed, early_stop)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"numpy {np.__version__}: {reps} replications x {steps} steps"
          f"{' (early stop)' if early_stop else ''}")
    print(f"kernel_wall_s {wall:.3f}")
    print(f"kernel_cpu_s {cpu:.3f}")
    print(f"mean_coalition_losses {losses.mean():.1f}")
    print(f"mean_fighters_total {j.mean():.3f}")
    print(f"mean_defeat_day {np.nanmean(fell):.2f}")


if __name__ == "__main__":
    main()
